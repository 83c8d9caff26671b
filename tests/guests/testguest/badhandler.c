/* badhandler (destructive): the #UD handler's address is unmapped (canonical, outside the
 * VMM's range, so set_trap_table accepts it); a ud2 in ring 1 makes the VMM deliver to
 * it, the handler's first instruction faults, and the VMM must destroy the domain
 * (failsafe). A valid #PF handler is installed too, so the fault at the handler address
 * is not simply "no handler": the VMM must not deliver it there either (if it does, the
 * #PF handler reports survived FAIL and crashes the domain). badhandler_va= chooses the
 * address. */
#include "trapsutil.h"
#include "scenarios.h"

static struct trap_info table[TRAP_TABLE_SIZE];

static void pf_at_handler(struct trap_frame *f)
{
    result_fail("survived", "the fault of the #UD handler was delivered to the #PF handler (rip %lx cr2 %lx)",
                (unsigned long)f->rip, (unsigned long)trap_cr2());
    guest_crash();
}

void scenario_badhandler(struct start_info *si)
{
    uint64_t va = (uint64_t)cmdline_get_long(si, "badhandler_va", (long)TG_UNMAPPED_VA);
    if (va == TG_UNMAPPED_VA && !check_true("unmapped_precondition", tg_unmapped_ok(), "%lx is mapped", TG_UNMAPPED_VA))
        return;
    trap_table_clear(table);
    shared_info_map(0);
    trap_set_raw(table, TRAP_UD, FLAT_RING1_CS, va, 0);
    trap_on(TRAP_PF, pf_at_handler);
    trap_set(table, TRAP_PF, 0, 0);
    if (!check_rc("set_trap_table", trap_table_load(table), 0))
        return;
    printf("testguest: ud2 with the #UD handler at %lx (the VMM must destroy this domain)\n", (unsigned long)va);
    result_ok("attempt");
    tg_r1_ud2();
    result_fail("survived", "the ud2 with the handler at %lx returned", (unsigned long)va);
}
