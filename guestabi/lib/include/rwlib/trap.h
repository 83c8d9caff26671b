/* Traps: building the trap table (set_trap_table), the library's entry stubs, the C
 * dispatch, the ring-1 stack used when entering from ring 3 (stack_switch), and entering
 * ring 3 from the kernel and coming back (user_enter / user_return).
 *
 * Every vector v has a stub at trap_stub(v). A stub pushes a 0 error code for the vectors
 * without one (all but 8, 10-14, 17, 21, 29, 30) and the vector number, saves every
 * general register, calls trap_handler(frame) on the same stack (aligned to 16 bytes),
 * restores the registers from the frame (a C handler may change any of them, and rip,
 * rsp, rflags, cs, ss), drops vector and error code and returns with iretq. The library's
 * trap_handler (weak: a guest may define its own) calls the function registered with
 * trap_on(vector, fn), or prints the frame and crashes the domain when there is none. */
#ifndef RWLIB_TRAP_H
#define RWLIB_TRAP_H

#include <rwlib/types.h>

/* Saved state of one trap, lowest address first (what the stub pushed, then the frame the
 * VMM or the CPU built: rip, cs, rflags, rsp, ss). */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector; /* pushed by the stub */
    uint64_t error;  /* the error code, or 0 pushed by the stub */
    uint64_t rip, cs, rflags, rsp, ss;
};
_Static_assert(sizeof(struct trap_frame) == 22 * 8, "trap_frame layout");

typedef void (*trap_fn)(struct trap_frame *f);

/* Exception vectors. */
#define TRAP_DE 0   /* divide error */
#define TRAP_DB 1
#define TRAP_NMI 2
#define TRAP_BP 3   /* int3 */
#define TRAP_OF 4
#define TRAP_BR 5
#define TRAP_UD 6   /* invalid opcode */
#define TRAP_NM 7
#define TRAP_DF 8
#define TRAP_TS 10
#define TRAP_NP 11
#define TRAP_SS 12
#define TRAP_GP 13  /* general protection */
#define TRAP_PF 14  /* page fault: address in shared_info vcpu_info[].arch.cr2 */
#define TRAP_MF 16
#define TRAP_AC 17
#define TRAP_MC 18
#define TRAP_XM 19
#define TRAP_SYSCALL 0x80 /* the system-call gate (DPL 3 allowed only here) */

/* #PF error-code bits. */
#define PF_ERR_P 1   /* protection violation (0: not present) */
#define PF_ERR_W 2   /* write */
#define PF_ERR_U 4   /* from ring 3 */
#define PF_ERR_I 16  /* instruction fetch */

/* A trap table: up to 256 entries plus the terminator (address 0). Zero it (or
 * trap_table_clear) before the first trap_set. */
#define TRAP_TABLE_MAX 256
#define TRAP_TABLE_SIZE (TRAP_TABLE_MAX + 1)

/* 1 when the CPU pushes an error code for vector v. */
int trap_has_error_code(unsigned int v);

/* Address of the library's entry stub for vector v (0..255). */
void *trap_stub(unsigned int v);

/* Empties table (TRAP_TABLE_SIZE entries). */
void trap_table_clear(struct trap_info *table);

/* Sets the entry for vector in table (TRAP_TABLE_SIZE entries ended by address 0):
 * replaces an entry with the same vector or appends one, keeping the terminator.
 * handler NULL = trap_stub(vector); flags = DPL (0..3) | TI_MASK_EVENTS; cs is
 * FLAT_RING1_CS. Returns 0, or -1 when the table is full. Does not load the table. */
int trap_set(struct trap_info *table, unsigned int vector, const void *handler, unsigned int flags);

/* As trap_set with any cs and raw address (for tests of the VMM's checks). */
int trap_set_raw(struct trap_info *table, unsigned int vector, uint16_t cs, uint64_t address,
                 unsigned int flags);

/* Removes vector's entry from table. */
void trap_unset(struct trap_info *table, unsigned int vector);

/* HYPERVISOR_set_trap_table(table): 0 or the VMM's error (NULL clears every handler). */
long trap_table_load(const struct trap_info *table);

/* The C function trap_handler calls for vector (NULL: none; the domain crashes). */
void trap_on(unsigned int vector, trap_fn fn);

/* Convenience over a table the library keeps: trap_on(vector, fn), trap_set(.., vector,
 * NULL (the stub), flags) and trap_table_load. Returns the VMM's answer. */
long trap_install(unsigned int vector, trap_fn fn, unsigned int flags);

/* The library's table used by trap_install (e.g. to reload it after another table). */
struct trap_info *trap_default_table(void);

/* Called by every stub. Weak: the library's version calls trap_dispatch. */
void trap_handler(struct trap_frame *f);

/* Calls the function registered for f->vector, or prints the frame and guest_crash(). */
void trap_dispatch(struct trap_frame *f);

/* Prints the frame (one line). */
void trap_print(const char *what, const struct trap_frame *f);

/* 1 when the trap came from ring 3. */
static inline int trap_from_user(const struct trap_frame *f)
{
    return (f->cs & 3) == 3;
}

/* HYPERVISOR_stack_switch(FLAT_RING1_SS, top): the ring-1 stack for traps and the
 * system-call gate from ring 3. top should be 16-byte aligned. */
long stack_switch(void *top);

/* Enters ring 3 at rip with rsp (CS 0x33, SS 0x2B, RFLAGS 0x202, RDI = arg, the other
 * registers 0) and returns the value a trap handler gives to user_return. The kernel's
 * callee-saved registers and stack pointer are kept in one global: not reentrant. */
long user_enter(uint64_t rip, uint64_t rsp, uint64_t arg);

/* From a trap handler of a trap that came from ring 3 (entered with user_enter): rewrites
 * the frame so that its iretq resumes the kernel in ring 1, where user_enter returns
 * value. */
void user_return(struct trap_frame *f, long value);

/* Allow / forbid ring-1 accesses to user pages when SMAP is on (sets / clears RFLAGS.AC
 * with popfq, which any ring may do). */
void user_access_begin(void);
void user_access_end(void);

#endif
