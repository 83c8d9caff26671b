/* rflags (A26): hostile RFLAGS bits around the VMM's and the CPU's returns.
 * 1. In ring 1, popfq with NT, AC, DF and IOPL 3 (TF skipped: too disruptive), then a
 *    hypercall (xen_version): at CPL 1 the popfq cannot raise IOPL (stays 0); the VMM
 *    returns normally with NT cleared (its sanitising), IOPL 0, IF set, and DF and AC as
 *    the guest set them (they are the guest's). A popfq clearing IF is ignored at CPL 1
 *    (IOPL 0 < CPL): IF stays set.
 * 2. A trap handler sets IOPL 3 and NT in its frame and returns with the library stub's
 *    native iretq (the CPU's, not the VMM's): IOPL must stay 0 (CPL 1 cannot raise it);
 *    NT after the iretq is reported (the CPU loads it from the frame).
 * 3. An iretq executed with NT set raises #GP in 64-bit mode: the guest's own #GP
 *    handler must see it (frame RIP = the iretq, NT set in the frame), with NT clear in
 *    the RFLAGS the VMM delivers the handler with (else its own iretq would fault). */
#include "trapsutil.h"
#include "scenarios.h"

#define F_IF 0x200UL
#define F_DF 0x400UL
#define F_IOPL 0x3000UL
#define F_NT 0x4000UL
#define F_AC 0x40000UL

void tg_rf_hypercall(uint64_t flags, uint64_t out[3]);
uint64_t tg_rf_ud(void);
uint64_t tg_rf_nt_iret(void);
extern const char tg_rf_ud_insn[], tg_rf_ud_resume[], tg_rf_nt_iret_insn[], tg_rf_nt_iret_resume[];

static struct trap_info table[TRAP_TABLE_SIZE];

static struct {
    int hits, stray;
    uint64_t vector, rip, frame_rflags, live_rflags;
} rec;

static uint64_t rflags_now(void)
{
    uint64_t f;
    __asm__ volatile("pushfq; pop %0" : "=r"(f));
    return f;
}

static void rf_trap(struct trap_frame *f)
{
    uint64_t live = rflags_now();
    if (live & F_NT) /* the stub's iretq would fault: clear it here */
        __asm__ volatile("pushfq; andq %0, (%%rsp); popfq" : : "i"(~F_NT) : "memory", "cc");
    if (!trap_from_user(f) && !rec.hits) {
        rec.hits++;
        rec.vector = f->vector;
        rec.rip = f->rip;
        rec.frame_rflags = f->rflags;
        rec.live_rflags = live;
        if (f->rip == (uint64_t)tg_rf_ud_insn) {
            f->rflags |= F_IOPL | F_NT;
            f->rip = (uint64_t)tg_rf_ud_resume;
            return;
        }
        if (f->rip == (uint64_t)tg_rf_nt_iret_insn) {
            f->rflags &= ~F_NT;
            f->rip = (uint64_t)tg_rf_nt_iret_resume;
            return;
        }
    }
    rec.stray++;
    trap_print("testguest: rflags: unexpected trap", f);
    guest_crash();
}

static void hostile_hypercall(const char *name, uint64_t set, uint64_t clear, long version)
{
    uint64_t out[3] = { 0, 0, 0 };
    uint64_t base = rflags_now();
    tg_rf_hypercall((base | set) & ~clear, out);
    uint64_t want = (set | clear) & (F_DF | F_AC); /* the guest's own bits, as set */
    char check[48];
    printf("testguest: rflags %s: before %lx, after popfq %lx, after hypercall %lx\n", name, (unsigned long)base,
           (unsigned long)out[0], (unsigned long)out[1]);
    snprintf(check, sizeof check, "%s.popf_iopl0", name);
    check_true(check, !(out[0] & F_IOPL) && (out[0] & F_IF), "after popfq %lx: IOPL must stay 0 and IF set at CPL 1",
               (unsigned long)out[0]);
    snprintf(check, sizeof check, "%s.returned", name);
    check_true(check, out[2] == (uint64_t)version, "xen_version gave %lx, expected %lx", (unsigned long)out[2],
               (unsigned long)version);
    snprintf(check, sizeof check, "%s.nt_cleared", name);
    check_true(check, !(out[1] & F_NT), "after the hypercall %lx: NT set (popfq left %lx)", (unsigned long)out[1],
               (unsigned long)out[0]);
    snprintf(check, sizeof check, "%s.iopl0_if", name);
    check_true(check, !(out[1] & F_IOPL) && (out[1] & F_IF), "after the hypercall %lx", (unsigned long)out[1]);
    snprintf(check, sizeof check, "%s.df_ac_kept", name);
    check_true(check, (out[1] & (F_DF | F_AC)) == (want & set) && (out[0] & (F_DF | F_AC)) == (want & set),
               "DF/AC after popfq %lx, after the hypercall %lx, set %lx", (unsigned long)(out[0] & (F_DF | F_AC)),
               (unsigned long)(out[1] & (F_DF | F_AC)), (unsigned long)(want & set));
}

