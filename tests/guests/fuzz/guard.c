/* Trap handling, probes and the self check (guard.h). */
#include "guard.h"
#include "fuzz.h"
#include "stats.h"

extern const char fz_jmp_resume[];
extern const char __image_start[], __hypercall_page_start[];

struct fz_jmp fz_loop_jmp;
volatile int fz_loop_armed;

static struct fz_jmp probe_jmp;
static volatile int probe_armed;
static volatile uint64_t probe_vector, probe_cr2;

#define CANARY_WORDS 512
static uint64_t canary[CANARY_WORDS] __attribute__((aligned(4096)));
static uint64_t code_sum;

static void resume_at(struct trap_frame *f, struct fz_jmp *j, long value)
{
    f->rip = (uint64_t)fz_jmp_resume;
    f->rdi = (uint64_t)j;
    f->rsi = (uint64_t)value;
    f->cs = FLAT_RING1_CS;
    f->ss = FLAT_RING1_SS;
    f->rsp = j->rsp & ~15UL;
    f->rflags &= ~(0x100UL | 0x400UL | 0x40000UL);   /* TF, DF, AC */
}

/* Every vector's stub comes here (the library's weak trap_handler is replaced). */
void trap_handler(struct trap_frame *f)
{
    uint64_t cr2 = f->vector == TRAP_PF ? trap_cr2() : 0;
    if (probe_armed) {
        probe_armed = 0;
        probe_vector = f->vector;
        probe_cr2 = cr2;
        resume_at(f, &probe_jmp, 1);
        return;
    }
    fz_self_faults++;
    if (fz_loop_armed) {
        fz_loop_armed = 0;
        fz_anomaly("self fault: vector %lu error %lx rip %lx rsp %lx cr2 %lx", (unsigned long)f->vector,
                   (unsigned long)f->error, (unsigned long)f->rip, (unsigned long)f->rsp, (unsigned long)cr2);
        resume_at(f, &fz_loop_jmp, 1);
        return;
    }
    trap_print("fuzz: fault outside any guard", f);
    guest_crash();
}

/* Upcalls (only while fz blocks: events are masked otherwise): clear what is pending and
 * return with events still masked (the VMM masked them on entry). */
void event_upcall(struct trap_frame *f)
{
    (void)f;
    struct shared_info *s = shared_info_get();
    volatile struct vcpu_info *v = (volatile struct vcpu_info *)vcpu_info_get(0);
    if (!s || !v)
        return;
    v->evtchn_upcall_pending = 0;
    uint64_t sel = __atomic_exchange_n((uint64_t *)&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned w = (unsigned)__builtin_ctzll(sel);
        sel &= sel - 1;
        __atomic_and_fetch(&s->evtchn_pending[w], s->evtchn_mask[w], __ATOMIC_SEQ_CST);
    }
    events_upcalls++;
}

long fz_guard_init(void)
{
    long rc = 0;
    struct trap_info *t = trap_default_table();
    trap_table_clear(t);
    for (unsigned v = 0; v < 32; v++)
        trap_set(t, v, 0, 0);
    if ((rc = trap_table_load(t)))
        return rc;
    return events_init();
}

void fz_guard_restore(void)
{
    if (trap_table_load(trap_default_table()) || HYPERVISOR_set_callbacks((uint64_t)events_entry_address(), 0, 0))
        fz_anomaly("could not reload the fuzzer's own trap table or callbacks");
}

int fz_probe_read(uint64_t va, uint64_t *out, uint64_t *cr2)
{
    fz_probes++;
    if (fz_setjmp(&probe_jmp)) {
        fz_probe_faults++;
        user_access_end();
        if (cr2)
            *cr2 = probe_cr2;
        return -(int)probe_vector - 1;
    }
    probe_armed = 1;
    user_access_begin();
    uint64_t v = *(volatile uint64_t *)va;
    user_access_end();
    probe_armed = 0;
    *out = v;
    return 0;
}

int fz_probe_load_fs(uint16_t sel)
{
    fz_probes++;
    if (fz_setjmp(&probe_jmp)) {
        fz_probe_faults++;
        return -(int)probe_vector - 1;
    }
    probe_armed = 1;
    __asm__ volatile("mov %0, %%fs" ::"r"(sel) : "memory");
    probe_armed = 0;
    return 0;
}

static uint64_t canary_word(unsigned i) { return 0xC0DECAFE00000000ULL ^ ((uint64_t)i * 0x9E3779B97F4A7C15ULL); }

static uint64_t sum_code(void)
{
    uint64_t sum = 0;
    for (const uint64_t *p = (const uint64_t *)__image_start; p < (const uint64_t *)__hypercall_page_start; p++)
        sum = (sum ^ *p) * 0x100000001B3ULL;
    return sum;
}

void fz_self_check_init(void)
{
    for (unsigned i = 0; i < CANARY_WORDS; i++)
        canary[i] = canary_word(i);
    code_sum = sum_code();
}

void fz_self_check(void)
{
    for (unsigned i = 0; i < CANARY_WORDS; i++) {
        if (canary[i] != canary_word(i)) {
            fz_anomaly("canary word %u is %lx (expected %lx)", i, (unsigned long)canary[i], (unsigned long)canary_word(i));
            canary[i] = canary_word(i);
        }
    }
    uint64_t now = sum_code();
    if (now != code_sum) {
        fz_anomaly("the fuzzer's code changed (checksum %lx, was %lx)", (unsigned long)now, (unsigned long)code_sum);
        code_sum = now;
    }
}
