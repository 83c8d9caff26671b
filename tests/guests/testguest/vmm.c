/* vmmread, vmmwrite, vmmhole: what a guest sees of the VMM's reserved range. The entry
 * area and the M2P table are mapped read-only; everything else there is unmapped. The
 * destructive scenarios print "<scenario>.attempt ok" and then touch the address: the
 * VMM must destroy the domain with a page fault (checked in the VMM's log). The address
 * can be chosen with vmmwrite_va=0x... / vmmhole_va=0x... on the command line. */
#include "report.h"
#include "scenarios.h"

static uint64_t read64(unsigned long va)
{
    return *(volatile uint64_t *)va;
}

/* A 64-bit code descriptor with the given DPL, present. */
static int is_code64(uint64_t d, unsigned dpl)
{
    return ((d >> 47) & 1) && ((d >> 45) & 3) == dpl && ((d >> 43) & 1) && ((d >> 53) & 1);
}

void scenario_vmmread(struct start_info *si)
{
    uint64_t code = read64(TG_ENTRY_AREA_VA) ^ read64(TG_ENTRY_AREA_VA + 8);
    printf("testguest: entry area %lx: %lx\n", TG_ENTRY_AREA_VA, (unsigned long)code);
    result_ok("entry_code_readable");

    uint64_t cs1 = read64(TG_ENTRY_GDT_VA + (FLAT_RING1_CS & ~7U));
    uint64_t cs3 = read64(TG_ENTRY_GDT_VA + (FLAT_RING3_CS & ~7U));
    result_ok("gdt_readable");
    check_true("gdt_ring1_cs", is_code64(cs1, 1), "descriptor %lx", (unsigned long)cs1);
    check_true("gdt_ring3_cs", is_code64(cs3, 3), "descriptor %lx", (unsigned long)cs3);

    uint64_t gate = read64(TG_ENTRY_IDT_VA + 0x82 * 16);
    result_ok("idt_readable");
    check_true("idt_0x82_dpl1", ((gate >> 47) & 1) && ((gate >> 45) & 3) == 1, "gate %lx", (unsigned long)gate);

    unsigned long n = si->nr_pages;
    unsigned long first = m2p_read(pfn_to_mfn(0)), last = m2p_read(pfn_to_mfn(n - 1));
    result_ok("m2p_readable");
    check_true("m2p_matches_p2m", first == 0 && last == n - 1, "m2p[p2m[0]] = %lx, m2p[p2m[%lu]] = %lx", first, n - 1, last);
}

static unsigned long address_option(struct start_info *si, const char *key, unsigned long def)
{
    return (unsigned long)cmdline_get_long(si, key, (long)def);
}

void scenario_vmmwrite(struct start_info *si)
{
    unsigned long va = address_option(si, "vmmwrite_va", TG_ENTRY_IDT_VA);
    printf("testguest: writing to %lx (the VMM must destroy this domain)\n", va);
    result_ok("attempt");
    /* Writes back the value read, so even a VMM that wrongly allowed it is unharmed. */
    volatile uint64_t *p = (volatile uint64_t *)va;
    uint64_t v = *p;
    *p = v;
    result_fail("survived", "write to %lx did not fault", va);
}

void scenario_vmmhole(struct start_info *si)
{
    unsigned long va = address_option(si, "vmmhole_va", TG_VMM_HOLE_VA);
    printf("testguest: reading %lx (the VMM must destroy this domain)\n", va);
    result_ok("attempt");
    uint64_t v = read64(va);
    result_fail("survived", "read of %lx did not fault (value %lx)", va, (unsigned long)v);
}
