/* The scenarios of the test guest; each reports its checks through report.h. */
#ifndef TESTGUEST_SCENARIOS_H
#define TESTGUEST_SCENARIOS_H

#include <rwlib/rwlib.h>

void scenario_console(struct start_info *si);
void scenario_version(struct start_info *si);
void scenario_sched(struct start_info *si);
void scenario_unknown(struct start_info *si);
void scenario_mmu(struct start_info *si);
void scenario_multicall(struct start_info *si);
void scenario_vmmread(struct start_info *si);
void scenario_vmmwrite(struct start_info *si);   /* destructive */
void scenario_vmmhole(struct start_info *si);    /* destructive */
void scenario_ring3(struct start_info *si);      /* destructive */
void scenario_traps(struct start_info *si);
void scenario_trapsring3(struct start_info *si);
void scenario_syscall(struct start_info *si);
void scenario_trapsrefused(struct start_info *si);
void scenario_events(struct start_info *si);
void scenario_evtchan(struct start_info *si);
void scenario_eventsalign(struct start_info *si);
void scenario_timers(struct start_info *si);
void scenario_privileged(struct start_info *si);
void scenario_rflags(struct start_info *si);
void scenario_staletlb(struct start_info *si);
void scenario_vcpus(struct start_info *si);      /* needs vcpus=2 */
void scenario_a15(struct start_info *si);
void scenario_stackchan(struct start_info *si); /* role=writer|reader, two domains */        /* needs vcpus=2; uses vCPU 1 */
void scenario_smap(struct start_info *si);
void scenario_a31(struct start_info *si);        /* role=victim|attacker; victim end=die is destructive */
void scenario_gdt(struct start_info *si);
void scenario_consolein(struct start_info *si);
void scenario_a25(struct start_info *si);
void scenario_a25edge(struct start_info *si);    /* destructive */
void scenario_badhandler(struct start_info *si); /* destructive */
void scenario_badstack(struct start_info *si);   /* destructive */
void scenario_nohandler3(struct start_info *si); /* destructive; before any stack_switch */
void scenario_a10root(struct start_info *si);    /* hostile: stale root copy (issue 9) */
void scenario_a11batch(struct start_info *si);   /* hostile: a batch on a base it left (issue 9) */
void scenario_a12multicall(struct start_info *si); /* hostile: a huge multicall (issue 9) */
void scenario_a12super(struct start_info *si);   /* hostile: superpage accounting (issue 9); mem=64M */
void scenario_a12entry(struct start_info *si);   /* hostile: the cost of one entry's budget (issue 9 review) */
void scenario_a12exit(struct start_info *si);    /* hostile: page tables left for the final entry (issue 9 review) */
void scenario_a12chain(struct start_info *si);   /* hostile: destroyed on its next switch-in (issue 9 review); never returns */
void scenario_a12probe(struct start_info *si);   /* the longest VMM entry a bystander sees (issue 9 review) */

/* Addresses the scenarios use. */
#define TG_UNMAPPED_VA     0x0000000010000000UL   /* L4 slot 0: nothing mapped at start of day */
#define TG_NONCANONICAL_VA 0x0000800000000000UL
#define TG_VMM_HOLE_VA     0xFFFF808000000000UL   /* reserved VMM range, unmapped */
#define TG_ENTRY_AREA_VA   0xFFFF878000000000UL   /* VMM entry area: code */
#define TG_ENTRY_GDT_VA    (TG_ENTRY_AREA_VA + 0x10000)
#define TG_ENTRY_IDT_VA    (TG_ENTRY_AREA_VA + 0x11000)

/* Window slots (rwlib/window.h) each scenario uses. */
#define TG_SLOT_ATTACK      0   /* hostile.c: filling and reading frames */
#define TG_SLOT_ATTACK2     1   /* hostile scenarios: a table mapped writable */
#define TG_SLOT_MMU_FIRST   2   /* 2..7 (a15 uses 2) */
#define TG_SLOT_MC_FIRST    8   /* 8..9 */
#define TG_SLOT_RING3       10
#define TG_SLOT_VERSION_RO  11
#define TG_SLOT_USER        12   /* user.c (trap scenarios) */
#define TG_SLOT_TRAPS_RO    13   /* traps: a read-only page */
#define TG_SLOT_STALE       14   /* staletlb: the page mapped, unmapped and remapped */
#define TG_SLOT_STALE_FILL  15   /* staletlb: fills frames */

/* Precondition used by several scenarios: TG_UNMAPPED_VA really is unmapped. */
int tg_unmapped_ok(void);

#endif
