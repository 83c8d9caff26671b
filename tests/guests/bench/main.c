/*
 * bench: the guest half of `make bench`. Measures, under QEMU's
 * -icount shift=0,sleep=off (RDTSC counts executed instructions):
 *   hypercall.null_round_trip: one HYPERVISOR_xen_version(XENVER_version) through
 *   the hypercall page (guest -> VMM -> guest), minus the same loop calling an empty
 *   function through a register the same way, averaged over ROUNDS calls.
 *   switch.vcpu_between_domains (with pingpong=1 and a second bench domain started
 *   with role=partner): SCHEDOP_yield ping-pong between the two domains; each round
 *   is two switches, each a yield hypercall that hands the CPU to the other domain;
 *   reported per switch, with the null round trip of the same run as the baseline.
 *   event.send_to_upcall (with eventping=1; the partner serves it first): an event
 *   ping-pong over an interdomain channel: the measuring domain sends and blocks, the
 *   partner's upcall answers on the same channel; half a round is one event from a
 *   send in one domain to the upcall in the other, including the switch.
 *   timer.irq_to_upcall (with timer=1): sets its one-shot timer TIMER_ROUNDS times a
 *   little ahead and spins with events enabled until the upcall; the VMM (bench mode)
 *   measures each from the timer interrupt to the upcall's first instruction and prints
 *   the figure (kernel/Arch/Startup/BenchReport.cs); this guest only makes it happen.
 *   syscall.guest_round_trip (with syscall=1): a ring-3 loop of `int $0x80` through the
 *   direct DPL-3 gate to a ring-1 handler that is only IRETQ (user.S), per call, the
 *   minimum of SYSCALL_BATCHES batches (a batch a timer interrupt lands in counts that
 *   interrupt too); the VMM printed the same loop from ring 3 to ring 0 at boot
 *   (syscall.native_round_trip), which tools/Bench takes as the baseline.
 * Prints BENCH lines (tools/Bench reads them behind the "[name] " prefix).
 */
#include <rwlib/rwlib.h>
#include <rwlib/userarea.h>

#define ROUNDS 1000

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* The same call shape as rw_hypercall2, to an empty function. */
__attribute__((noinline)) static long empty_stub(void) { return 0; }

static inline long call_empty(unsigned long a1, unsigned long a2)
{
    unsigned long target = (unsigned long)&empty_stub;
    register unsigned long rdi __asm__("rdi") = a1;
    register unsigned long rsi __asm__("rsi") = a2;
    long ret;
    __asm__ volatile("call *%[t]"
                     : "=a"(ret), "+r"(rdi), "+r"(rsi)
                     : [t] "r"(target)
                     : "rcx", "r11", "rdx", "r10", "r8", "memory", "cc");
    return ret;
}

#define SWITCH_ROUNDS 1000

#define EVENT_ROUNDS 200

#define TIMER_ROUNDS 16
#define SYSCALL_ROUNDS 1000
#define SYSCALL_BATCHES 8
#define USER_L4_SLOT 2
#define USER_WINDOW_SLOT 2

extern const char bench_user_blob[], bench_user_blob_end[];
extern void bench_sys_iret(void);

static volatile int s_timer_fired;

static void on_timer(unsigned int port, struct trap_frame *f, void *arg)
{
    (void)port; (void)f; (void)arg;
    s_timer_fired = 1;
}

/* The VMM measures; this makes TIMER_ROUNDS timer upcalls land on a running vCPU. */
static int timer_rounds(void)
{
    events_init();
    long port = evtchn_bind_virq(VIRQ_TIMER, 0);
    if (port <= 0) {
        printf("bench: bind_virq(VIRQ_TIMER) gave %ld\n", port);
        return 1;
    }
    evtchn_on((unsigned int)port, on_timer, 0);
    for (int i = 0; i < TIMER_ROUNDS; i++) {
        s_timer_fired = 0;
        timer_set(system_time_ns() + 200000);   /* 0.2 ms */
        events_enable();
        while (!s_timer_fired)
            ;
        events_disable();
    }
    evtchn_close((uint32_t)port);
    evtchn_on((unsigned int)port, 0, 0);
    return 0;
}

static void user_done(struct trap_frame *f)
{
    user_return(f, (long)f->rax);
}

