/* badstack (destructive): a valid #UD handler, then a ud2 in ring 1 with RSP pointing at
 * an unmapped address (badstack_va=, default TG_UNMAPPED_VA + 0x1000): the VMM cannot
 * write the frame and must destroy the domain (failsafe). */
#include "trapsutil.h"
#include "scenarios.h"

static struct trap_info table[TRAP_TABLE_SIZE];

void scenario_badstack(struct start_info *si)
{
    uint64_t va = (uint64_t)cmdline_get_long(si, "badstack_va", (long)(TG_UNMAPPED_VA + 0x1000));
    if (va == TG_UNMAPPED_VA + 0x1000 &&
        !check_true("unmapped_precondition", tg_unmapped_ok(), "%lx is mapped", TG_UNMAPPED_VA))
        return;
    trap_table_clear(table);
    trap_on(TRAP_UD, tg_trap_log);
    trap_set(table, TRAP_UD, 0, 0);
    if (!check_rc("set_trap_table", trap_table_load(table), 0))
        return;
    printf("testguest: ud2 with RSP %lx (the VMM must destroy this domain)\n", (unsigned long)va);
    result_ok("attempt");
    tg_arm(tg_r1_badstack_resume);
    tg_r1_badstack(va);
    result_fail("survived", "the ud2 with RSP %lx returned", (unsigned long)va);
}
