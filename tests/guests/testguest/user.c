/* The user area of the trap scenarios (tg_user.h): the library's ring-3 area
 * (rwlib/userarea.h) in L4 slot 2 with user_code.S as its code page. */
#include <rwlib/userarea.h>
#include "trapsutil.h"
#include "scenarios.h"

_Static_assert(USER_AREA_CODE(TG_USER_L4_SLOT) == TG_USER_CODE, "user code address");
_Static_assert(USER_AREA_STACK_TOP(TG_USER_L4_SLOT) == TG_USER_STACK_TOP, "user stack address");

static int user_ready;

long tg_user_setup(struct start_info *si)
{
    if (user_ready)
        return 0;
    const volatile uint64_t *l4 = (const volatile uint64_t *)si->pt_base;
    size_t len = (size_t)(tg_user_blob_end - tg_user_blob_start);
    if (!check_true("user_precondition", frames_free() >= 6 && l4[TG_USER_L4_SLOT] == 0 && len <= 4096,
                    "free frames %lu, L4[%d] = %lx, user code %zu bytes", frames_free(), TG_USER_L4_SLOT,
                    (unsigned long)l4[TG_USER_L4_SLOT], len))
        return -RW_EINVAL;
    long rc = user_area_build(si, TG_USER_L4_SLOT, TG_SLOT_USER, tg_user_blob_start, len);
    if (rc) {
        result_fail("user_build", "%s", rc_name(rc));
        return rc;
    }
    user_ready = 1;
    return 0;
}
