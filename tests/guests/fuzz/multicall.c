/* multicall: batches of memory operations (update_va_mapping, mmu_update and mmuext_op
 * with inner arrays, some longer than the VMM allows, some going bad), non-memory
 * entries and nested multicalls (refused today), arrays running into unmapped memory,
 * counts near 2^32 in the low area, and (unless avoid=mclong) huge counts over the
 * alias region, every entry the same inner mmuext_op of up to 64 INVLPGs (finding 3).
 * A base switch only as the last element of an entry's inner array, where the entry's
 * result says whether it happened; with avoid=basebatch only in the last entry. */
#include "fuzz.h"
#include "addr.h"
#include "call.h"
#include "entries.h"
#include "ext.h"
#include "layout.h"
#include "pool.h"
#include "probe.h"
#include "rng.h"
#include "uvm.h"

#define MAX_ENTRIES 64
#define INNER_MAX 80
#define SENTINEL 0x5E57000000000000ULL

/* Inner arrays live in the fuzzer's own memory: the VMM only reads them. */
static struct mmu_update inner_mmu[MAX_ENTRIES][INNER_MAX];
static struct mmuext_op inner_ext[MAX_ENTRIES][INNER_MAX];
static struct mmuext_op alias_inner[64];
/* Words the VMM may write: inner pdones and nested entries (never an entry array's). */
static rw_u32 inner_done[MAX_ENTRIES];
static struct multicall_entry nested[MAX_ENTRIES][4];

static uint64_t inner_pdone(unsigned i)
{
    return fz_chance(1, 2) ? 0 : fz_chance(1, 4) ? fz_bad_addr() : (uint64_t)&inner_done[i];
}

static uint64_t inner_count(void)
{
    switch (fz_below(10)) {
    case 0: return 64 + fz_range(1, INNER_MAX - 64);     /* above the VMM's limit for inner batches */
    case 1: return fz_wild();
    case 2: return 0;
    default: return fz_range(1, 8);
    }
}

/* Entry e (index i): which kind, and whether it ends with a base switch. */
static void gen_entry(struct multicall_entry *e, unsigned i, int base_here)
{
    memset(e, 0, sizeof *e);
    e->result = SENTINEL;
    unsigned r = base_here ? 60 : (unsigned)fz_below(100);
    if (r < 30) {
        e->op = __HYPERVISOR_update_va_mapping;
        fz_gen_uvm(&e->args[0], &e->args[1], &e->args[2]);
    } else if (r < 55) {
        uint64_t n = inner_count();
        for (unsigned k = 0; k < 64 && k < n && n <= 64; k++) {   /* longer ones are refused unread */
            int level;
            inner_mmu[i][k].ptr = fz_gen_ptr(&level, &inner_mmu[i][k].val);
        }
        e->op = __HYPERVISOR_mmu_update;
        e->args[0] = fz_maybe_spoil((uint64_t)inner_mmu[i], 16);
        e->args[1] = n;
        e->args[2] = inner_pdone(i);                         /* never written today */
        e->args[3] = fz_chance(15, 16) ? DOMID_SELF : fz_wild();
    } else if (r < 85) {
        uint64_t n = base_here ? fz_range(1, 16) : inner_count();
        for (unsigned k = 0; k < 64 && k < n && n <= 64; k++) {
            inner_ext[i][k] = fz_ext(fz_chance(1, 2) ? MMUEXT_INVLPG_LOCAL : MMUEXT_TLB_FLUSH_LOCAL, fz_probe_va(), 0);
            if (fz_chance(1, 4)) {
                struct fz_frame *f = fz_pick(-1);
                inner_ext[i][k] = fz_ext(fz_chance(1, 2) ? MMUEXT_PIN_L1_TABLE + (unsigned)fz_below(4) : MMUEXT_UNPIN_TABLE,
                                         f->mfn, 0);
            }
            if (fz_chance(1, 16)) {
                uint64_t dst = fz_frame_for(FZ_USE_DESTROY, 0);
                fz_taint(dst);
                inner_ext[i][k] = fz_ext(fz_chance(1, 2) ? MMUEXT_CLEAR_PAGE : MMUEXT_COPY_PAGE, dst,
                                         fz_frame_for(FZ_USE_READ, 0));
            }
        }
        if (base_here && n <= INNER_MAX) {
            unsigned long target = fz_good_l4(0);
            for (unsigned k = 0; k + 1 < (unsigned)n; k++)
                if ((inner_ext[i][k].cmd == MMUEXT_COPY_PAGE || inner_ext[i][k].cmd == MMUEXT_CLEAR_PAGE) &&
                    inner_ext[i][k].arg1.mfn == target)
                    inner_ext[i][k] = fz_ext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
            inner_ext[i][n - 1] = fz_ext(MMUEXT_NEW_BASEPTR, target, 0);
        }
        e->op = __HYPERVISOR_mmuext_op;
        e->args[0] = base_here ? (uint64_t)inner_ext[i] : fz_maybe_spoil((uint64_t)inner_ext[i], 16);
        e->args[1] = n;
        e->args[2] = inner_pdone(i);
        e->args[3] = fz_chance(15, 16) || base_here ? DOMID_SELF : fz_wild();
    } else if (r < 90) {
        /* nested: harmless entries (update_va_mapping, xen_version) if it ever runs */
        unsigned k = (unsigned)fz_range(0, 4);
        for (unsigned j = 0; j < k; j++) {
            memset(&nested[i][j], 0, sizeof nested[i][j]);
            nested[i][j].op = fz_chance(1, 2) ? __HYPERVISOR_xen_version : __HYPERVISOR_update_va_mapping;
            if (nested[i][j].op == __HYPERVISOR_update_va_mapping)
                fz_gen_uvm(&nested[i][j].args[0], &nested[i][j].args[1], &nested[i][j].args[2]);
        }
        e->op = __HYPERVISOR_multicall;
        e->args[0] = (uint64_t)nested[i];
        e->args[1] = k;
    } else {
        /* not a memory operation; the arguments make it harmless if it ever runs
         * (never 0 or 4: set_trap_table or set_callbacks with NULL would clear the fuzzer's) */
        static const unsigned other[] = { __HYPERVISOR_console_io, __HYPERVISOR_xen_version, __HYPERVISOR_sched_op,
                                          __HYPERVISOR_stack_switch, __HYPERVISOR_set_timer_op, 23, 99 };
        e->op = other[fz_below(sizeof other / sizeof other[0])];
        if (fz_chance(1, 8)) {
            e->op = fz_wild();
            if (e->op == __HYPERVISOR_set_trap_table || e->op == __HYPERVISOR_set_callbacks)
                e->op = 99;
        }
    }
}

