namespace Ringwall.Core.Domains
{
    // Why StartOfDayLayout.Plan could not lay out a domain (or Ok).
    public enum LayoutStatus
    {
        Ok = 0,
        // The ElfImage was not produced by a successful ElfImage.Parse.
        InvalidImage,
        // More pages than a 52-bit physical address space holds (MaxMemoryPages).
        TooLarge,
        // [VirtualBase, BootstrapEnd) would wrap or leave the image's canonical half.
        LeavesCanonicalRange,
        // [VirtualBase, BootstrapEnd) would enter the VMM's reserved virtual range.
        EntersReservedRange,
        // The bootstrap region needs more pages than the domain has.
        TooLittleMemory,
    }

    // What a pfn of a freshly built domain holds.
    public enum BootstrapPfnKind
    {
        Free = 0,   // plain RAM (mapped if below BootstrapPfnCount, else unmapped)
        Kernel,     // [ImageStart, ImageEnd)
        StartInfo,
        P2M,
        PageTable,  // mapped read-only
        Stack,
        OutOfRange, // pfn >= the domain's memory
    }

    public static class LayoutStatusNames
    {
        public static string Describe(LayoutStatus status)
        {
            switch (status)
            {
                case LayoutStatus.Ok: return "ok";
                case LayoutStatus.InvalidImage: return "kernel image was not validated";
                case LayoutStatus.TooLarge: return "domain memory size is beyond the supported maximum";
                case LayoutStatus.LeavesCanonicalRange: return "start-of-day region leaves the canonical address range";
                case LayoutStatus.EntersReservedRange: return "start-of-day region enters the VMM's reserved range";
                case LayoutStatus.TooLittleMemory: return "domain memory is too small for the kernel and its start-of-day data";
                default: return "unknown layout status";
            }
        }
    }
}
