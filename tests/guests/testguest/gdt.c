/* gdt (A17, A27): guest descriptor tables (set_gdt, update_descriptor).
 * Alone (no role=): a table in a frame of the domain (index 16 ring-1 data, 17 ring-3
 * data, 18 ring-3 64-bit code, 19 ring-1 64-bit code, all given with the accessed bit
 * clear; 24 entries) is installed; the CPU's GDT (readable in the entry area) shows
 * them with the accessed bit set and `lar` agrees (A27: the CPU never has to write the
 * read-only table); DS and FS are loaded from it in ring 1 and survive a yield; a far
 * return runs ring 1 on the table's code segment, which survives a yield and, when
 * update_descriptor turns it into data, the VMM returns on FLAT_RING1_CS instead of
 * faulting; ring 3 is entered with the table's code and stack segments. Then every bad
 * table and update is refused with its documented error and the installed table stays
 * (A17: ring 0, call gate, TSS, LDT, conforming, 32-bit code, not-present garbage,
 * reserved entries, too many entries, foreign / unowned / page-table frames, misaligned
 * or out-of-range addresses); MMUEXT_SET_LDT answers -ENOSYS.
 * Two domains ("role=owner" and "role=peer", same selectors): the owner loads DS and FS
 * from its table and yields many times: both come back; the peer (its own table: index
 * 16 is ring-3 data) never sees the owner's selectors in its registers or descriptors in
 * its GDT. The owner then removes the descriptor under its loaded DS: after a switch the
 * VMM restores DS as null (a reload would fault), and nothing panics. */
#include "trapsutil.h"
#include "scenarios.h"

#define ACC        (1UL << 40)
#define D_R1_DATA  0x008FB2000000FFFFUL
#define D_R3_DATA  0x008FF2000000FFFFUL
#define D_R3_CODE  0x00AFFA000000FFFFUL
#define D_R1_CODE  0x00AFBA000000FFFFUL
#define D_R0_DATA  0x008F92000000FFFFUL
#define D_R0_CODE  0x00AF9A000000FFFFUL
#define D_CALLGATE 0x8000EC0000081000UL   /* 64-bit call gate, DPL 3, to 0x08:0xFFFFFFFF80001000 */
#define D_CALLGATE_HI 0x00000000FFFFFFFFUL
#define D_TSS      0x0000E90000000067UL
#define D_LDT      0x0000E20000000FFFUL
#define D_CONFORM  0x00AFFE000000FFFFUL
#define D_CODE32   0x00CFFA000000FFFFUL
#define D_NOTPRES  0x008F72000000FFFFUL

#define SEL_R1_DATA 0x81   /* index 16, RPL 1 */
#define SEL_R3_DATA 0x8B   /* index 17, RPL 3 */
#define SEL_R3_CODE 0x93   /* index 18, RPL 3 */
#define SEL_R1_CODE 0x99   /* index 19, RPL 1 */
#define ENTRIES 24

extern const char u_gdt[], u_gdt_done[];
uint64_t tg_gdt_load_ds(uint64_t sel);
uint64_t tg_gdt_load_fs(uint64_t sel);
extern const char tg_gdt_load_ds_resume[], tg_gdt_load_fs_resume[];
uint64_t tg_gdt_far(uint64_t cs);
long tg_gdt_user_enter(uint64_t rip, uint64_t rsp, uint64_t cs, uint64_t ss);

static struct trap_info table[TRAP_TABLE_SIZE];
static volatile uint64_t fs_probe = 0x600DF5F5600DF5F5UL;

static uint64_t live(int index)
{
    return *(volatile uint64_t *)(TG_ENTRY_GDT_VA + 8 * (uint64_t)index);
}

/* lar: 1 and the access-rights byte (type, S, DPL, P) when the selector is valid. */
static int lar(uint64_t sel, unsigned *ar)
{
    uint32_t a = 0;
    uint8_t ok;
    __asm__ volatile("lar %w2, %0; setz %1" : "=&r"(a), "=q"(ok) : "r"(sel) : "cc");
    *ar = (a >> 8) & 0xFF;
    return ok;
}

