/*
 * bench: the guest half of `make bench`. Measures, under QEMU's
 * -icount shift=0,sleep=off (RDTSC counts executed instructions):
 *   hypercall.null_round_trip: one HYPERVISOR_xen_version(XENVER_version) through
 *   the hypercall page (guest -> VMM -> guest), minus the same loop calling an empty
 *   function through a register the same way, averaged over ROUNDS calls.
 * Prints BENCH lines (tools/Bench reads them behind the "[name] " prefix).
 */
#include <rwlib/rwlib.h>

#define ROUNDS 1000

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* The same call shape as rw_hypercall2, to an empty function. */
__attribute__((noinline)) static long empty_stub(void) { return 0; }

static inline long call_empty(unsigned long a1, unsigned long a2)
{
    unsigned long target = (unsigned long)&empty_stub;
    register unsigned long rdi __asm__("rdi") = a1;
    register unsigned long rsi __asm__("rsi") = a2;
    long ret;
    __asm__ volatile("call *%[t]"
                     : "=a"(ret), "+r"(rdi), "+r"(rsi)
                     : [t] "r"(target)
                     : "rcx", "r11", "rdx", "r10", "r8", "memory", "cc");
    return ret;
}

int guest_main(struct start_info *si)
{
    (void)si;
    long sink = HYPERVISOR_xen_version(XENVER_version, 0);   /* warm up */

    uint64_t t0 = rdtsc();
    for (int i = 0; i < ROUNDS; i++)
        sink += HYPERVISOR_xen_version(XENVER_version, 0);
    uint64_t t1 = rdtsc();
    for (int i = 0; i < ROUNDS; i++)
        sink += call_empty(XENVER_version, 0);
    uint64_t t2 = rdtsc();

    if (sink != (long)(ROUNDS + 1) * ((1L << 16) | 0)) {
        printf("bench: xen_version answered %ld in total, expected %ld\n", sink, (long)(ROUNDS + 1) * (1L << 16));
        return 1;
    }
    unsigned long hypercalls = (unsigned long)(t1 - t0), baseline = (unsigned long)(t2 - t1);
    printf("BENCH hypercall.null_round_trip value=%lu unit=instructions baseline=%lu baseline_of=\"the same loop calling an empty function\"\n",
           (hypercalls - baseline) / ROUNDS, baseline / ROUNDS);
    return 0;
}
