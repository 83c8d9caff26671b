/* The victim's and the attacker's register-holding code of the a31 scenario (a31.c).
 *
 * Victim code lies between a31_victim_code and a31_victim_code_end, which the attacker
 * never executes: a RIP in that range on a VMM stack is the victim's. Each victim
 * routine saves the callee-saved registers and RSP, moves RSP into a31_vstack (a range
 * only the victim uses), sets every general register to VREG(i, k) (k = the caller's
 * tag, 0..255), loads RFLAGS VFLAGS (| TF where it single-steps), runs its body, stores
 * the registers into a31_regs_after (the caller checks that they survived), and returns.
 * The #DB handler (a31.c) only counts; the library's trap stub restores every register
 * and returns with IRETQ, so single-stepping goes on until TF is cleared.
 *
 *   (a31_v0_* run on vCPU 0, a31_v1_* on vCPU 1: each bank has its own data and half
 *   of a31_vstack.)
 *   a31_v_step(k)         64 single-stepped instructions (a #DB, through its IST stack,
 *                         after each)
 *   a31_v_step_yield(k)   single-steps into and across sched_op(yield) through the
 *                         hypercall page, then 16 more steps
 *   a31_v_spin_tf(k, n)   a loop of n single-stepped iterations (long enough for time
 *                         slices to end while it steps)
 *   a31_v_spin(k, n)      the same loop without TF (preempted by the timer)
 *   a31_v_int3(k)         int3 8 times (#BP: an exception entry on the entry stack)
 *   a31_v_hcall(k, nr)    hypercall nr (xen_version or yield: RDI = RSI = 0) with every
 *                         other register patterned
 *   a31_v_die(k)          xen_version with patterned registers, then a single step with
 *                         no #DB handler: the domain is destroyed on that IST entry
 *   a31_a_step_yield()    (attacker) single-steps itself across sched_op(yield) */
#define VREG(i, k) (0xA31F00D000000000 + ((i) << 16) + (k))
#define VFLAGS 0x240AD7        /* ID AC OF IF SF ZF AF PF CF and bit 1 */
#define TF 0x100
#define VSTACK_SIZE 16384
#define XEN_VERSION 17
#define SCHED_OP 29

    .text
    .globl a31_victim_code, a31_victim_code_end
a31_victim_code:

/* Prologue: callee-saved registers on the caller's stack, RSP saved, RSP into the
 * victim stack; a second argument (n) goes to a31_count. */
.macro ENTER b
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, a31_saved_rsp\b(%rip)
    mov %rsi, a31_count\b(%rip)
    lea a31_vstack+(\b+1)*VSTACK_SIZE-0x58(%rip), %rsp
    mov %rdi, a31_tag\b(%rip)
.endm

/* Every general register = VREG(i, a31_tag); RFLAGS = \flags. */
.macro PATTERN b, flags
    push $\flags
    mov a31_tag\b(%rip), %r11
    movabs $VREG(0, 0), %rax;  add %r11, %rax
    movabs $VREG(1, 0), %rbx;  add %r11, %rbx
    movabs $VREG(2, 0), %rcx;  add %r11, %rcx
    movabs $VREG(3, 0), %rdx;  add %r11, %rdx
    movabs $VREG(4, 0), %rsi;  add %r11, %rsi
    movabs $VREG(5, 0), %rdi;  add %r11, %rdi
    movabs $VREG(6, 0), %rbp;  add %r11, %rbp
    movabs $VREG(7, 0), %r8;   add %r11, %r8
    movabs $VREG(8, 0), %r9;   add %r11, %r9
    movabs $VREG(9, 0), %r10;  add %r11, %r10
    movabs $VREG(11, 0), %r12; add %r11, %r12
    movabs $VREG(12, 0), %r13; add %r11, %r13
    movabs $VREG(13, 0), %r14; add %r11, %r14
    movabs $VREG(14, 0), %r15; add %r11, %r15
    push %rax
    movabs $VREG(10, 0), %rax
    add %rax, %r11
    pop %rax
    popfq
.endm

/* Registers into a31_regs_after (rax rbx rcx rdx rsi rdi rbp r8..r15), TF and the
 * pattern flags off, RSP and the callee-saved registers back, return. */
.macro LEAVE b
    push $0x202
    popfq
    mov %rax, a31_regs_after\b+0(%rip)
    mov %rbx, a31_regs_after\b+8(%rip)
    mov %rcx, a31_regs_after\b+16(%rip)
    mov %rdx, a31_regs_after\b+24(%rip)
    mov %rsi, a31_regs_after\b+32(%rip)
    mov %rdi, a31_regs_after\b+40(%rip)
    mov %rbp, a31_regs_after\b+48(%rip)
    mov %r8, a31_regs_after\b+56(%rip)
    mov %r9, a31_regs_after\b+64(%rip)
    mov %r10, a31_regs_after\b+72(%rip)
    mov %r11, a31_regs_after\b+80(%rip)
    mov %r12, a31_regs_after\b+88(%rip)
    mov %r13, a31_regs_after\b+96(%rip)
    mov %r14, a31_regs_after\b+104(%rip)
    mov %r15, a31_regs_after\b+112(%rip)
    mov a31_saved_rsp\b(%rip), %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret
