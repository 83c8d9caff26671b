/* The shared-info page mapped over a page of the library's .bss (see rwlib/sharedinfo.h). */
#include <rwlib/sharedinfo.h>
#include <rwlib/pagetable.h>
#include <rwlib/startinfo.h>

static char shared_info_page[4096] __attribute__((aligned(4096)));
static struct shared_info *shared_info_ptr;

struct shared_info *shared_info_map(long *err)
{
    long rc = 0;
    if (!shared_info_ptr) {
        rc = map_mfn((unsigned long)shared_info_page, rw_start_info->shared_info >> 12, PTE_KERNEL_RW);
        if (rc == 0)
            shared_info_ptr = (struct shared_info *)shared_info_page;
    }
    if (err)
        *err = rc;
    return shared_info_ptr;
}

struct shared_info *shared_info_get(void)
{
    return shared_info_ptr;
}

long shared_info_unmap(void)
{
    if (!shared_info_ptr)
        return 0;
    long rc = map_page((unsigned long)shared_info_page, virt_to_pfn(shared_info_page), 1);
    if (rc == 0)
        shared_info_ptr = 0;
    return rc;
}

struct vcpu_info *vcpu_info_get(unsigned int vcpu)
{
    return shared_info_ptr && vcpu < 32 ? &shared_info_ptr->vcpu_info[vcpu] : 0;
}

uint64_t trap_cr2(void)
{
    return shared_info_ptr ? *(volatile uint64_t *)&shared_info_ptr->vcpu_info[0].arch.cr2 : 0;
}
