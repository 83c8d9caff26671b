namespace Ringwall.Core.Domains
{
    // Why a guest kernel image was refused (or Ok). Every check of ElfImage.Parse has
    // a value of its own, so a log line or a test names the exact defect.
    public enum ImageStatus
    {
        Ok = 0,
        // The module range: unreadable, wrapping, or shorter than an ELF64 header.
        ModuleUnreadable,
        TooSmall,
        // The ELF header.
        NotElf,
        NotElf64,
        NotLittleEndian,
        BadElfVersion,
        WrongMachine,
        NotExecutable,
        BadProgramHeaderSize,
        BadProgramHeaderCount,
        ProgramHeadersOutsideModule,
        // PT_LOAD segments.
        SegmentFileSizeExceedsMemorySize,
        SegmentOutsideModule,
        SegmentAddressOverflow,
        SegmentNotCanonical,
        SegmentInReservedRange,
        SegmentMisaligned,
        SegmentsOverlap,
        TooManySegments,
        NoLoadableSegment,
        ImageTooLarge,
        // The entry point.
        EntryOutsideImage,
        EntryNotExecutable,
        // PT_NOTE segments and the Xen notes in them.
        NoteOutsideModule,
        NoteMalformed,
        NoteBadValueSize,
        NoteDuplicate,
        EntryNoteMismatch,
        HypercallPageMissing,
        HypercallPageMisaligned,
        HypercallPageOutsideImage,
        VirtualBaseMisaligned,
        VirtualBaseAboveImage,
        VirtualBaseInvalid,
        VirtualBaseTooFarBelow,
        // The section header table (read only for SHT_NOTE sections, when no PT_NOTE
        // segment holds a Xen note).
        BadSectionHeaderSize,
        TooManySectionHeaders,
        SectionHeadersOutsideModule,
    }

    public static class ImageStatusNames
    {
        // A fixed human-readable message for a status (no formatting: the kernel has none).
        public static string Describe(ImageStatus status)
        {
            switch (status)
            {
                case ImageStatus.Ok: return "ok";
                case ImageStatus.ModuleUnreadable: return "module memory is not readable";
                case ImageStatus.TooSmall: return "module is smaller than an ELF64 header";
                case ImageStatus.NotElf: return "not an ELF file";
                case ImageStatus.NotElf64: return "not a 64-bit ELF file";
                case ImageStatus.NotLittleEndian: return "ELF file is not little-endian";
                case ImageStatus.BadElfVersion: return "unknown ELF version";
                case ImageStatus.WrongMachine: return "ELF file is not for x86-64";
                case ImageStatus.NotExecutable: return "ELF file is not an executable (ET_EXEC)";
                case ImageStatus.BadProgramHeaderSize: return "program header entry size is not 56";
                case ImageStatus.BadProgramHeaderCount: return "no program headers or too many";
                case ImageStatus.ProgramHeadersOutsideModule: return "program header table lies outside the module";
                case ImageStatus.SegmentFileSizeExceedsMemorySize: return "segment file size exceeds its memory size";
                case ImageStatus.SegmentOutsideModule: return "segment contents lie outside the module";
                case ImageStatus.SegmentAddressOverflow: return "segment wraps around or reaches the top page of the address space";
                case ImageStatus.SegmentNotCanonical: return "segment is not in one canonical half of the address space";
                case ImageStatus.SegmentInReservedRange: return "segment enters the VMM's reserved virtual range";
                case ImageStatus.SegmentMisaligned: return "segment virtual address and file offset differ modulo the page size";
                case ImageStatus.SegmentsOverlap: return "segments overlap";
                case ImageStatus.TooManySegments: return "too many loadable segments";
                case ImageStatus.NoLoadableSegment: return "no loadable segment";
                case ImageStatus.ImageTooLarge: return "image spans more than 1 GiB";
                case ImageStatus.EntryOutsideImage: return "entry point is outside the image";
                case ImageStatus.EntryNotExecutable: return "entry point is in a non-executable segment";
                case ImageStatus.NoteOutsideModule: return "note segment lies outside the module";
                case ImageStatus.NoteMalformed: return "malformed ELF note";
                case ImageStatus.NoteBadValueSize: return "Xen note value is not 4 or 8 bytes";
                case ImageStatus.NoteDuplicate: return "Xen note given twice";
                case ImageStatus.EntryNoteMismatch: return "Xen entry note differs from the ELF entry point";
                case ImageStatus.HypercallPageMissing: return "no Xen hypercall-page note";
                case ImageStatus.HypercallPageMisaligned: return "hypercall page is not page-aligned";
                case ImageStatus.HypercallPageOutsideImage: return "hypercall page is outside the loadable segments";
                case ImageStatus.VirtualBaseMisaligned: return "virtual base is not page-aligned";
                case ImageStatus.VirtualBaseAboveImage: return "virtual base is above the image start";
                case ImageStatus.VirtualBaseInvalid: return "virtual base is not canonical or the region enters the VMM's range";
                case ImageStatus.VirtualBaseTooFarBelow: return "virtual base is more than 1 GiB below the image end";
                case ImageStatus.BadSectionHeaderSize: return "section header entry size is not 64";
                case ImageStatus.TooManySectionHeaders: return "more than 512 section headers";
                case ImageStatus.SectionHeadersOutsideModule: return "section header table lies outside the module";
                default: return "unknown image status";
            }
        }
    }
}
