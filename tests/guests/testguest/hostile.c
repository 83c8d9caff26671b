/* Helpers of the isolation-break scenarios (hostile.h). */
#include "hostile.h"

static struct trap_info table[TRAP_TABLE_SIZE];

unsigned long hx_frame(void)
{
    unsigned long pfn = frame_alloc();
    if (pfn == RW_INVALID_PFN)
        result_fail("frames", "no free frame left");
    return pfn;
}

long hx_fill(unsigned long pfn, const uint64_t *src)
{
    long rc;
    volatile uint64_t *p = window_map(TG_SLOT_ATTACK, pfn, 1, &rc);
    if (!p)
        return rc;
    for (int i = 0; i < 512; i++)
        p[i] = src ? src[i] : 0;
    return window_unmap(TG_SLOT_ATTACK);
}

long hx_read(unsigned long pfn, uint64_t *dst)
{
    long rc;
    const volatile uint64_t *p = window_map(TG_SLOT_ATTACK, pfn, 0, &rc);
    if (!p)
        return rc;
    for (int i = 0; i < 512; i++)
        dst[i] = p[i];
    return window_unmap(TG_SLOT_ATTACK);
}

void hx_l4_image(uint64_t *dst)
{
    const volatile uint64_t *l4 = (const volatile uint64_t *)rw_start_info->pt_base;
    for (int i = 0; i < 512; i++)
        dst[i] = l4[i];
}

struct mmuext_op hx_op(unsigned int cmd, uint64_t arg1, uint64_t arg2)
{
    struct mmuext_op op;
    memset(&op, 0, sizeof op);
    op.cmd = cmd;
    op.arg1.mfn = arg1;
    op.arg2.src_mfn = arg2;
    return op;
}

long hx_op1(unsigned int cmd, uint64_t arg1, uint64_t arg2)
{
    struct mmuext_op op = hx_op(cmd, arg1, arg2);
    return hx_ops(&op, 1, 0);
}

long hx_ops(const struct mmuext_op *ops, unsigned int n, rw_u32 *done)
{
    return HYPERVISOR_mmuext_op(ops, n, done, DOMID_SELF);
}

void hx_mc_ext(struct multicall_entry *e, const struct mmuext_op *ops, unsigned int n)
{
    memset(e, 0, sizeof *e);
    e->op = __HYPERVISOR_mmuext_op;
    e->result = 0x5E57000000000000UL;
    e->args[0] = (uint64_t)ops;
    e->args[1] = n;
    e->args[2] = 0;
    e->args[3] = DOMID_SELF;
}

int hx_handlers(void)
{
    long err = 0;
    if (!shared_info_map(&err)) {
        result_fail("shared_info_map", "%s", rc_name(err));
        return 0;
    }
    trap_table_clear(table);
    trap_on(TRAP_PF, tg_trap_log);
    trap_on(TRAP_GP, tg_trap_log);
    trap_set(table, TRAP_PF, 0, 0);
    trap_set(table, TRAP_GP, 0, 0);
    long rc = hx_load_traps();
    if (rc) {
        result_fail("set_trap_table", "%s", rc_name(rc));
        return 0;
    }
    return 1;
}

long hx_load_traps(void)
{
    return trap_table_load(table);
}

/* (tg_ntraps = 0 instead of tg_traps_reset: a scan probes every frame of the machine.) */
int hx_probe(uint64_t va, uint64_t *value)
{
    tg_ntraps = 0;
    tg_arm(tg_r1_read_resume);
    uint64_t v = tg_r1_read(va);
    tg_arm(0);
    const struct tg_trap *t = tg_trap_get(0);
    if (t)
        return (int)t->vector;
    *value = v;
    return 0;
}

int hx_own(unsigned long mfn)
{
    unsigned long pfn = m2p_read(mfn);
    return pfn < nr_pages() && pfn_to_mfn(pfn) == mfn;
}

int hx_poke(uint64_t va)
{
    tg_ntraps = 0;
    tg_arm(tg_r1_write_resume);
    tg_r1_write(va);
    tg_arm(0);
    const struct tg_trap *t = tg_trap_get(0);
    return t ? (int)t->vector : 0;
}

unsigned long hx_machine_frames(void)
{
    static unsigned long frames;
    if (frames)
        return frames;
    /* The M2P is mapped page by page: find the first page that faults. */
    unsigned long pages = 0;
    uint64_t v = 0;
    while (pages < 512 && hx_probe(RW_M2P_BASE + pages * 4096, &v) == 0)
        pages++;
    frames = pages * 512;
    return frames;
}

int hx_foreign_frames(unsigned long first, unsigned long n, unsigned long *out, int max)
{
    int found = 0;
    unsigned long frames = hx_machine_frames();
    for (unsigned long mfn = 0; mfn < frames && found < max; mfn++) {
        unsigned long pfn = m2p_read(mfn);
        if (pfn >= first && pfn < first + n && !hx_own(mfn))
            out[found++] = mfn;
    }
    return found;
}

void hx_settle(unsigned long ms)
{
    uint64_t end = system_time_ns() + ms * 1000000UL;
    while (system_time_ns() < end)
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
}

void hx_superpage_l2(uint64_t *dst, uint64_t first)
{
    for (int i = 0; i < 512; i++)
        dst[i] = (first + ((uint64_t)i << 21)) | PTE_P | PTE_RW | PTE_A | PTE_D | PTE_PS;
}

int hx_forged_walk(const char *check, uint64_t va_base, uint64_t coverage, int write)
{
    unsigned long frames = hx_machine_frames();
    if (frames > coverage / 4096)
        frames = coverage / 4096;
    unsigned long first = 256;   /* above the first MiB */
    while (first < frames && hx_own(first))
        first++;
    if (first >= frames) {
        result_fail(check, "precondition: no foreign frame below %lx", frames);
        return 0;
    }
    uint64_t value = 0;
    int vector = hx_probe(va_base + first * 4096, &value);
    if (vector) {
        const struct tg_trap *t = tg_trap_get(0);
        printf("testguest: %s: reading machine frame %lx through the forged walk raised vector %d (error %lx, "
               "rip %lx)\n", check, first, vector, t ? (unsigned long)t->error : 0UL, t ? (unsigned long)t->rip : 0UL);
        result_ok(check);
        return 1;
    }
    /* Every access is a probe: on a machine where the forged walk lasts only until the
     * root is recopied (another vCPU of this domain ran), a scan may lose it midway. */
    unsigned long readable = 0, marked = 0, written = 0, lost = 0;
    for (unsigned long mfn = 0; mfn < frames; mfn++) {
        if (hx_own(mfn))
            continue;
        uint64_t va = va_base + mfn * 4096, lo = 0, hi = 0;
        if (hx_probe(va, &lo) || hx_probe(va + 8, &hi)) {
            lost = mfn;
            break;
        }
        readable++;
        if (lo == HX_MARKER_LO && hi == HX_MARKER_HI) {
            marked++;
            if (write && hx_poke(va + 24) == 0)
                written++;
        }
    }
    if (lost)
        printf("testguest: %s: the forged walk faulted again at machine frame %lx\n", check, lost);
    result_fail(check, "read machine frame %lx (not this domain's) through the forged walk: %lx; %lu foreign frames "
                "readable, %lu hold the sentinel marker, %lu overwritten", first, (unsigned long)value, readable,
                marked, written);
    return 0;
}

int hx_step(const char *what, long rc)
{
    if (rc == 0)
        return 1;
    result_fail("setup", "%s: %s", what, rc_name(rc));
    return 0;
}
