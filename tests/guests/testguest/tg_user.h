/* The user (ring-3) area the trap scenarios share (usable from C and assembly): L4 slot 2,
 * built once by tg_user_setup (user.c). Separate from the ring3 scenario's slot 1. */
#ifndef TESTGUEST_TG_USER_H
#define TESTGUEST_TG_USER_H

#define TG_USER_L4_SLOT   2
#define TG_USER_BASE      0x0000010000000000
#define TG_USER_CODE      TG_USER_BASE                 /* user_code.S, read-only, user */
#define TG_USER_DATA      (TG_USER_BASE + 0x1000)      /* writable, user */
#define TG_USER_STACK_TOP (TG_USER_BASE + 0x3000)      /* stack page at +0x2000 */
#define TG_USER_UNMAPPED  (TG_USER_BASE + 0x10000)     /* nothing mapped there */

/* System calls of the syscall scenario: number in rax, arguments in rdi, rsi, result in rax. */
#define TG_SYS_write 1   /* (ptr, len) -> len */
#define TG_SYS_yield 2   /* () -> 0 */
#define TG_SYS_add   3   /* (a, b) -> a + b */
#define TG_SYS_exit  4   /* (code): back to the kernel */
#define TG_SYS_unknown 99 /* -> -38 (-ENOSYS) */
#define TG_ENOSYS 38

/* Register patterns ring 3 sets before its traps (rbx, r12..r15). */
#define TG_UPAT_RBX 0x3B3B3B3B00000001
#define TG_UPAT_R12 0x3C3C3C3C00000012
#define TG_UPAT_R13 0x3D3D3D3D00000013
#define TG_UPAT_R14 0x3E3E3E3E00000014
#define TG_UPAT_R15 0x3F3F3F3F00000015

#endif
