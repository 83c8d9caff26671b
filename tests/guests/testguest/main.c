/* testguest: runs the scenarios named by `scenarios=a,b,c` in that order, printing one
 * RESULT line per check, then `RESULT done passed=N failed=M`, and exits with 0 when
 * every check passed, else 1. Destructive scenarios (vmmwrite, vmmhole, ring3) end the
 * domain, so they go last; so do badhandler, badstack and nohandler3. */
#include "report.h"
#include "scenarios.h"

struct scenario {
    const char *name;
    void (*run)(struct start_info *si);
};

static const struct scenario scenarios[] = {
    { "console", scenario_console },
    { "version", scenario_version },
    { "sched", scenario_sched },
    { "unknown", scenario_unknown },
    { "mmu", scenario_mmu },
    { "multicall", scenario_multicall },
    { "vmmread", scenario_vmmread },
    { "vmmwrite", scenario_vmmwrite },
    { "vmmhole", scenario_vmmhole },
    { "ring3", scenario_ring3 },
    { "traps", scenario_traps },
    { "trapsring3", scenario_trapsring3 },
    { "syscall", scenario_syscall },
    { "trapsrefused", scenario_trapsrefused },
    { "events", scenario_events },
    { "evtchan", scenario_evtchan },
    { "eventsalign", scenario_eventsalign },
    { "timers", scenario_timers },
    { "privileged", scenario_privileged },
    { "rflags", scenario_rflags },
    { "staletlb", scenario_staletlb },
    { "vcpus", scenario_vcpus },
    { "a15", scenario_a15 },
    { "stackchan", scenario_stackchan },
    { "a31", scenario_a31 },
    { "smap", scenario_smap },
    { "gdt", scenario_gdt },
    { "consolein", scenario_consolein },
    { "a25", scenario_a25 },
    { "a25edge", scenario_a25edge },
    { "badhandler", scenario_badhandler },
    { "badstack", scenario_badstack },
    { "nohandler3", scenario_nohandler3 },
    { "a10root", scenario_a10root },
    { "a11batch", scenario_a11batch },
    { "a12multicall", scenario_a12multicall },
    { "a12super", scenario_a12super },
    { "a12entry", scenario_a12entry },
    { "a12probe", scenario_a12probe },
    { "a12exit", scenario_a12exit },
    { "a12chain", scenario_a12chain },
};

int tg_unmapped_ok(void)
{
    int found;
    uint64_t pte = pt_lookup(TG_UNMAPPED_VA, &found);
    return !(pte & PTE_P);
}

static void run_one(struct start_info *si, const char *name)
{
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        if (strcmp(scenarios[i].name, name) == 0) {
            current_scenario = scenarios[i].name;
            scenarios[i].run(si);
            return;
        }
    }
    current_scenario = name;
    result_fail("known", "no such scenario");
}

int guest_main(struct start_info *si)
{
    char list[256];
    printf("testguest: command line \"%s\"\n", cmdline(si));
    if (cmdline_get(si, "scenarios", list, sizeof list) < 0 || !list[0]) {
        current_scenario = "testguest";
        result_fail("scenarios", "no scenarios= on the command line");
    } else {
        char *p = list;
        while (*p) {
            char *name = p;
            while (*p && *p != ',')
                p++;
            if (*p)
                *p++ = 0;
            if (*name)
                run_one(si, name);
        }
    }
    printf("RESULT done passed=%d failed=%d\n", checks_passed, checks_failed);
    return checks_failed == 0 ? 0 : 1;
}
