/* nohandler3 (destructive): a #UD handler is installed but the domain never called
 * stack_switch; a ud2 in ring 3 has no ring-1 stack to go to, so the VMM must destroy the
 * domain. Needs a domain that ran no scenario calling stack_switch (trapsring3, syscall,
 * trapsrefused): run it alone or before them. */
#include "trapsutil.h"
#include "scenarios.h"

static struct trap_info table[TRAP_TABLE_SIZE];

void scenario_nohandler3(struct start_info *si)
{
    if (!check_true("no_stack_precondition", !tg_stack_switched,
                    "stack_switch was called by an earlier scenario: run nohandler3 first"))
        return;
    if (!check_rc("user_setup", tg_user_setup(si), 0))
        return;
    trap_table_clear(table);
    trap_on(TRAP_UD, tg_trap_log);
    trap_set(table, TRAP_UD, 0, 0);
    if (!check_rc("set_trap_table", trap_table_load(table), 0))
        return;
    tg_fixups_set(0, 0, TG_UVA(u_ud2));
    tg_traps_reset();
    printf("testguest: ud2 in ring 3 without a stack_switch stack (the VMM must destroy this domain)\n");
    result_ok("attempt");
    long rc = user_enter(TG_UVA(u_ud2), TG_USER_STACK_TOP, 0);
    const struct tg_trap *t = tg_trap_get(0);
    result_fail("survived", "user_enter gave %ld; the #UD was delivered with its frame ending at %lx", rc,
                t ? (unsigned long)t->frame_end : 0UL);
}