.endm

.macro VBANK b
    .globl a31_v\b\()_step
    .type a31_v\b\()_step, @function
a31_v\b\()_step:
    ENTER \b
    PATTERN \b, VFLAGS|TF
    .rept 64
    nop
    .endr
    LEAVE \b

/* The hypercall page stub for N: hypercall_page + N * 32. RAX, RDI and RSI carry the
 * call (they hold the call's values, not patterns); the rest stay patterned. */
    .globl a31_v\b\()_step_yield
    .type a31_v\b\()_step_yield, @function
a31_v\b\()_step_yield:
    ENTER \b
    PATTERN \b, VFLAGS|TF
    xor %edi, %edi              /* SCHEDOP_yield */
    xor %esi, %esi
    call hypercall_page + SCHED_OP * 32
    .rept 16
    nop
    .endr
    LEAVE \b

    .globl a31_v\b\()_spin_tf
    .type a31_v\b\()_spin_tf, @function
a31_v\b\()_spin_tf:
    ENTER \b
    PATTERN \b, VFLAGS|TF
1:  decq a31_count\b(%rip)
    jnz 1b
    LEAVE \b

    .globl a31_v\b\()_spin
    .type a31_v\b\()_spin, @function
a31_v\b\()_spin:
    ENTER \b
    PATTERN \b, VFLAGS
1:  decq a31_count\b(%rip)
    jnz 1b
    LEAVE \b

    .globl a31_v\b\()_int3
    .type a31_v\b\()_int3, @function
a31_v\b\()_int3:
    ENTER \b
    PATTERN \b, VFLAGS
    .rept 8
    int3                        /* #BP: an exception entry on the entry stack */
    .endr
    LEAVE \b

/* a31_v\b\()_hcall(k, nr): RDI = RSI = 0 at the call. */
    .globl a31_v\b\()_hcall
    .type a31_v\b\()_hcall, @function
a31_v\b\()_hcall:
    ENTER \b
    shl $5, %rsi
    lea hypercall_page(%rip), %rax
    add %rax, %rsi
    mov %rsi, a31_target\b(%rip)
    PATTERN \b, VFLAGS
    xor %edi, %edi
    xor %esi, %esi
    call *a31_target\b(%rip)
    LEAVE \b

    .globl a31_v\b\()_die
    .type a31_v\b\()_die, @function
a31_v\b\()_die:
    ENTER \b
    PATTERN \b, VFLAGS
    xor %edi, %edi              /* XENVER_version */
    xor %esi, %esi
    call hypercall_page + XEN_VERSION * 32
    movabs $VREG(0, 0), %rax
    add a31_tag\b(%rip), %rax
    movabs $VREG(5, 0), %rdi
    add a31_tag\b(%rip), %rdi
    movabs $VREG(4, 0), %rsi
    add a31_tag\b(%rip), %rsi
    push $VFLAGS|TF
    popfq
    nop                         /* the #DB after it has no handler now: destroyed here */
    ud2
.endm

VBANK 0
VBANK 1
a31_victim_code_end:

/* Attacker: single-steps itself into and across sched_op(yield). Registers are the
 * attacker's own; only RFLAGS.TF matters. */
    .globl a31_a_step_yield
    .type a31_a_step_yield, @function
a31_a_step_yield:
    push %rbx
    pushfq
    orq $TF, (%rsp)
    popfq
    xor %edi, %edi
    xor %esi, %esi
    call hypercall_page + SCHED_OP * 32
    .rept 16
    nop
    .endr
    pushfq
    andq $~TF, (%rsp)
    popfq
    pop %rbx
    ret

    .section .bss
    .balign 16
    .globl a31_vstack, a31_vstack_end, a31_regs_after0, a31_regs_after1
a31_vstack:                     /* bank 0 (vCPU 0), then bank 1 (vCPU 1) */
    .skip 2 * VSTACK_SIZE
a31_vstack_end:
.macro VDATA b
a31_regs_after\b:
    .skip 15 * 8
a31_saved_rsp\b:
    .quad 0
a31_count\b:
    .quad 0
a31_tag\b:
    .quad 0
a31_target\b:
    .quad 0
.endm
VDATA 0
VDATA 1

    .section .note.GNU-stack, "", @progbits
