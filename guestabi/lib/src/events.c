/* Events and time (see rwlib/events.h). */
#include <rwlib/events.h>
#include <rwlib/sharedinfo.h>

extern const char events_entry[];

volatile unsigned long events_upcalls, events_dispatched, events_unhandled;

static struct {
    evtchn_fn fn;
    void *arg;
} port_handlers[EVTCHN_PORTS];

#define barrier() __asm__ volatile("" ::: "memory")

static volatile struct vcpu_info *vinfo(void)
{
    return (volatile struct vcpu_info *)vcpu_info_get(0);
}

void *events_entry_address(void)
{
    return (void *)events_entry;
}

long events_init(void)
{
    long rc;
    if (!shared_info_map(&rc))
        return rc;
    return HYPERVISOR_set_callbacks((uint64_t)events_entry, 0, 0);
}

void evtchn_on(unsigned int port, evtchn_fn fn, void *arg)
{
    if (port >= EVTCHN_PORTS)
        return;
    port_handlers[port].arg = arg;
    barrier();
    port_handlers[port].fn = fn;
}

static void scan(struct trap_frame *f)
{
    struct shared_info *s = shared_info_get();
    volatile struct vcpu_info *v = vinfo();
    v->evtchn_upcall_pending = 0;
    barrier();
    uint64_t sel = __atomic_exchange_n((uint64_t *)&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned int w = (unsigned int)__builtin_ctzll(sel);
        sel &= sel - 1;
        uint64_t bits = __atomic_load_n(&s->evtchn_pending[w], __ATOMIC_SEQ_CST) &
                        ~__atomic_load_n(&s->evtchn_mask[w], __ATOMIC_SEQ_CST);
        while (bits) {
            unsigned int b = (unsigned int)__builtin_ctzll(bits);
            bits &= bits - 1;
            unsigned int port = w * 64 + b;
            __atomic_and_fetch(&s->evtchn_pending[w], ~(1ULL << b), __ATOMIC_SEQ_CST);
            evtchn_fn fn = port < EVTCHN_PORTS ? port_handlers[port].fn : 0;
            if (fn) {
                events_dispatched++;
                fn(port, f, port_handlers[port].arg);
            } else {
                events_unhandled++;
            }
        }
    }
}

__attribute__((weak)) void event_upcall(struct trap_frame *f)
{
    volatile struct vcpu_info *v = vinfo();
    events_upcalls++;
    for (;;) {
        scan(f);
        barrier();
        v->evtchn_upcall_mask = 0;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        if (!v->evtchn_upcall_pending)
            break;
        v->evtchn_upcall_mask = 1;   /* became pending meanwhile: scan again, masked */
        barrier();
    }
}

int events_disable(void)
{
    volatile struct vcpu_info *v = vinfo();
    if (!v)
        return 1;
    int old = v->evtchn_upcall_mask != 0;
    v->evtchn_upcall_mask = 1;
    barrier();
    return old;
}

void events_enable(void)
{
    volatile struct vcpu_info *v = vinfo();
    if (!v)
        return;
    barrier();
    v->evtchn_upcall_mask = 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (v->evtchn_upcall_pending)
        HYPERVISOR_xen_version(0, 0);   /* any hypercall: the VMM delivers on the way back */
}

void events_restore(int old)
{
    if (!old)
        events_enable();
}

int events_masked(void)
{
    volatile struct vcpu_info *v = vinfo();
    return !v || v->evtchn_upcall_mask != 0;
}

/* The records are kept 8-byte aligned: the VMM reads them with 8-byte accesses and
 * answers -EFAULT for a 4-byte-aligned one (reported; Xen accepts any alignment). */
long evtchn_op(int cmd, void *arg)
{
    return HYPERVISOR_event_channel_op(cmd, arg);
}

long evtchn_alloc_unbound(uint16_t remote_dom)
{
    struct evtchn_alloc_unbound a __attribute__((aligned(8))) = { .dom = DOMID_SELF, .remote_dom = remote_dom, .port = 0 };
    long rc = evtchn_op(EVTCHNOP_alloc_unbound, &a);
    return rc ? rc : (long)a.port;
}

long evtchn_bind_interdomain(uint16_t remote_dom, uint32_t remote_port)
{
    struct evtchn_bind_interdomain b __attribute__((aligned(8))) = { .remote_dom = remote_dom, .remote_port = remote_port, .local_port = 0 };
    long rc = evtchn_op(EVTCHNOP_bind_interdomain, &b);
    return rc ? rc : (long)b.local_port;
}

long evtchn_bind_virq(uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq b __attribute__((aligned(8))) = { .virq = virq, .vcpu = vcpu, .port = 0 };
    long rc = evtchn_op(EVTCHNOP_bind_virq, &b);
    return rc ? rc : (long)b.port;
}

long evtchn_send(uint32_t port)
{
    struct evtchn_send s __attribute__((aligned(8))) = { .port = port };
    return evtchn_op(EVTCHNOP_send, &s);
}

long evtchn_close(uint32_t port)
{
    struct evtchn_close c __attribute__((aligned(8))) = { .port = port };
    return evtchn_op(EVTCHNOP_close, &c);
}

long evtchn_unmask(uint32_t port)
{
    struct evtchn_unmask u __attribute__((aligned(8))) = { .port = port };
    return evtchn_op(EVTCHNOP_unmask, &u);
}

int evtchn_is_pending(unsigned int port)
{
    struct shared_info *s = shared_info_get();
    if (!s || port >= 4096)
        return 0;
    return (__atomic_load_n(&s->evtchn_pending[port / 64], __ATOMIC_SEQ_CST) >> (port % 64)) & 1;
}

void evtchn_clear_pending(unsigned int port)
{
    struct shared_info *s = shared_info_get();
    if (s && port < 4096)
        __atomic_and_fetch(&s->evtchn_pending[port / 64], ~(1ULL << (port % 64)), __ATOMIC_SEQ_CST);
}

void evtchn_mask(unsigned int port)
{
    struct shared_info *s = shared_info_get();
    if (s && port < 4096)
        __atomic_or_fetch(&s->evtchn_mask[port / 64], 1ULL << (port % 64), __ATOMIC_SEQ_CST);
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

uint64_t system_time_ns(void)
{
    volatile struct vcpu_info *v = vinfo();
    if (!v)
        return 0;
    volatile struct vcpu_time_info *t = &v->time;
    uint32_t ver;
    uint64_t ts, st, tsc;
    uint32_t mul;
    int8_t shift;
    do {
        ver = t->version;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        ts = t->tsc_timestamp;
        st = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        tsc = rdtsc();
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    } while ((ver & 1) || ver != t->version);
    uint64_t delta = tsc - ts;
    if (shift >= 0)
        delta <<= shift;
    else
        delta >>= -shift;
    return st + (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

long timer_set(uint64_t deadline)
{
    return HYPERVISOR_set_timer_op(deadline);
}

long sched_block(void)
{
    return HYPERVISOR_sched_op(SCHEDOP_block, 0);
}

void delay_until(uint64_t deadline)
{
    while (system_time_ns() < deadline)
        __asm__ volatile("pause");
}
