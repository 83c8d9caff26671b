/* multicall: batches of memory operations; anything else is refused per entry. */
#include "report.h"
#include "scenarios.h"

#define SLOT(i) ((unsigned long)window_va(TG_SLOT_MC_FIRST + (i)))
#define SENTINEL 0x5E57000000000000UL

static void uvm_entry(struct multicall_entry *e, unsigned long va, unsigned long pfn)
{
    memset(e, 0, sizeof *e);
    e->op = __HYPERVISOR_update_va_mapping;
    e->result = SENTINEL;
    e->args[0] = va;
    e->args[1] = ((uint64_t)pfn_to_mfn(pfn) << 12) | PTE_KERNEL_RW;
    e->args[2] = UVMF_INVLPG | UVMF_LOCAL;
}

void scenario_multicall(struct start_info *si)
{
    (void)si;
    if (!check_true("frames_precondition", frames_free() >= 2, "only %lu free frames", frames_free()))
        return;
    unsigned long a = frame_alloc(), b = frame_alloc();
    static struct multicall_entry e[4];

    /* Two update_va_mappings: both done, results 0, mappings usable. */
    uvm_entry(&e[0], SLOT(0), a);
    uvm_entry(&e[1], SLOT(1), b);
    long rc = HYPERVISOR_multicall(e, 2);
    check_rc("two_uvm", rc, 0);
    check_true("two_uvm_results", (long)e[0].result == 0 && (long)e[1].result == 0, "results %s %s",
               rc_name((long)e[0].result), rc_name((long)e[1].result));
    volatile uint64_t *pa = (volatile uint64_t *)SLOT(0), *pb = (volatile uint64_t *)SLOT(1);
    pa[0] = 0xAAAA5555AAAA5555UL;
    pb[0] = 0x1234123412341234UL;
    check_true("two_uvm_readback", pa[0] == 0xAAAA5555AAAA5555UL && pb[0] == 0x1234123412341234UL &&
               ((pt_lookup(SLOT(0), 0) & PTE_ADDR_MASK) >> 12) == pfn_to_mfn(a), "mappings not in place");

    /* Second entry is console_io: refused with -EPERM, the batch stops there. */
    static char msg[] = "testguest: this line must not appear\n";
    uvm_entry(&e[0], SLOT(0), virt_to_pfn((void *)SLOT(0)));     /* restore slot 0 */
    memset(&e[1], 0, sizeof e[1]);
    e[1].op = __HYPERVISOR_console_io;
    e[1].result = SENTINEL;
    e[1].args[0] = CONSOLEIO_write;
    e[1].args[1] = sizeof msg - 1;
    e[1].args[2] = (unsigned long)msg;
    uvm_entry(&e[2], SLOT(1), virt_to_pfn((void *)SLOT(1)));     /* would restore slot 1 */
    rc = HYPERVISOR_multicall(e, 3);
    printf("testguest: multicall with a console_io entry returned %s\n", rc_name(rc));
    check_rc("first_entry_done", (long)e[0].result, 0);
    check_rc("console_io_entry_refused", (long)e[1].result, -RW_EPERM);
    check_true("stops_after_refused", e[2].result == SENTINEL &&
               ((pt_lookup(SLOT(1), 0) & PTE_ADDR_MASK) >> 12) == pfn_to_mfn(b),
               "third entry ran (result %s)", rc_name((long)e[2].result));

    /* A nested multicall is refused too. */
    memset(&e[0], 0, sizeof e[0]);
    e[0].op = __HYPERVISOR_multicall;
    e[0].result = SENTINEL;
    e[0].args[0] = (unsigned long)&e[1];
    e[0].args[1] = 1;
    HYPERVISOR_multicall(e, 1);
    check_rc("nested_refused", (long)e[0].result, -RW_EPERM);

    if (tg_unmapped_ok())
        check_rc("array_unmapped", HYPERVISOR_multicall((struct multicall_entry *)TG_UNMAPPED_VA, 1), -RW_EFAULT);
    check_rc("array_noncanonical", HYPERVISOR_multicall((struct multicall_entry *)TG_NONCANONICAL_VA, 1), -RW_EFAULT);

    window_unmap(TG_SLOT_MC_FIRST);
    window_unmap(TG_SLOT_MC_FIRST + 1);
}