static uint64_t lsl(uint64_t sel)
{
    uint32_t l = 0;
    __asm__ volatile("lsl %w1, %0" : "=&r"(l) : "r"(sel) : "cc");
    return l;
}

static unsigned read_ds(void) { unsigned v; __asm__ volatile("mov %%ds, %0" : "=r"(v)); return v & 0xFFFF; }
static unsigned read_fs(void) { unsigned v; __asm__ volatile("mov %%fs, %0" : "=r"(v)); return v & 0xFFFF; }
static unsigned read_cs(void) { unsigned v; __asm__ volatile("mov %%cs, %0" : "=r"(v)); return v & 0xFFFF; }
static void null_data_segments(void) { __asm__ volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%fs; mov %0, %%gs" : : "r"(0)); }

static long yield(void) { return HYPERVISOR_sched_op(SCHEDOP_yield, 0); }

static int install_handlers(void)
{
    static const unsigned vecs[] = { TRAP_GP, TRAP_NP, TRAP_PF, TRAP_UD, TRAP_SS };
    trap_table_clear(table);
    for (unsigned i = 0; i < sizeof vecs / sizeof vecs[0]; i++) {
        trap_on(vecs[i], tg_trap_log);
        trap_set(table, vecs[i], 0, 0);
    }
    return check_rc("set_trap_table", trap_table_load(table), 0);
}

/* Fills frame pfn (through window slot TG_SLOT_MMU_FIRST) with zeros and entries. */
static long write_table(unsigned long pfn, const uint64_t *e, int n)
{
    long rc;
    volatile uint64_t *p = window_map(TG_SLOT_MMU_FIRST, pfn, 1, &rc);
    if (!p)
        return rc;
    for (int i = 0; i < 512; i++)
        p[i] = i < n ? e[i] : 0;
    return window_unmap(TG_SLOT_MMU_FIRST);
}

static uint64_t read_frame_word(unsigned long pfn, int index)
{
    long rc;
    volatile uint64_t *p = window_map(TG_SLOT_MMU_FIRST, pfn, 0, &rc);
    uint64_t v = p ? p[index] : ~0UL;
    window_unmap(TG_SLOT_MMU_FIRST);
    return v;
}

static unsigned long foreign_mfn(void)
{
    for (unsigned long mfn = 0; mfn < 4096; mfn++)
        if (mfn_to_pfn(mfn) == RW_INVALID_PFN)
            return mfn;
    return RW_INVALID_MFN;
}

/* The table installed by single(): four descriptors, the rest empty. */
static int table_intact(void)
{
    unsigned a16, a17, a18, a19, a20;
    int ok16 = lar(SEL_R1_DATA, &a16), ok17 = lar(SEL_R3_DATA, &a17), ok18 = lar(SEL_R3_CODE, &a18);
    int ok19 = lar(SEL_R1_CODE, &a19), ok20 = lar(0xA3, &a20);
    return ok16 && a16 == 0xB3 && ok17 && a17 == 0xF3 && ok18 && a18 == 0xFB && ok19 && a19 == 0xBB && !ok20 &&
           live(16) == (D_R1_DATA | ACC) && live(19) == (D_R1_CODE | ACC) && live(20) == 0 && live(31) == 0;
}

static void intact(const char *name)
{
    char check[64];
    snprintf(check, sizeof check, "%s_table_intact", name);
    check_true(check, table_intact(), "GDT[16..20] %lx %lx %lx %lx %lx", (unsigned long)live(16),
               (unsigned long)live(17), (unsigned long)live(18), (unsigned long)live(19), (unsigned long)live(20));
}

/* set_gdt of a candidate table (index 16 ring-3 data, so that a wrongly installed one
 * shows) with `bad` at index i (and `hi` after it when non-zero): refused with `expected`. */
static void refuse_table(const char *name, unsigned long pfn, int i, uint64_t bad, uint64_t hi, uint32_t entries,
                         long expected)
{
    uint64_t e[34] = { 0 };
    e[16] = D_R3_DATA;
    if (i >= 0) {
        e[i] = bad;
        if (hi)
            e[i + 1] = hi;
    }
    if (write_table(pfn, e, 34)) {
        result_fail(name, "could not write the candidate table");
        return;
    }
    uint64_t mfn = pfn_to_mfn(pfn);
    check_rc(name, HYPERVISOR_set_gdt(&mfn, entries), expected);
    intact(name);
}

static void refuse_update(const char *name, uint64_t ma, uint64_t desc, long expected)
{
    check_rc(name, HYPERVISOR_update_descriptor(ma, desc), expected);
    intact(name);
}

static void single(struct start_info *si)
{
    if (!check_true("frames", frames_free() >= 8, "%lu free frames", frames_free()) || !install_handlers())
        return;
    unsigned long pfn = frame_alloc(), cand = frame_alloc();
    uint64_t e[ENTRIES] = { 0 };
    e[16] = D_R1_DATA;
    e[17] = D_R3_DATA;
    e[18] = D_R3_CODE;
    e[19] = D_R1_CODE;
    if (!check_rc("write_table", write_table(pfn, e, ENTRIES), 0))
        return;
    uint64_t mfn = pfn_to_mfn(pfn);
    uint64_t base = mfn << 12;
    if (!check_rc("set_gdt", HYPERVISOR_set_gdt(&mfn, ENTRIES), 0))
        return;

    /* A27: installed with the accessed bit set, the guest's frame untouched. */
    check_true("gdt_installed_accessed", live(16) == (D_R1_DATA | ACC) && live(17) == (D_R3_DATA | ACC) &&
               live(18) == (D_R3_CODE | ACC) && live(19) == (D_R1_CODE | ACC) && live(20) == 0,
               "GDT[16..20] %lx %lx %lx %lx %lx", (unsigned long)live(16), (unsigned long)live(17),
               (unsigned long)live(18), (unsigned long)live(19), (unsigned long)live(20));
    check_true("frame_not_written", read_frame_word(pfn, 16) == D_R1_DATA, "frame word 16 %lx",
               (unsigned long)read_frame_word(pfn, 16));
    unsigned ar = 0;
    int ok = lar(SEL_R1_DATA, &ar);
    check_true("lar_accessed_bit", ok && (ar & 1), "lar ok %d ar %x", ok, ar);
    check_true("lar_table", table_intact(), "table not as installed");
    check_true("lsl_limit", lsl(SEL_R1_DATA) == 0xFFFFFFFFUL, "limit %lx", (unsigned long)lsl(SEL_R1_DATA));

    /* Use: DS and FS from the table in ring 1 (no fault: nothing for the CPU to write). */
    tg_traps_reset();
    tg_arm(tg_gdt_load_ds_resume);
    unsigned ds = tg_gdt_load_ds(SEL_R1_DATA);
    check_true("load_ds", ds == SEL_R1_DATA && tg_ntraps == 0, "DS %x after the load, %d traps", ds, tg_ntraps);
    tg_arm(tg_gdt_load_fs_resume);
    unsigned fs = tg_gdt_load_fs(SEL_R3_DATA);
    check_true("load_fs", fs == SEL_R3_DATA && tg_ntraps == 0, "FS %x after the load, %d traps", fs, tg_ntraps);
    tg_arm(0);
    uint64_t via_fs;
    __asm__ volatile("mov %%fs:(%1), %0" : "=r"(via_fs) : "r"(&fs_probe));
    check_true("read_through_fs", via_fs == fs_probe, "read %lx", (unsigned long)via_fs);
    check_rc("yield", yield(), 0);
    check_true("selectors_kept", read_ds() == SEL_R1_DATA && read_fs() == SEL_R3_DATA, "DS %x FS %x", read_ds(),
               read_fs());
    /* The CPU's own rule: RPL 3 on a DPL-1 segment is #GP, delivered to the guest. */
    tg_traps_reset();
    tg_arm(tg_gdt_load_ds_resume);
    ds = tg_gdt_load_ds(SEL_R1_DATA | 2);
    const struct tg_trap *t = tg_trap_get(0);
    check_true("load_rpl3_dpl1_gp", tg_ntraps == 1 && t->vector == TRAP_GP && ds == SEL_R1_DATA,
               "%d traps (vector %lu), DS %x", tg_ntraps, t ? (unsigned long)t->vector : 0UL, ds);
    null_data_segments();

    /* Ring 1 on the table's code segment, across a yield and a replacement. */
    unsigned cs = (unsigned)tg_gdt_far(SEL_R1_CODE);
    check_true("far_ring1_code", cs == SEL_R1_CODE, "CS %x", cs);
    check_rc("yield_on_own_cs", yield(), 0);
    check_true("cs_kept", read_cs() == SEL_R1_CODE, "CS %x after a yield", read_cs());
    check_rc("replace_own_cs", HYPERVISOR_update_descriptor(base + 19 * 8, D_R1_DATA), 0);
    check_true("cs_replaced_falls_back", read_cs() == FLAT_RING1_CS, "CS %x after its descriptor became data", read_cs());
    check_rc("restore_cs_descriptor", HYPERVISOR_update_descriptor(base + 19 * 8, D_R1_CODE), 0);
    intact("restored");

    /* Ring 3 on the table's code and stack segments. */
    if (check_rc("user_setup", tg_user_setup(si), 0) && check_rc("stack_switch", tg_stack_switch(), 0)) {
        tg_fixups_set(0, 0, TG_UVA(u_gdt_done));
        tg_traps_reset();
        long rc = tg_gdt_user_enter(TG_UVA(u_gdt), TG_USER_STACK_TOP, SEL_R3_CODE, SEL_R3_DATA);
        t = tg_trap_get(0);
        check_true("ring3_own_segments", rc == 0 && t && t->cs == SEL_R3_CODE && t->ss == SEL_R3_DATA &&
                   t->regs[0] == SEL_R3_CODE && t->regs[2] == SEL_R3_DATA,
                   "rc %ld, frame CS %lx SS %lx, ring 3 saw CS %lx SS %lx", rc, t ? (unsigned long)t->cs : 0UL,
                   t ? (unsigned long)t->ss : 0UL, t ? (unsigned long)t->regs[0] : 0UL, t ? (unsigned long)t->regs[2] : 0UL);
    }

    /* A17: bad tables, each refused whole; the installed one stays. */
    refuse_table("refuse_dpl0_data", cand, 20, D_R0_DATA, 0, ENTRIES, -RW_EINVAL);
    refuse_table("refuse_dpl0_code64", cand, 20, D_R0_CODE, 0, ENTRIES, -RW_EINVAL);
    refuse_table("refuse_call_gate", cand, 20, D_CALLGATE, D_CALLGATE_HI, ENTRIES, -RW_EINVAL);
    refuse_table("refuse_tss", cand, 20, D_TSS, 0, ENTRIES, -RW_EINVAL);
    refuse_table("refuse_ldt", cand, 20, D_LDT, 0, ENTRIES, -RW_EINVAL);
    refuse_table("refuse_conforming", cand, 20, D_CONFORM, 0, ENTRIES, -RW_EINVAL);
    refuse_table("refuse_code32", cand, 20, D_CODE32, 0, ENTRIES, -RW_EINVAL);
    refuse_table("refuse_not_present_garbage", cand, 20, D_NOTPRES, 0, ENTRIES, -RW_EINVAL);
    refuse_table("refuse_reserved_entry", cand, 5, D_R3_DATA, 0, ENTRIES, -RW_EINVAL);
    refuse_table("refuse_33_entries", cand, -1, 0, 0, 33, -RW_EINVAL);
    refuse_table("refuse_8192_entries", cand, -1, 0, 0, 8192, -RW_EINVAL);
    refuse_table("refuse_last_entry_bad", cand, 31, D_R0_DATA, 0, 32, -RW_EINVAL);
    uint64_t foreign = foreign_mfn(), beyond = 1UL << 26;
    if (foreign == RW_INVALID_MFN) {
        result_fail("refuse_foreign_frame", "precondition: no foreign frame below 4096");
    } else {
        check_rc("refuse_foreign_frame", HYPERVISOR_set_gdt(&foreign, ENTRIES), -RW_EPERM);
        intact("refuse_foreign_frame");
        refuse_update("refuse_update_foreign", (foreign << 12) + 16 * 8, D_R3_DATA, -RW_EPERM);
    }
    check_rc("refuse_frame_beyond_ram", HYPERVISOR_set_gdt(&beyond, ENTRIES), -RW_EINVAL);
    intact("refuse_frame_beyond_ram");
    if (tg_unmapped_ok())
        check_rc("refuse_frames_unmapped", HYPERVISOR_set_gdt((const uint64_t *)TG_UNMAPPED_VA, ENTRIES), -RW_EFAULT);
    else
        result_fail("refuse_frames_unmapped", "precondition: %lx is mapped", TG_UNMAPPED_VA);
    intact("refuse_frames_unmapped");

    /* A17: bad updates. */
    refuse_update("refuse_update_misaligned", base + 20 * 8 + 4, D_R3_DATA, -RW_EINVAL);
    refuse_update("refuse_update_beyond_ram", beyond << 12, D_R3_DATA, -RW_EINVAL);
    refuse_update("refuse_update_page_table", ((uint64_t)pt_l4_mfn() << 12) + 16 * 8, D_R3_DATA, -RW_EPERM);
    refuse_update("refuse_update_dpl0", base + 20 * 8, D_R0_DATA, -RW_EINVAL);
    refuse_update("refuse_update_call_gate", base + 20 * 8, D_CALLGATE, -RW_EINVAL);
    refuse_update("refuse_update_tss", base + 20 * 8, D_TSS, -RW_EINVAL);
    refuse_update("refuse_update_conforming", base + 20 * 8, D_CONFORM, -RW_EINVAL);
    refuse_update("refuse_update_reserved_entry", base + 3 * 8, D_R3_DATA, -RW_EINVAL);
    check_true("refused_updates_not_written", read_frame_word(pfn, 20) == 0 && read_frame_word(pfn, 3) == 0,
               "frame words 20 %lx 3 %lx", (unsigned long)read_frame_word(pfn, 20), (unsigned long)read_frame_word(pfn, 3));

    /* A good update: frame and table, accessed bit set (A27). */
    if (check_rc("update", HYPERVISOR_update_descriptor(base + 20 * 8, D_R3_DATA), 0)) {
        ok = lar(0xA3, &ar);
        check_true("update_visible", live(20) == (D_R3_DATA | ACC) && ok && ar == 0xF3 &&
                   read_frame_word(pfn, 20) == (D_R3_DATA | ACC),
                   "GDT[20] %lx lar %d/%x frame %lx", (unsigned long)live(20), ok, ar,
                   (unsigned long)read_frame_word(pfn, 20));
    }
    check_rc("update_beyond_entries", HYPERVISOR_update_descriptor(base + 30 * 8, D_R3_DATA), 0);
    check_true("update_beyond_entries_not_in_gdt", live(30) == 0, "GDT[30] %lx", (unsigned long)live(30));

    /* No LDTs. */
    struct mmuext_op op;
    memset(&op, 0, sizeof op);
    op.cmd = MMUEXT_SET_LDT;
    rw_u32 done = 0;
    check_rc("set_ldt_not_implemented", HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF), -RW_ENOSYS);

    /* Removing the table. */
    check_rc("remove", HYPERVISOR_set_gdt(0, 0), 0);
    ok = lar(SEL_R1_DATA, &ar);
    check_true("removed", !ok && live(16) == 0 && live(19) == 0 && live(20) == 0, "lar %d GDT[16] %lx", ok,
               (unsigned long)live(16));
    tg_fixups_set(0, 0, 0);
    trap_table_load(0);
}

