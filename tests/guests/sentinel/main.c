/* sentinel: picks its role from the command line (see sentinel.h). */
#include "sentinel.h"

uint64_t sentinel_now_ns(void)
{
    if (!shared_info_get() && !shared_info_map(0))
        return 0;
    return system_time_ns();
}

int guest_main(struct start_info *si)
{
    char role[32];
    if (cmdline_get(si, "role", role, sizeof role) < 0)
        role[0] = 0;
    if (!shared_info_map(0)) {
        printf("SENTINEL %s cannot map shared info\n", role[0] ? role : "none");
        return 2;
    }
    if (strcmp(role, "bystander") == 0)
        return sentinel_bystander(si);
    if (strcmp(role, "heartbeat") == 0)
        return sentinel_heartbeat(si);
    printf("SENTINEL unknown role \"%s\" (role=bystander or role=heartbeat)\n", role);
    return 2;
}