static int syscall_rounds(struct start_info *si)
{
    static char kstack[8192] __attribute__((aligned(16)));
    static struct trap_info table[TRAP_TABLE_SIZE];
    long rc = user_area_build(si, USER_L4_SLOT, USER_WINDOW_SLOT, bench_user_blob,
                              (size_t)(bench_user_blob_end - bench_user_blob));
    if (rc == 0)
        rc = stack_switch(kstack + sizeof kstack);
    trap_table_clear(table);
    trap_on(TRAP_UD, user_done);
    trap_set(table, TRAP_UD, 0, 0);
    trap_set(table, TRAP_SYSCALL, (const void *)bench_sys_iret, 3);
    if (rc == 0)
        rc = trap_table_load(table);
    if (rc) {
        printf("bench: ring-3 set-up failed: %ld\n", rc);
        return 1;
    }
    long best = -1;
    for (int i = 0; i < SYSCALL_BATCHES; i++) {
        long t = user_enter(USER_AREA_CODE(USER_L4_SLOT), USER_AREA_STACK_TOP(USER_L4_SLOT), SYSCALL_ROUNDS);
        if (t > 0 && (best < 0 || t < best))
            best = t;
    }
    if (best <= 0) {
        printf("bench: the ring-3 loop gave %ld\n", best);
        return 1;
    }
    printf("BENCH syscall.guest_round_trip value=%lu unit=instructions\n", (unsigned long)best / SYSCALL_ROUNDS);
    return 0;
}

static volatile int s_events;
static unsigned int s_port;

static void count_event(unsigned int port, struct trap_frame *f, void *arg)
{
    (void)port; (void)f; (void)arg;
    s_events++;
}

static void answer_event(unsigned int port, struct trap_frame *f, void *arg)
{
    (void)f; (void)arg;
    s_events++;
    evtchn_send(port);
}

/* The other half of both ping-pongs: first answer EVENT_ROUNDS events on port 1
 * (offered to domain 0), then yield until told to stop by running out. */
static int partner(long events)
{
    if (events) {
        events_init();
        long port = evtchn_alloc_unbound(0);
        if (port != 1) {
            printf("bench: partner got port %ld, expected 1\n", port);
            return 1;
        }
        evtchn_on((unsigned int)port, answer_event, 0);
        while (s_events < EVENT_ROUNDS)
            sched_block();
        events_disable();
    }
    for (long i = 0; i < 100L * SWITCH_ROUNDS; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    return 0;
}

int guest_main(struct start_info *si)
{
    char role[16];
    if (cmdline_get(si, "role", role, sizeof role) >= 0 && strcmp(role, "partner") == 0)
        return partner(cmdline_get_long(si, "events", 0));
    long sink = HYPERVISOR_xen_version(XENVER_version, 0);   /* warm up */

    uint64_t t0 = rdtsc();
    for (int i = 0; i < ROUNDS; i++)
        sink += HYPERVISOR_xen_version(XENVER_version, 0);
    uint64_t t1 = rdtsc();
    for (int i = 0; i < ROUNDS; i++)
        sink += call_empty(XENVER_version, 0);
    uint64_t t2 = rdtsc();

    if (sink != (long)(ROUNDS + 1) * ((1L << 16) | 0)) {
        printf("bench: xen_version answered %ld in total, expected %ld\n", sink, (long)(ROUNDS + 1) * (1L << 16));
        return 1;
    }
    unsigned long hypercalls = (unsigned long)(t1 - t0), baseline = (unsigned long)(t2 - t1);
    unsigned long null_trip = (hypercalls - baseline) / ROUNDS;
    printf("BENCH hypercall.null_round_trip value=%lu unit=instructions baseline=%lu baseline_of=\"the same loop calling an empty function\"\n",
           null_trip, baseline / ROUNDS);

    if (cmdline_get_long(si, "eventping", 0)) {
        events_init();
        long local;
        while ((local = evtchn_bind_interdomain(1, 1)) < 0)
            HYPERVISOR_sched_op(SCHEDOP_yield, 0);      /* until the partner offered port 1 */
        s_port = (unsigned int)local;
        evtchn_on(s_port, count_event, 0);
        while (s_events < 1) sched_block();             /* binding raises one event: consume it */
        s_events = 0;
        uint64_t e0 = rdtsc();
        for (int i = 0; i < EVENT_ROUNDS; i++) {
            int before = s_events;
            evtchn_send(s_port);
            while (s_events == before)
                sched_block();
        }
        uint64_t e1 = rdtsc();
        events_disable();
        printf("BENCH event.send_to_upcall value=%lu unit=instructions\n",
               (unsigned long)(e1 - e0) / (2 * EVENT_ROUNDS));
    }

    if (cmdline_get_long(si, "pingpong", 0)) {
        uint64_t s0 = rdtsc();
        for (int i = 0; i < SWITCH_ROUNDS; i++)
            HYPERVISOR_sched_op(SCHEDOP_yield, 0);
        uint64_t s1 = rdtsc();
        printf("BENCH switch.vcpu_between_domains value=%lu unit=instructions baseline=%lu baseline_of=\"null hypercall round trip (same run)\"\n",
               (unsigned long)(s1 - s0) / (2 * SWITCH_ROUNDS), null_trip);
    }
    /* Last: they leave a system-call gate and a timer port that the switch and event
     * paths above would otherwise also have to handle. */
    if (cmdline_get_long(si, "syscall", 0) && syscall_rounds(si))
        return 1;
    if (cmdline_get_long(si, "timer", 0) && timer_rounds())
        return 1;
    return 0;
}