#define OWNER_ROUNDS 60
#define PEER_ROUNDS 200

static void owner(void)
{
    if (!install_handlers())
        return;
    unsigned long pfn = frame_alloc();
    uint64_t e[18] = { 0 };
    e[16] = D_R1_DATA;
    e[17] = D_R1_CODE;
    uint64_t mfn = pfn_to_mfn(pfn);
    if (!check_rc("write_table", write_table(pfn, e, 18), 0) || !check_rc("set_gdt", HYPERVISOR_set_gdt(&mfn, 18), 0))
        return;
    tg_traps_reset();
    tg_arm(tg_gdt_load_ds_resume);
    tg_gdt_load_ds(SEL_R1_DATA);
    tg_arm(tg_gdt_load_fs_resume);
    tg_gdt_load_fs(SEL_R1_DATA);
    tg_arm(0);
    int lost = 0;
    for (int i = 0; i < OWNER_ROUNDS; i++) {
        yield();
        if (read_ds() != SEL_R1_DATA || read_fs() != SEL_R1_DATA || live(16) != (D_R1_DATA | ACC))
            lost++;
    }
    check_true("owner_selectors_restored", lost == 0 && tg_ntraps == 0, "%d of %d rounds lost them (DS %x FS %x)",
               lost, OWNER_ROUNDS, read_ds(), read_fs());
    /* Remove the descriptor under the loaded DS and FS: after a switch they come back null. */
    check_rc("remove_loaded_descriptor", HYPERVISOR_update_descriptor((mfn << 12) + 16 * 8, 0), 0);
    int rounds = 0;
    while (rounds < 50 && (read_ds() != 0 || read_fs() != 0)) {
        yield();
        rounds++;
    }
    check_true("owner_removed_selector_nulled", read_ds() == 0 && read_fs() == 0, "DS %x FS %x after %d yields",
               read_ds(), read_fs(), rounds);
    check_rc("owner_remove_table", HYPERVISOR_set_gdt(0, 0), 0);
    trap_table_load(0);
}

