/*
 * fpu: security scenario A31 (state leaking between domains through FPU/SSE
 * registers or MXCSR, or an unmasked MXCSR faulting inside the VMM).
 *   role=writer: unmask every SSE exception in MXCSR, fill xmm0-xmm15 with a
 *     pattern, then make hypercalls and yield many times (the VMM's C# runs with the
 *     VMM's MXCSR, never the guest's); finally check its own state survived.
 *   role=reader: yield many times, then check that its MXCSR is still the start-of-day
 *     0x1F80 and its xmm registers still zero: nothing of the writer's state leaked in.
 * Prints "fpu: <role> ok" or "fpu: <role> FAIL ..." and exits 0 or 1.
 */
#include <rwlib/rwlib.h>

#define PATTERN 0x5A5A5A5AA5A5A5A5UL

static uint32_t read_mxcsr(void)
{
    uint32_t v;
    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}

/* Fills (or, with value 0, reads and ORs together) all 16 xmm registers. */
static void fill_xmm(uint64_t value)
{
    __asm__ volatile(
        "movq %0, %%xmm0\n\t" "movq %0, %%xmm1\n\t" "movq %0, %%xmm2\n\t" "movq %0, %%xmm3\n\t"
        "movq %0, %%xmm4\n\t" "movq %0, %%xmm5\n\t" "movq %0, %%xmm6\n\t" "movq %0, %%xmm7\n\t"
        "movq %0, %%xmm8\n\t" "movq %0, %%xmm9\n\t" "movq %0, %%xmm10\n\t" "movq %0, %%xmm11\n\t"
        "movq %0, %%xmm12\n\t" "movq %0, %%xmm13\n\t" "movq %0, %%xmm14\n\t" "movq %0, %%xmm15\n\t"
        :: "r"(value));   /* no clobbers: guests build with -mgeneral-regs-only, so the
                             compiler never uses the xmm registers itself */
}

static uint64_t xmm_or(void)
{
    uint64_t acc = 0, v;
#define TAKE(n) __asm__ volatile("movq %%xmm" #n ", %0" : "=r"(v)); acc |= v;
    TAKE(0) TAKE(1) TAKE(2) TAKE(3) TAKE(4) TAKE(5) TAKE(6) TAKE(7)
    TAKE(8) TAKE(9) TAKE(10) TAKE(11) TAKE(12) TAKE(13) TAKE(14) TAKE(15)
#undef TAKE
    return acc;
}

static uint64_t xmm_and(void)
{
    uint64_t acc = ~0UL, v;
#define TAKE(n) __asm__ volatile("movq %%xmm" #n ", %0" : "=r"(v)); acc &= v;
    TAKE(0) TAKE(1) TAKE(2) TAKE(3) TAKE(4) TAKE(5) TAKE(6) TAKE(7)
    TAKE(8) TAKE(9) TAKE(10) TAKE(11) TAKE(12) TAKE(13) TAKE(14) TAKE(15)
#undef TAKE
    return acc;
}

int guest_main(struct start_info *si)
{
    char role[16];
    if (cmdline_get(si, "role", role, sizeof role) < 0) memcpy(role, "reader", 7);
    if (strcmp(role, "writer") == 0) {
        uint32_t unmasked = 0x0000;            /* every SSE exception unmasked */
        __asm__ volatile("ldmxcsr %0" :: "m"(unmasked));
        fill_xmm(PATTERN);
        for (int i = 0; i < 200; i++) {
            HYPERVISOR_xen_version(XENVER_version, 0);
            HYPERVISOR_sched_op(SCHEDOP_yield, 0);
        }
        uint32_t mx = read_mxcsr() & 0xFFBF;   /* DAZ (bit 6) may be unsupported */
        uint64_t all = xmm_and();
        uint32_t masked = 0x1F80;
        __asm__ volatile("ldmxcsr %0" :: "m"(masked));
        if (mx != 0 || all != PATTERN) {
            printf("fpu: writer FAIL mxcsr %x xmm-and %lx\n", mx, (unsigned long)all);
            return 1;
        }
        printf("fpu: writer ok\n");
        return 0;
    }
    for (int i = 0; i < 200; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    uint32_t mx = read_mxcsr();
    uint64_t any = xmm_or();
    if (mx != 0x1F80 || any != 0) {
        printf("fpu: reader FAIL mxcsr %x xmm-or %lx (another domain's state?)\n", mx, (unsigned long)any);
        return 1;
    }
    printf("fpu: reader ok\n");
    return 0;
}
