/* multi: shared constants of the kernel (main.c) and the process code (user.S). */
#ifndef MULTI_H
#define MULTI_H

#define M_USER_L4_SLOT   2
#define M_USER_BASE      0x0000010000000000
#define M_USER_CODE      M_USER_BASE               /* read-only, user */
#define M_USER_DATA      (M_USER_BASE + 0x1000)    /* writable, user: [0] marker, [1] loops, [2] ticks */
#define M_USER_STACK_TOP (M_USER_BASE + 0x3000)    /* stack page at +0x2000 */

#define M_SYS_write 1   /* (ptr, len) -> len */
#define M_SYS_yield 2   /* () -> 0 */
#define M_SYS_exit  3   /* (code) */

#endif
