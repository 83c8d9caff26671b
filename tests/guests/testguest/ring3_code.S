/* Code copied to the user-accessible page of the ring3 scenario and run in ring 3 at
 * 0x0000008000000000; its stack/data page follows at +0x1000 and starts with a
 * struct sched_ringwall_exit { SHUTDOWN_poweroff, 42 }. It asks for SCHEDOP_ringwall_exit
 * straight through the gate (ring 3 cannot call the supervisor-only hypercall page).
 * The VMM must refuse: today the DPL-1 gate raises #GP and the domain is destroyed; a
 * VMM that returns -EPERM (abi.md) lands on the ud2 with RAX = -1. Exit code 42 means
 * the VMM honoured a ring-3 hypercall. Position-independent except for the data VA. */
    .section .rodata.ring3, "a", @progbits
    .globl ring3_code_start, ring3_code_end
ring3_code_start:
    mov $29, %eax                       /* __HYPERVISOR_sched_op */
    mov $64, %edi                       /* SCHEDOP_ringwall_exit */
    movabs $0x0000008000001000, %rsi    /* the exit record */
    int $0x82
1:  ud2
    jmp 1b
ring3_code_end:

    .section .note.GNU-stack, "", @progbits
