/* vCPU bring-up (see rwlib/vcpu.h). */
#include <rwlib/vcpu.h>

long vcpu_start(unsigned int vcpu, vcpu_entry_fn entry, void *stack_top, uint64_t arg)
{
    uint64_t *top = (uint64_t *)stack_top;
    top[-1] = 0;   /* the return address entry must never use */
    struct vcpu_start_context ctx = {
        .rip = (uint64_t)entry,
        .rsp = (uint64_t)(top - 1),
        .rdi = arg,
        .kernel_base = 0,
        .flags = 0,
    };
    long rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, vcpu, &ctx);
    if (rc == 0)
        rc = HYPERVISOR_vcpu_op(VCPUOP_up, vcpu, 0);
    return rc;
}

unsigned int vcpu_count(void)
{
    unsigned int n = 0;
    while (n < 64 && HYPERVISOR_vcpu_op(VCPUOP_is_up, n, 0) >= 0)
        n++;
    return n;
}
