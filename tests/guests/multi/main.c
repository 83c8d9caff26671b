/* multi: a small guest kernel with two ring-3 processes, A and B, each in its own
 * address space: its own code, data and stack frames and its own L3/L2/L1 chain under
 * L4 slot 2 (user VA 0x0000010000000000, the same in both), built bottom-up through a
 * window and pinned. Two ways to switch, chosen with `as=`:
 *   as=l4   (default) each process has its own L4 (a copy of the kernel's bootstrap L4
 *           entries plus its slot 2), pinned; a switch is MMUEXT_NEW_BASEPTR;
 *   as=slot one L4; a switch rewrites the L4 slot-2 entry to the process's L3.
 * It serves their system calls through the 0x80 gate (write, yield, exit), switches
 * between them on its virtual timer (VIRQ_TIMER re-armed every `slice=` ms, default 10,
 * in the upcall), prints "proc A: tick N" lines as the processes write them, and when
 * both exited prints a summary and `multi: done ...` and exits with 0 (1 when a process
 * failed or the timer never switched). Command line: as=l4|slot loops=N ticks=N slice=ms. */
#include <rwlib/rwlib.h>
#include "multi.h"

#define MS 1000000ULL
#define TABLE_FLAGS (PTE_P | PTE_RW | PTE_US | PTE_A)
#define SLOT 0   /* window slot */

extern const char m_user_start[], m_user_end[], m_user_proc[];

struct proc {
    char name;
    int alive;
    long exit_code;
    struct trap_frame frame;    /* saved user state while not running */
    unsigned long l4_mfn, l3_mfn;
    int writes, yields, timer_switches_out;
};

static struct proc procs[2];
static int cur;
static int use_l4 = 1;
static unsigned long boot_l4_mfn;
static uint64_t slice_ns = 10 * MS;
static volatile int need_resched;
static volatile unsigned long timer_ticks, timer_in_kernel, switches;
static char kstack[16384] __attribute__((aligned(16)));

static uint64_t entry(unsigned long pfn, uint64_t flags)
{
    return ((uint64_t)pfn_to_mfn(pfn) << 12) | flags;
}

static long fill(unsigned long pfn, const void *src, size_t len, const uint64_t *e, int first, int n)
{
    return frame_fill(SLOT, pfn, src, len, e, (unsigned int)first, (unsigned int)n);
}

static long new_baseptr(unsigned long mfn)
{
    struct mmuext_op op = { .cmd = MMUEXT_NEW_BASEPTR, .arg1 = { .mfn = mfn }, .arg2 = { .vcpumask = 0 } };
    rw_u32 done = 0;
    return HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF);
}

/* Builds process p's user chain (and, with as=l4, its L4). */
static long build(struct start_info *si, struct proc *p, long loops, long ticks)
{
    size_t len = (size_t)(m_user_end - m_user_start);
    unsigned long code = frame_alloc(), data = frame_alloc(), stack = frame_alloc();
    unsigned long t1 = frame_alloc(), t2 = frame_alloc(), t3 = frame_alloc(), t4 = frame_alloc();
    if (!t4)
        return -RW_ENOMEM;
    const uint64_t l1[3] = { entry(code, PTE_P | PTE_US | PTE_A), entry(data, PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D),
                             entry(stack, PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D) };
    const uint64_t l2 = entry(t1, TABLE_FLAGS), l3 = entry(t2, TABLE_FLAGS);
    const uint64_t d[3] = { 0, (uint64_t)loops, (uint64_t)ticks };
    long rc;
    if ((rc = fill(code, m_user_start, len, 0, 0, 0)) || (rc = fill(data, 0, 0, d, 0, 3)) ||
        (rc = fill(stack, 0, 0, 0, 0, 0)) || (rc = fill(t1, 0, 0, l1, 0, 3)) || (rc = fill(t2, 0, 0, &l2, 0, 1)) ||
        (rc = fill(t3, 0, 0, &l3, 0, 1)))
        return rc;
    if ((rc = mmuext_pin(1, pfn_to_mfn(t1))) || (rc = mmuext_pin(2, pfn_to_mfn(t2))) ||
        (rc = mmuext_pin(3, pfn_to_mfn(t3))))
        return rc;
    p->l3_mfn = pfn_to_mfn(t3);
    if (use_l4) {
        /* The kernel's L4 entries (sharing its L3s), slot 2 = this process's L3. */
        const volatile uint64_t *boot = (const volatile uint64_t *)si->pt_base;
        uint64_t *l4 = window_map(SLOT, t4, 1, &rc);
        if (!l4)
            return rc;
        for (int i = 0; i < 512; i++)
            l4[i] = (i >= 256 && i < 272) ? 0 : boot[i];
        l4[M_USER_L4_SLOT] = entry(t3, TABLE_FLAGS);
        if ((rc = window_unmap(SLOT)))
            return rc;
        if ((rc = mmuext_pin(4, pfn_to_mfn(t4)))) {
            printf("multi: pinning the L4 of proc %c: %ld\n", p->name, rc);
            return rc;
        }
        p->l4_mfn = pfn_to_mfn(t4);
    }
    p->frame.rip = M_USER_CODE + (uint64_t)(m_user_proc - m_user_start);
    p->frame.cs = FLAT_RING3_CS;
    p->frame.rflags = 0x202;
    p->frame.rsp = M_USER_STACK_TOP;
    p->frame.ss = FLAT_RING3_SS;
    p->frame.rdi = (uint64_t)p->name;
    p->alive = 1;
    return 0;
}

