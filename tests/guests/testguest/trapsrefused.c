/* trapsrefused: set_trap_table refuses a bad cs, a handler in the VMM's range or
 * non-canonical, DPL 3 on another vector than 0x80, an unreadable table; a table whose
 * third entry is bad installs none of its entries. After each refusal the old table still
 * works (a ud2 reaches the old entry, not the new one: the new entries point to
 * tg_alt_entry_*, which count in tg_alt_hits). stack_switch refuses ss other than 0x21 and
 * a bad sp. */
#include "trapsutil.h"
#include "scenarios.h"

static struct trap_info base[TRAP_TABLE_SIZE], bad[TRAP_TABLE_SIZE + 2];

/* 1 when a ud2 (or int $0x40 with gp) reaches the old handler (not an alt entry). */
static int probe(int gp)
{
    int n0 = tg_ntraps;
    uint64_t a0 = tg_alt_hits;
    if (gp) {
        tg_arm(tg_r1_int40_resume);
        tg_r1_int40();
    } else {
        tg_arm(tg_r1_ud2_resume);
        tg_r1_ud2();
    }
    return tg_ntraps == n0 + 1 && tg_alt_hits == a0;
}

static void check_kept(const char *name, int gp)
{
    char check[64];
    snprintf(check, sizeof check, "%s.old_table_kept", name);
    check_true(check, probe(gp), "the new entry ran (alt hits %lu)", (unsigned long)tg_alt_hits);
}

/* A table with #UD -> tg_alt_entry_6 (valid) and one more entry (cs, address, flags, vector). */
static void refuse(const char *name, unsigned vector, uint16_t cs, uint64_t address, unsigned flags, long expected)
{
    trap_table_clear(bad);
    trap_set(bad, TRAP_UD, tg_alt_entry_6, 0);
    trap_set_raw(bad, vector, cs, address, flags);
    check_rc(name, trap_table_load(bad), expected);
    check_kept(name, 0);
}

void scenario_trapsrefused(struct start_info *si)
{
    (void)si;
    trap_table_clear(base);
    trap_on(TRAP_UD, tg_trap_log);
    trap_on(TRAP_GP, tg_trap_log);
    trap_set(base, TRAP_UD, 0, 0);
    trap_set(base, TRAP_GP, 0, 0);
    if (!check_rc("base_table", trap_table_load(base), 0))
        return;
    tg_traps_reset();
    if (!check_true("base_works", probe(0), "ud2 not delivered to the base table"))
        return;

    uint64_t good = (uint64_t)trap_stub(TRAP_PF);
    refuse("cs_ring0", TRAP_PF, 0x08, good, 0, -RW_EINVAL);
    refuse("cs_ring3", TRAP_PF, FLAT_RING3_CS, good, 0, -RW_EINVAL);
    refuse("cs_data", TRAP_PF, FLAT_RING1_DS, good, 0, -RW_EINVAL);
    refuse("addr_vmm_start", TRAP_PF, FLAT_RING1_CS, RINGWALL_VMM_VIRT_START, 0, -RW_EINVAL);
    refuse("addr_vmm_entry", TRAP_PF, FLAT_RING1_CS, TG_ENTRY_AREA_VA, 0, -RW_EINVAL);
    refuse("addr_vmm_last", TRAP_PF, FLAT_RING1_CS, RINGWALL_VMM_VIRT_END - 16, 0, -RW_EINVAL);
    refuse("addr_noncanonical", TRAP_PF, FLAT_RING1_CS, TG_NONCANONICAL_VA, 0, -RW_EINVAL);
    refuse("dpl3_pf", TRAP_PF, FLAT_RING1_CS, good, 3, -RW_EINVAL);
    refuse("dpl3_bp", TRAP_BP, FLAT_RING1_CS, (uint64_t)trap_stub(TRAP_BP), 3, -RW_EINVAL);
    refuse("dpl3_gp", TRAP_GP, FLAT_RING1_CS, (uint64_t)tg_alt_entry_13, 3, -RW_EINVAL);

    check_rc("table_unmapped", trap_table_load((const struct trap_info *)TG_UNMAPPED_VA), -RW_EFAULT);
    check_kept("table_unmapped", 0);
    check_rc("table_vmm", trap_table_load((const struct trap_info *)TG_VMM_HOLE_VA), -RW_EFAULT);
    check_kept("table_vmm", 0);
    check_rc("table_noncanonical", trap_table_load((const struct trap_info *)TG_NONCANONICAL_VA), -RW_EFAULT);
    check_kept("table_noncanonical", 0);

    /* Third entry bad: the first two (new #UD and #GP entries) are not installed either. */
    trap_table_clear(bad);
    trap_set(bad, TRAP_UD, tg_alt_entry_6, 0);
    trap_set(bad, TRAP_GP, tg_alt_entry_13, 0);
    trap_set_raw(bad, TRAP_PF, 0x08, good, 0);
    check_rc("third_bad", trap_table_load(bad), -RW_EINVAL);
    check_kept("third_bad_ud", 0);
    check_kept("third_bad_gp", 1);

    /* 257 entries before the terminator. */
    trap_table_clear(bad);
    for (int i = 0; i < TRAP_TABLE_MAX + 1; i++) {
        bad[i].vector = (uint8_t)(i == 0 ? TRAP_UD : 0x90);
        bad[i].cs = FLAT_RING1_CS;
        bad[i].address = (uint64_t)tg_alt_entry_6;
    }
    long rc = trap_table_load(bad);
    check_true("too_long", rc < 0, "a table of %d entries gave %s", TRAP_TABLE_MAX + 1, rc_name(rc));
    check_kept("too_long", 0);

    /* Control: a good new table does take effect (so the probes can tell). */
    trap_table_clear(bad);
    trap_set(bad, TRAP_UD, tg_alt_entry_6, 0);
    trap_set(bad, TRAP_SYSCALL, 0, 3); /* DPL 3 is fine on 0x80 */
    check_rc("good_new_table", trap_table_load(bad), 0);
    uint64_t a0 = tg_alt_hits;
    tg_arm(tg_r1_ud2_resume);
    tg_r1_ud2();
    check_true("good_new_table.takes_effect", tg_alt_hits == a0 + 1, "alt entry not reached");

    /* NULL clears everything (not observable without dying); reload the base table. */
    check_rc("null_table", trap_table_load(0), 0);
    check_rc("reload_base", trap_table_load(base), 0);
    check_kept("reload_base", 0);

    /* stack_switch. */
    uint64_t top = TG_KSTACK_TOP;
    check_rc("stack_switch_ss_ring0", HYPERVISOR_stack_switch(0x10, top), -RW_EINVAL);
    check_rc("stack_switch_ss_ring3", HYPERVISOR_stack_switch(FLAT_RING3_SS, top), -RW_EINVAL);
    check_rc("stack_switch_ss_code", HYPERVISOR_stack_switch(FLAT_RING1_CS, top), -RW_EINVAL);
    check_rc("stack_switch_sp_vmm", HYPERVISOR_stack_switch(FLAT_RING1_SS, TG_VMM_HOLE_VA), -RW_EINVAL);
    check_rc("stack_switch_sp_vmm_start", HYPERVISOR_stack_switch(FLAT_RING1_SS, RINGWALL_VMM_VIRT_START), -RW_EINVAL);
    check_rc("stack_switch_sp_noncanonical", HYPERVISOR_stack_switch(FLAT_RING1_SS, TG_NONCANONICAL_VA), -RW_EINVAL);
    check_rc("stack_switch_good", tg_stack_switch(), 0);
}