/* An alias multicall: the alias frame holds 64 copies of one entry, so a count near 2^32
 * runs alias_bytes / 64 entries (finding 3 when that is more than 64). */
static void alias_multicall(void)
{
    if (!fz_alias_bytes)
        return;
    unsigned n = (unsigned)fz_range(1, 64);
    for (unsigned k = 0; k < n; k++)
        alias_inner[k] = fz_ext(MMUEXT_INVLPG_LOCAL, fz_probe_va(), 0);
    struct multicall_entry *e = (struct multicall_entry *)FZ_ALIAS_VA;
    for (unsigned i = 0; i < 64; i++) {
        memset(&e[i], 0, sizeof e[i]);
        e[i].op = __HYPERVISOR_mmuext_op;
        e[i].args[0] = (uint64_t)alias_inner;
        e[i].args[1] = n;
        e[i].args[3] = DOMID_SELF;
    }
    fz_call(__HYPERVISOR_multicall, FZ_ALIAS_VA, fz_chance(1, 2) ? 0xFFFFFFFFu : (fz_alias_bytes / 64) + fz_below(8), 0,
            0, 0);
}

void fz_op_multicall(void)
{
    if (!fz_avoiding(FZ_AVOID_MCLONG) && fz_chance(1, 40)) {
        alias_multicall();
        return;
    }
    /* Where: the arena (ordinary), or the end of the low area with a count near 2^32
     * (the entries up to the unmapped end run: at most 64). */
    int huge = fz_chance(1, 5);
    unsigned n = fz_chance(7, 10) ? (unsigned)fz_range(1, 8) : (unsigned)fz_range(9, MAX_ENTRIES);
    int run_out = !huge && fz_chance(1, 6);
    struct multicall_entry *e;
    if (huge || run_out) {
        char *end = huge ? (char *)FZ_LOW_VA + FZ_LOW_PAGES * 4096 : fz_arena[FZ_ARENA_PAGES];
        e = (struct multicall_entry *)(end - (size_t)n * sizeof *e);
    } else {
        e = fz_arena_take(n * sizeof *e);
    }
    /* A base switch (accountable through the entry's result) in the last entry, or
     * without avoid=basebatch in any entry, then later entries run on the new base. */
    unsigned base_at = n;
    if (fz_chance(1, 5))
        base_at = fz_avoiding(FZ_AVOID_BASEBATCH) ? n - 1 : (unsigned)fz_below(n);
    for (unsigned i = 0; i < n; i++)
        gen_entry(&e[i], i, i == base_at);
    uint64_t count = huge ? 0xFFFFFFFFu - fz_below(4) : run_out ? n + fz_range(1, 8) : n;
    if (!huge && !run_out && fz_chance(1, 10))
        count = fz_chance(1, 2) ? 0x100000000ULL : 0;
    uint64_t array = base_at < n ? (uint64_t)e : fz_maybe_spoil((uint64_t)e, 20);
    fz_trace_words("multicall", e, n * 8 < 64 ? n * 8 : 64);
    unsigned long before = fz_base;
    long rc = fz_call(__HYPERVISOR_multicall, array, count, 0, 0, 0);
    (void)rc;
    if (base_at < n && array == (uint64_t)e && e[base_at].result == 0)
        fz_base = (unsigned long)inner_ext[base_at][e[base_at].args[1] - 1].arg1.mfn;
    if (fz_base != before)
        fz_probe_check(FZ_PROBE_VA);
}
