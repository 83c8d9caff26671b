/* Trap tables, C dispatch, stack_switch, user_return (see rwlib/trap.h). */
#include <rwlib/trap.h>
#include <rwlib/printf.h>
#include <rwlib/exit.h>
#include <rwlib/string.h>

extern const char trap_stubs[], trap_stubs_end[];
extern uint64_t user_kernel_rsp;
extern const char user_resume[];

static trap_fn trap_fns[256];
static struct trap_info default_table[TRAP_TABLE_SIZE];

int trap_has_error_code(unsigned int v)
{
    return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30;
}

void *trap_stub(unsigned int v)
{
    return (void *)(trap_stubs + 16 * (v & 255));
}

void trap_table_clear(struct trap_info *table)
{
    memset(table, 0, sizeof(struct trap_info) * TRAP_TABLE_SIZE);
}

int trap_set_raw(struct trap_info *table, unsigned int vector, uint16_t cs, uint64_t address,
                 unsigned int flags)
{
    int i;
    for (i = 0; i < TRAP_TABLE_MAX && table[i].address; i++)
        if (table[i].vector == vector)
            break;
    if (i == TRAP_TABLE_MAX)
        return -1;
    int append = table[i].address == 0;
    table[i].vector = (uint8_t)vector;
    table[i].flags = (uint8_t)flags;
    table[i].cs = cs;
    table[i].address = address;
    if (append)
        memset(&table[i + 1], 0, sizeof table[i + 1]);
    return 0;
}

int trap_set(struct trap_info *table, unsigned int vector, const void *handler, unsigned int flags)
{
    uint64_t a = (uint64_t)(handler ? handler : trap_stub(vector));
    return trap_set_raw(table, vector, FLAT_RING1_CS, a, flags);
}

void trap_unset(struct trap_info *table, unsigned int vector)
{
    int i, n;
    for (n = 0; n < TRAP_TABLE_MAX && table[n].address; n++)
        ;
    for (i = 0; i < n; i++) {
        if (table[i].vector == vector && table[i].address) {
            memmove(&table[i], &table[i + 1], sizeof table[0] * (size_t)(n - i));
            n--;
            i--;
        }
    }
}

long trap_table_load(const struct trap_info *table)
{
    return HYPERVISOR_set_trap_table(table);
}

void trap_on(unsigned int vector, trap_fn fn)
{
    trap_fns[vector & 255] = fn;
}

long trap_install(unsigned int vector, trap_fn fn, unsigned int flags)
{
    trap_on(vector, fn);
    if (trap_set(default_table, vector, 0, flags) < 0)
        return -RW_ENOMEM;
    return trap_table_load(default_table);
}

struct trap_info *trap_default_table(void)
{
    return default_table;
}

void trap_print(const char *what, const struct trap_frame *f)
{
    printf("%s: vector %lu error %lx rip %lx cs %lx rflags %lx rsp %lx ss %lx\n", what,
           (unsigned long)f->vector, (unsigned long)f->error, (unsigned long)f->rip,
           (unsigned long)f->cs, (unsigned long)f->rflags, (unsigned long)f->rsp, (unsigned long)f->ss);
}

void trap_dispatch(struct trap_frame *f)
{
    trap_fn fn = trap_fns[f->vector & 255];
    if (fn) {
        fn(f);
        return;
    }
    trap_print("rwlib: unhandled trap", f);
    guest_crash();
}

__attribute__((weak)) void trap_handler(struct trap_frame *f)
{
    trap_dispatch(f);
}

long stack_switch(void *top)
{
    return HYPERVISOR_stack_switch(FLAT_RING1_SS, (uint64_t)top);
}

void user_return(struct trap_frame *f, long value)
{
    f->rip = (uint64_t)user_resume;
    f->cs = FLAT_RING1_CS;
    f->ss = FLAT_RING1_SS;
    f->rsp = user_kernel_rsp;
    f->rflags = 0x202;
    f->rax = (uint64_t)value;
}

void user_access_begin(void)
{
    __asm__ volatile("pushfq; orq $0x40000, (%%rsp); popfq" ::: "memory", "cc");
}

void user_access_end(void)
{
    __asm__ volatile("pushfq; andq $~0x40000, (%%rsp); popfq" ::: "memory", "cc");
}
