/* Trap tables, callbacks, the ring-1 stack and descriptor tables: set_trap_table with
 * random tables (vectors, flags, selectors, handler addresses, lengths up to and past
 * 256, unreadable or NULL pointers), set_callbacks with random entry points, stack_switch
 * with random selectors and stacks, set_gdt over a frame of random descriptors (valid
 * and not) or other frames, update_descriptor at machine addresses in that frame, in
 * pool frames, in page tables, misaligned or foreign. Whenever a random table or callback
 * was accepted the fuzzer's own is reloaded at once (nothing can fault in between). */
#include "fuzz.h"
#include "addr.h"
#include "call.h"
#include "guard.h"
#include "layout.h"
#include "pool.h"
#include "rng.h"

static unsigned long gdt_pfn;

int fz_descr_init(void)
{
    gdt_pfn = fz_dedicated();
    return gdt_pfn == RW_INVALID_PFN ? -1 : 0;
}

static uint64_t handler_addr(void)
{
    switch (fz_below(6)) {
    case 0: case 1: return (uint64_t)trap_stub((unsigned)fz_below(256));
    case 2: return 0x0000800000000000ULL + fz_below(1 << 20);           /* non-canonical */
    case 3: return 0xFFFF878000000000ULL + fz_below(0x20000);          /* the VMM's entry area */
    case 4: return fz_wild();
    default: return FZ_PROBE_VA + fz_below(1 << 20);                    /* canonical, maybe unmapped */
    }
}

static void trap_table(void)
{
    struct trap_info *t = fz_arena_take(sizeof(struct trap_info) * 260);
    unsigned n = fz_chance(1, 10) ? (unsigned)fz_range(250, 259) : (unsigned)fz_range(0, 40);
    for (unsigned i = 0; i < n; i++) {
        t[i].vector = (uint8_t)fz_below(256);
        t[i].flags = fz_chance(3, 4) ? (uint8_t)fz_below(8) : (uint8_t)fz_wild();
        t[i].cs = fz_chance(4, 5) ? FLAT_RING1_CS : (uint16_t)fz_wild();
        t[i].address = handler_addr();
        if (!t[i].address)
            t[i].address = 1;
    }
    t[n].address = 0;
    uint64_t p = fz_chance(1, 12) ? 0 : fz_chance(1, 10) ? fz_bad_addr() : (uint64_t)t;
    if (fz_call(__HYPERVISOR_set_trap_table, p, 0, 0, 0, 0) == 0)
        fz_guard_restore();
}

static void callbacks(void)
{
    uint64_t sys = fz_chance(3, 4) ? 0 : fz_wild();
    if (fz_call(__HYPERVISOR_set_callbacks, handler_addr(), handler_addr(), sys, 0, 0) == 0)
        fz_guard_restore();
}

static void stack(void)
{
    uint64_t ss = fz_chance(2, 3) ? FLAT_RING1_SS : fz_chance(1, 2) ? fz_below(0x40) : fz_wild();
    fz_call(__HYPERVISOR_stack_switch, ss, handler_addr(), 0, 0, 0);
}

static uint64_t descriptor(void)
{
    uint64_t dpl = fz_chance(1, 2) ? 1 : fz_chance(1, 2) ? 3 : fz_below(4);
    uint64_t code = 0x00209A0000000000ULL, data = 0x0000920000000000ULL;   /* 64-bit code (L=1), data */
    switch (fz_below(8)) {
    case 0: return 0;
    case 1: case 2: return code | (dpl << 45) | (fz_rand() & 0x000F0000FFFFFFFFULL);
    case 3: case 4: return data | (dpl << 45) | (fz_rand() & 0x008F0000FFFFFFFFULL);
    case 5: return (code | (dpl << 45)) ^ (1ULL << fz_range(40, 55));     /* one type or flag bit off */
    case 6: return (fz_rand() & ~(1ULL << 44)) | (1ULL << 47);             /* a system descriptor */
    default: return fz_rand();
    }
}

static void gdt(void)
{
    long rc;
    uint64_t *p = window_map(0, gdt_pfn, 1, &rc);
    if (!p)
        return;
    for (unsigned i = 0; i < 32; i++)
        p[i] = i < 16 && fz_chance(15, 16) ? 0 : descriptor();
    if (window_unmap(0))
        return;
    uint64_t *frames = fz_arena_take(16);
    frames[0] = fz_chance(4, 5) ? pfn_to_mfn(gdt_pfn) : fz_frame_for(FZ_USE_READ, 0);
    frames[1] = fz_wild();
    uint64_t entries = fz_chance(7, 8) ? fz_range(0, 32) : fz_wild();
    uint64_t arg = fz_chance(1, 10) ? fz_bad_addr() : (uint64_t)frames;
    if (fz_call(__HYPERVISOR_set_gdt, arg, entries, 0, 0, 0) == 0 && fz_chance(1, 4)) {
        /* Load one of its data selectors into FS (a fault there is the fuzzer's own). */
        fz_probe_load_fs((uint16_t)((16 + fz_below(16)) * 8 | (fz_chance(1, 2) ? 1 : 3)));
    }
}

static void update_descriptor(void)
{
    uint64_t ma;
    switch (fz_below(6)) {
    case 0: case 1: ma = ((uint64_t)pfn_to_mfn(gdt_pfn) << 12) + fz_below(40) * 8; break;
    case 2: {
        uint64_t f = fz_frame_for(FZ_USE_DESTROY, 0);
        fz_taint(f);
        ma = (f << 12) + fz_below(512) * 8;
        break;
    }
    case 3: ma = ((uint64_t)pfn_to_mfn(gdt_pfn) << 12) + fz_range(1, 7); break;    /* misaligned */
    case 4: ma = (fz_foreign_frame() << 12) + fz_below(512) * 8; break;
    default: ma = (uint64_t)virt_to_machine((const void *)rw_start_info->pt_base) + fz_below(512) * 8; break;
    }
    fz_call(__HYPERVISOR_update_descriptor, ma, descriptor(), 0, 0, 0);
}

void fz_op_descr(void)
{
    switch (fz_below(8)) {
    case 0: case 1: trap_table(); break;
    case 2: callbacks(); break;
    case 3: stack(); break;
    case 4: case 5: gdt(); break;
    default: update_descriptor(); break;
    }
}