void scenario_rflags(struct start_info *si)
{
    (void)si;
    long err = 0;
    if (!check_true("shared_info_map", shared_info_map(&err) != 0, "%s", rc_name(err)))
        return;
    long version = HYPERVISOR_xen_version(XENVER_version, 0);

    hostile_hypercall("hostile", F_NT | F_AC | F_DF | F_IOPL, 0, version);
    hostile_hypercall("nt_only", F_NT, 0, version);
    hostile_hypercall("if_clear", 0, F_IF, version);

    trap_table_clear(table);
    trap_on(TRAP_UD, rf_trap);
    trap_on(TRAP_GP, rf_trap);
    trap_set(table, TRAP_UD, 0, 0);
    trap_set(table, TRAP_GP, 0, 0);
    if (!check_rc("set_trap_table", trap_table_load(table), 0))
        return;

    /* 2: IOPL 3 and NT through a handler's own iretq. */
    memset(&rec, 0, sizeof rec);
    uint64_t fl = tg_rf_ud();
    printf("testguest: rflags handler_iretq: frame %lx, handler ran with %lx, after iretq %lx (NT %s)\n",
           (unsigned long)rec.frame_rflags, (unsigned long)rec.live_rflags, (unsigned long)fl,
           fl & F_NT ? "loaded from the frame" : "clear");
    if (check_true("handler_iretq.delivered", rec.hits == 1 && rec.vector == TRAP_UD, "%d traps, vector %lu",
                   rec.hits, (unsigned long)rec.vector)) {
        check_true("handler_iretq.frame_iopl0_nt0", !(rec.frame_rflags & (F_IOPL | F_NT)), "bounce frame rflags %lx",
                   (unsigned long)rec.frame_rflags);
        check_true("handler_iretq.iopl0", !(fl & F_IOPL) && (fl & F_IF), "after iretq %lx: IOPL raised at CPL 1",
                   (unsigned long)fl);
    }
    check_true("handler_iretq.flags_restored", !(rflags_now() & (F_IOPL | F_NT)), "rflags now %lx",
               (unsigned long)rflags_now());

    /* 3: iretq with NT set. */
    memset(&rec, 0, sizeof rec);
    fl = tg_rf_nt_iret();
    printf("testguest: rflags nt_iretq: %s, frame %lx, handler ran with %lx, after %lx\n",
           rec.hits ? "#GP" : "no fault", (unsigned long)rec.frame_rflags, (unsigned long)rec.live_rflags,
           (unsigned long)fl);
    if (check_true("nt_iretq.gp", rec.hits == 1 && rec.vector == TRAP_GP && rec.rip == (uint64_t)tg_rf_nt_iret_insn,
                   "%d traps, vector %lu at %lx (iretq at %lx)", rec.hits, (unsigned long)rec.vector,
                   (unsigned long)rec.rip, (unsigned long)tg_rf_nt_iret_insn)) {
        check_true("nt_iretq.frame_nt", (rec.frame_rflags & F_NT) != 0, "frame rflags %lx: NT of the faulting context "
                   "lost", (unsigned long)rec.frame_rflags);
        check_true("nt_iretq.handler_nt_clear", !(rec.live_rflags & F_NT), "the handler ran with rflags %lx (NT set: "
                   "its own iretq would fault)", (unsigned long)rec.live_rflags);
    }
    check_true("nt_iretq.after", !(fl & (F_NT | F_IOPL)) && (fl & F_IF), "rflags after %lx", (unsigned long)fl);

    trap_on(TRAP_UD, 0);
    trap_on(TRAP_GP, 0);
    check_rc("clear_trap_table", trap_table_load(0), 0);
}
