#include <rwlib/startinfo.h>
#include <rwlib/string.h>

struct start_info *rw_start_info;

int start_info_is_ringwall(const struct start_info *si)
{
    return strncmp(si->magic, "ringwall-", 9) == 0;
}

unsigned long nr_pages(void)
{
    return rw_start_info->nr_pages;
}

unsigned long pfn_to_mfn(unsigned long pfn)
{
    if (pfn >= rw_start_info->nr_pages)
        return RW_INVALID_MFN;
    return ((const volatile uint64_t *)rw_start_info->mfn_list)[pfn];
}

unsigned long m2p_read(unsigned long mfn)
{
    return ((const volatile uint64_t *)RW_M2P_BASE)[mfn];
}

unsigned long mfn_to_pfn(unsigned long mfn)
{
    unsigned long pfn = m2p_read(mfn);
    if (pfn < rw_start_info->nr_pages && pfn_to_mfn(pfn) == mfn)
        return pfn;
    /* The M2P disagrees with our P2M (or names a frame not ours): search the P2M. */
    for (pfn = 0; pfn < rw_start_info->nr_pages; pfn++)
        if (pfn_to_mfn(pfn) == mfn)
            return pfn;
    return RW_INVALID_PFN;
}

uint64_t virt_to_machine(const void *va)
{
    unsigned long mfn = pfn_to_mfn(virt_to_pfn(va));
    if (mfn == RW_INVALID_MFN)
        return 0;
    return ((uint64_t)mfn << 12) | ((unsigned long)va & 0xFFF);
}