/* Makes process n's address space current. */
static void activate(int n)
{
    long rc;
    if (use_l4)
        rc = new_baseptr(procs[n].l4_mfn);
    else if ((rc = pt_update_one(((uint64_t)boot_l4_mfn << 12) + M_USER_L4_SLOT * 8, ((uint64_t)procs[n].l3_mfn << 12) | TABLE_FLAGS)) == 0)
        rc = tlb_flush_local();
    if (rc) {
        printf("multi: switching to proc %c's address space: %ld\n", procs[n].name, rc);
        guest_crash();
    }
}

/* Saves the interrupted process's state from f and loads process n's into f. */
static void switch_to(int n, struct trap_frame *f)
{
    if (n == cur)
        return;
    procs[cur].frame = *f;
    *f = procs[n].frame;
    activate(n);
    cur = n;
    switches++;
}

static void on_timer(unsigned int port, struct trap_frame *f, void *arg)
{
    (void)port;
    (void)arg;
    timer_ticks++;
    timer_set(system_time_ns() + slice_ns);
    if (!trap_from_user(f)) {
        timer_in_kernel++;
        need_resched = 1;   /* the system-call path switches on its way out */
        return;
    }
    if (procs[1 - cur].alive) {
        procs[cur].timer_switches_out++;
        switch_to(1 - cur, f);
    }
}

/* The process ended (exit or fault): run the other, or return to the kernel. */
static void finish(struct trap_frame *f, long code)
{
    procs[cur].alive = 0;
    procs[cur].exit_code = code;
    if (procs[1 - cur].alive) {
        procs[cur].frame = *f;
        *f = procs[1 - cur].frame;
        activate(1 - cur);
        cur = 1 - cur;
        switches++;
    } else {
        user_return(f, 0);
    }
}

static void on_syscall(struct trap_frame *f)
{
    events_disable();
    struct proc *p = &procs[cur];
    switch (f->rax) {
    case M_SYS_write: {
        char buf[65];
        uint64_t a = f->rdi, len = f->rsi;
        if (len > sizeof buf - 1 || a < M_USER_BASE || a + len > M_USER_STACK_TOP) {
            f->rax = (uint64_t)-RW_EFAULT;
            break;
        }
        user_access_begin();
        memcpy(buf, (const void *)a, len);
        user_access_end();
        buf[len] = 0;
        printf("proc %c: %s\n", p->name, buf);
        p->writes++;
        f->rax = len;
        break;
    }
    case M_SYS_yield:
        p->yields++;
        f->rax = 0;
        need_resched = 0;
        if (procs[1 - cur].alive)
            switch_to(1 - cur, f);
        break;
    case M_SYS_exit:
        finish(f, (long)f->rdi);
        need_resched = 0;
        break;
    default:
        f->rax = (uint64_t)-RW_ENOSYS;
        break;
    }
    if (need_resched && trap_from_user(f)) {
        need_resched = 0;
        if (procs[1 - cur].alive)
            switch_to(1 - cur, f);
    }
    events_enable();
}