static void peer(void)
{
    unsigned long pfn = frame_alloc();
    uint64_t e[17] = { 0 };
    e[16] = D_R3_DATA;
    uint64_t mfn = pfn_to_mfn(pfn);
    if (!check_rc("write_table", write_table(pfn, e, 17), 0) || !check_rc("set_gdt", HYPERVISOR_set_gdt(&mfn, 17), 0))
        return;
    int leaked_regs = 0, leaked_gdt = 0;
    unsigned ar, bad_ds = 0, bad_fs = 0;
    for (int i = 0; i < PEER_ROUNDS; i++) {
        yield();
        unsigned ds = read_ds(), fs = read_fs();
        if ((ds & ~3U) != 0 || (fs & ~3U) != 0) {
            leaked_regs++;
            bad_ds = ds;
            bad_fs = fs;
        }
        int own = lar(SEL_R1_DATA, &ar) && ar == 0xF3;
        int other = lar(SEL_R1_CODE, &ar);
        if (!own || other || live(16) != (D_R3_DATA | ACC) || live(17) != 0)
            leaked_gdt++;
    }
    check_true("peer_registers_not_leaked", leaked_regs == 0, "%d rounds (DS %x FS %x)", leaked_regs, bad_ds, bad_fs);
    check_true("peer_sees_only_its_descriptors", leaked_gdt == 0, "%d rounds (GDT[16] %lx GDT[17] %lx)", leaked_gdt,
               (unsigned long)live(16), (unsigned long)live(17));
    check_rc("peer_remove_table", HYPERVISOR_set_gdt(0, 0), 0);
}

void scenario_gdt(struct start_info *si)
{
    char role[16];
    if (cmdline_get(si, "role", role, sizeof role) < 0)
        single(si);
    else if (strcmp(role, "owner") == 0)
        owner();
    else if (strcmp(role, "peer") == 0)
        peer();
    else
        result_fail("role", "unknown role %s", role);
}
