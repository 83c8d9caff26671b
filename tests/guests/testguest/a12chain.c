/* a12chain (A12; issue 9 review of the fix): several domains that the VMM destroys one
 * after the other in one return path.
 *   scenarios=a12chain
 * The domain registers an event callback and enters a loop that marks an event
 * pending and unmasked in its vcpu_info (plain writes: shared memory), points RSP at an
 * unmapped address and spins. At its next switch-in the return path
 * (Guests.PrepareReturnSlow) must deliver the upcall, cannot write its frame, destroys
 * the domain (Lifecycle.Destroy, which runs a teardown piece: DomainReaper.Begin) and
 * picks the next vCPU, all in the same VMM entry; when the next one is in the same
 * state, so on. The callback is the loop itself, so an upcall delivered early (on the
 * good stack) only starts it again. Nothing is reported after the loop starts. */
#include "hostile.h"

volatile uint8_t *a12chain_info;

/* a12chain_spin: vcpu_info.evtchn_upcall_pending = 1, .evtchn_upcall_mask = 0, RSP to
 * an unmapped address, spin. */
__asm__(".text\n"
        ".globl a12chain_spin\n"
        "a12chain_spin:\n"
        "    movq a12chain_info(%rip), %rax\n"
        "    movb $1, 0(%rax)\n"
        "    movb $0, 1(%rax)\n"
        "    movabs $0x10000000, %rsp\n"
        "1:  jmp 1b\n");

void a12chain_spin(void);

void scenario_a12chain(struct start_info *si)
{
    (void)si;
    if (!tg_unmapped_ok()) {
        result_fail("setup", "the unmapped address is mapped");
        return;
    }
    long err = 0;
    if (!shared_info_map(&err)) {
        result_fail("setup", "shared_info_map: %s", rc_name(err));
        return;
    }
    a12chain_info = (volatile uint8_t *)vcpu_info_get(0);
    long rc = HYPERVISOR_set_callbacks((uint64_t)a12chain_spin, 0, 0);
    if (rc) {
        result_fail("setup", "set_callbacks: %s", rc_name(rc));
        return;
    }
    printf("testguest: a12chain: spinning with an upcall due and no stack to take it\n");
    a12chain_spin();
}