static void on_fault(struct trap_frame *f)
{
    if (!trap_from_user(f)) {
        trap_print("multi: kernel fault", f);
        guest_crash();
    }
    events_disable();
    printf("proc %c: killed by vector %lu at %lx (error %lx)\n", procs[cur].name, (unsigned long)f->vector,
           (unsigned long)f->rip, (unsigned long)f->error);
    finish(f, -100 - (long)f->vector);
    events_enable();
}

int guest_main(struct start_info *si)
{
    char as[8];
    long rc;
    if (cmdline_get(si, "as", as, sizeof as) >= 0 && strcmp(as, "slot") == 0)
        use_l4 = 0;
    long loops = cmdline_get_long(si, "loops", 10000000);
    long ticks = cmdline_get_long(si, "ticks", 6);
    slice_ns = (uint64_t)cmdline_get_long(si, "slice", 10) * MS;
    if (ticks < 1 || ticks > 9)
        ticks = 6;
    if (loops < 1)
        loops = 1;
    printf("multi: two processes, %s address spaces, %ld ticks of %ld loops each, timer every %lu ms\n",
           use_l4 ? "separate L4 (MMUEXT_NEW_BASEPTR)" : "one L4, slot 2 swapped per process", ticks, loops,
           (unsigned long)(slice_ns / MS));
    boot_l4_mfn = pt_l4_mfn();
    procs[0].name = 'A';
    procs[1].name = 'B';
    if ((rc = events_init()) || (rc = stack_switch(kstack + sizeof kstack)) ||
        (rc = trap_install(TRAP_SYSCALL, on_syscall, 3)) || (rc = trap_install(TRAP_GP, on_fault, 0)) ||
        (rc = trap_install(TRAP_PF, on_fault, 0)) || (rc = trap_install(TRAP_UD, on_fault, 0))) {
        printf("multi: setup failed: %ld\n", rc);
        return 1;
    }
    events_disable();
    long tport = evtchn_bind_virq(VIRQ_TIMER, 0);
    if (tport <= 0) {
        printf("multi: bind_virq(VIRQ_TIMER): %ld\n", tport);
        return 1;
    }
    evtchn_on((unsigned)tport, on_timer, 0);
    for (int i = 0; i < 2; i++) {
        if ((rc = build(si, &procs[i], loops, ticks))) {
            printf("multi: building proc %c: %ld\n", procs[i].name, rc);
            return 1;
        }
    }
    if (!use_l4) {
        /* Slot 2 must be free in the kernel's L4 before the first activate. */
        const volatile uint64_t *l4 = (const volatile uint64_t *)si->pt_base;
        if (l4[M_USER_L4_SLOT]) {
            printf("multi: L4 slot %d already in use\n", M_USER_L4_SLOT);
            return 1;
        }
    }
    cur = 0;
    activate(0);
    uint64_t t0 = system_time_ns();
    timer_set(t0 + slice_ns);
    events_enable();
    user_enter(procs[0].frame.rip, procs[0].frame.rsp, procs[0].frame.rdi);
    events_disable();
    timer_set(0);
    uint64_t t1 = system_time_ns();
    if (use_l4)
        rc = new_baseptr(boot_l4_mfn);
    else
        rc = pt_update_one(((uint64_t)boot_l4_mfn << 12) + M_USER_L4_SLOT * 8, 0);
    printf("multi: back in the kernel after %lu ms (address space restored: %ld); timer ticks %lu (%lu in the kernel), "
           "switches %lu\n", (unsigned long)((t1 - t0) / MS), rc, timer_ticks, timer_in_kernel, switches);
    int ok = rc == 0;
    int timer_switches = 0;
    for (int i = 0; i < 2; i++) {
        struct proc *p = &procs[i];
        printf("multi: proc %c exit %ld, writes %d, yields %d, preempted by the timer %d times\n", p->name,
               p->exit_code, p->writes, p->yields, p->timer_switches_out);
        ok &= p->exit_code == 0 && p->writes == ticks && p->yields == (ticks >= 3);
        timer_switches += p->timer_switches_out;
    }
    if (timer_switches == 0) {
        printf("multi: the timer never switched processes (raise loops=)\n");
        ok = 0;
    }
    printf("multi: done %s\n", ok ? "ok" : "FAIL");
    return ok ? 0 : 1;
}
