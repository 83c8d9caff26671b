using Ringwall.Abi;
using Ringwall.Core.Boot;

namespace Ringwall.Core.Domains
{
    // A guest kernel image (ELF64, x86-64, ET_EXEC) handed to the VMM as a boot module,
    // parsed and validated. The module is hostile: every field is range-checked before
    // use, and every sum of two module-supplied 64-bit values is checked for wrapping.
    //
    // Rules (the builder relies on all of them when Parse returns Ok):
    // - ELF header: magic, ELFCLASS64, little-endian, EV_CURRENT (ident and e_version),
    //   EM_X86_64, ET_EXEC, e_phentsize 56, 1..MaxProgramHeaders program headers, the
    //   table inside the module.
    // - PT_LOAD: p_filesz <= p_memsz; [p_offset, p_offset + p_filesz) inside the
    //   module; segments with p_memsz 0 are ignored; [p_vaddr, p_vaddr + p_memsz)
    //   neither wraps nor touches the last page of the address space, lies in one
    //   canonical half, stays out of the VMM's range (VmmRange, L4 slots 256..271);
    //   p_vaddr and p_offset are congruent modulo 4096 (Xen allows unaligned segments);
    //   no two segments share a byte (they may share a page); 1..MaxSegments of them;
    //   ImageEnd - ImageStart <= MaxSpan.
    // - The entry point lies in an executable (PF_X) segment.
    // - PT_NOTE: inside the module; notes are {namesz, descsz, type, name, desc} with
    //   name and desc padded to 4 bytes (the padding after the last desc may be cut
    //   off; fewer than 12 trailing bytes are ignored). Notes named "Xen" (namesz 4):
    //   ENTRY (1) must equal e_entry; HYPERCALL_PAGE (2) is required, page-aligned and
    //   inside a segment's [vaddr, vaddr + memsz); VIRT_BASE (3) is page-aligned and
    //   <= ImageStart. Values are 4 bytes (zero-extended) or 8 bytes; each of these
    //   notes may appear once. Other notes are skipped.
    // - Section notes (as Xen's loader does): when the PT_NOTE segments hold no note named
    //   "Xen" (or there is none), the SHT_NOTE sections are read the same way. Only then is
    //   the section header table looked at: e_shnum 0 means none; otherwise e_shentsize 64,
    //   at most MaxSectionHeaders entries, the table and each SHT_NOTE section inside the
    //   module.
    // - VirtualBase (pfn 0 of the domain) defaults, without a VIRT_BASE note, to
    //   ImageStart rounded down to 2 MiB (not to 0 as Xen does: 0 would put pfn 0 a
    //   whole half of the address space away from an upper-half kernel).
    //   [VirtualBase, ImageEnd) is canonical, in one half, outside the VMM's range,
    //   and at most MaxSpan long (every page in it becomes a pfn of the domain).
    public sealed class ElfImage
    {
        public const int MaxSegments = 16;
        public const int MaxProgramHeaders = 64;
        public const int MaxSectionHeaders = 512;
        public const ulong SectionHeaderSize = 64;
        public const uint ShtNote = 7;
        public const ulong MaxSpan = 1UL << 30;
        public const ulong PageSize = 4096;
        public const ulong PageMask = PageSize - 1;
        public const ulong DefaultVirtualBaseAlignment = 1UL << 21;

        public const ulong HeaderSize = 64;
        public const ulong ProgramHeaderSize = 56;
        public const uint PtLoad = 1;
        public const uint PtNote = 4;
        public const uint EtExec = 2;
        public const uint EmX86_64 = 62;

        public readonly ElfSegment[] Segments = new ElfSegment[MaxSegments];
        public int SegmentCount;
        public ulong Entry;
        // Virtual address of pfn 0; VirtualBaseFromNote says whether a note set it.
        public ulong VirtualBase;
        public bool VirtualBaseFromNote;
        public ulong HypercallPage;
        // Lowest segment address rounded down, highest segment end rounded up, to pages.
        public ulong ImageStart;
        public ulong ImageEnd;

        public void Clear()
        {
            SegmentCount = 0;
            Entry = 0;
            VirtualBase = 0;
            VirtualBaseFromNote = false;
            HypercallPage = 0;
            ImageStart = 0;
            ImageEnd = 0;
        }

        private struct XenNotes
        {
            public bool HasEntry;
            public ulong EntryValue;
            public bool HasHypercallPage;
            public ulong HypercallPage;
            public bool HasVirtualBase;
            public ulong VirtualBase;
            public uint XenNoteCount;   // notes named "Xen" seen, of any type
        }

        // Parses the module at [moduleStart, moduleStart + moduleLength) into result
        // (preallocated; its fields are meaningful only when Ok is returned).
        public static ImageStatus Parse<TReader>(ref TReader reader, ulong moduleStart, ulong moduleLength, ElfImage result)
            where TReader : struct, IPhysicalReader
        {
            result.Clear();
            if (moduleLength > ulong.MaxValue - moduleStart) return ImageStatus.ModuleUnreadable;
            if (!reader.Contains(moduleStart, moduleLength)) return ImageStatus.ModuleUnreadable;
            if (moduleLength < HeaderSize) return ImageStatus.TooSmall;

            if (reader.Read8(moduleStart) != 0x7F || reader.Read8(moduleStart + 1) != (byte)'E'
                || reader.Read8(moduleStart + 2) != (byte)'L' || reader.Read8(moduleStart + 3) != (byte)'F')
                return ImageStatus.NotElf;
            if (reader.Read8(moduleStart + 4) != 2) return ImageStatus.NotElf64;
            if (reader.Read8(moduleStart + 5) != 1) return ImageStatus.NotLittleEndian;
            if (reader.Read8(moduleStart + 6) != 1 || reader.Read32(moduleStart + 20) != 1) return ImageStatus.BadElfVersion;
            if (Read16(ref reader, moduleStart + 18) != EmX86_64) return ImageStatus.WrongMachine;
            if (Read16(ref reader, moduleStart + 16) != EtExec) return ImageStatus.NotExecutable;

            ulong entry = reader.Read64(moduleStart + 24);
            ulong phoff = reader.Read64(moduleStart + 32);
            if (Read16(ref reader, moduleStart + 54) != ProgramHeaderSize) return ImageStatus.BadProgramHeaderSize;
            uint phnum = Read16(ref reader, moduleStart + 56);
            if (phnum == 0 || phnum > MaxProgramHeaders) return ImageStatus.BadProgramHeaderCount;
            if (!InModule(phoff, phnum * ProgramHeaderSize, moduleLength)) return ImageStatus.ProgramHeadersOutsideModule;

            XenNotes notes = default;
            for (uint i = 0; i < phnum; i++)
            {
                // Inside the module, whose end does not wrap (checked above).
                ulong ph = moduleStart + phoff + i * ProgramHeaderSize;
                uint type = reader.Read32(ph);
                ImageStatus status = ImageStatus.Ok;
                if (type == PtLoad) status = AddLoadSegment(ref reader, ph, moduleStart, moduleLength, result);
                else if (type == PtNote)
                    status = ParseNotes(ref reader, moduleStart, moduleLength, reader.Read64(ph + 8), reader.Read64(ph + 32), ref notes);
                if (status != ImageStatus.Ok) return status;
            }
            if (notes.XenNoteCount == 0)
            {
                ImageStatus status = ParseSectionNotes(ref reader, moduleStart, moduleLength, ref notes);
                if (status != ImageStatus.Ok) return status;
            }

            if (result.SegmentCount == 0) return ImageStatus.NoLoadableSegment;
            ulong lowest = ulong.MaxValue;
            ulong highestLast = 0;
            for (int i = 0; i < result.SegmentCount; i++)
            {
                ulong start = result.Segments[i].VirtualAddress;
                ulong last = start + (result.Segments[i].MemorySize - 1);
                if (start < lowest) lowest = start;
                if (last > highestLast) highestLast = last;
            }
            result.ImageStart = lowest & ~PageMask;
            result.ImageEnd = (highestLast | PageMask) + 1; // no wrap: the top page is refused
            if (result.ImageEnd - result.ImageStart > MaxSpan) return ImageStatus.ImageTooLarge;

            int entrySegment = result.FindSegment(entry);
            if (entrySegment < 0) return ImageStatus.EntryOutsideImage;
            if (!result.Segments[entrySegment].Executable) return ImageStatus.EntryNotExecutable;
            if (notes.HasEntry && notes.EntryValue != entry) return ImageStatus.EntryNoteMismatch;
            result.Entry = entry;

            if (!notes.HasHypercallPage) return ImageStatus.HypercallPageMissing;
            if ((notes.HypercallPage & PageMask) != 0) return ImageStatus.HypercallPageMisaligned;
            if (result.FindSegment(notes.HypercallPage) < 0) return ImageStatus.HypercallPageOutsideImage;
            result.HypercallPage = notes.HypercallPage;

            ulong virtualBase;
            if (notes.HasVirtualBase)
            {
                virtualBase = notes.VirtualBase;
                if ((virtualBase & PageMask) != 0) return ImageStatus.VirtualBaseMisaligned;
                if (virtualBase > result.ImageStart) return ImageStatus.VirtualBaseAboveImage;
            }
            else
            {
                virtualBase = result.ImageStart & ~(DefaultVirtualBaseAlignment - 1);
            }
            ulong imageLast = result.ImageEnd - 1;
            if (!Bits.IsCanonical(virtualBase) || ((virtualBase ^ imageLast) >> 63) != 0)
                return ImageStatus.VirtualBaseInvalid;
            if (virtualBase <= VmmRange.VirtLast && imageLast >= VmmRange.VirtStart) return ImageStatus.VirtualBaseInvalid;
            if (result.ImageEnd - virtualBase > MaxSpan) return ImageStatus.VirtualBaseTooFarBelow;
            result.VirtualBase = virtualBase;
            result.VirtualBaseFromNote = notes.HasVirtualBase;
            return ImageStatus.Ok;
        }

        // Index of the segment whose [VirtualAddress, VirtualEnd) holds address, or -1.
        public int FindSegment(ulong address)
        {
            for (int i = 0; i < SegmentCount; i++)
                if (Segments[i].ContainsVirtual(address)) return i;
            return -1;
        }

        private static ImageStatus AddLoadSegment<TReader>(ref TReader reader, ulong ph, ulong moduleStart, ulong moduleLength, ElfImage result)
            where TReader : struct, IPhysicalReader
        {
            uint flags = reader.Read32(ph + 4);
            ulong offset = reader.Read64(ph + 8);
            ulong vaddr = reader.Read64(ph + 16);
            ulong fileSize = reader.Read64(ph + 32);
            ulong memorySize = reader.Read64(ph + 40);

            if (fileSize > memorySize) return ImageStatus.SegmentFileSizeExceedsMemorySize;
            if (!InModule(offset, fileSize, moduleLength)) return ImageStatus.SegmentOutsideModule;
            if (memorySize == 0) return ImageStatus.Ok; // occupies nothing
            if (memorySize - 1 > ulong.MaxValue - vaddr) return ImageStatus.SegmentAddressOverflow;
            ulong last = vaddr + (memorySize - 1);
            if ((last | PageMask) == ulong.MaxValue) return ImageStatus.SegmentAddressOverflow;
            if (!Bits.IsCanonical(vaddr) || !Bits.IsCanonical(last) || ((vaddr ^ last) >> 63) != 0)
                return ImageStatus.SegmentNotCanonical;
            if (vaddr <= VmmRange.VirtLast && last >= VmmRange.VirtStart) return ImageStatus.SegmentInReservedRange;
            if ((vaddr & PageMask) != (offset & PageMask)) return ImageStatus.SegmentMisaligned;
            for (int i = 0; i < result.SegmentCount; i++)
            {
                ulong otherStart = result.Segments[i].VirtualAddress;
                ulong otherLast = otherStart + (result.Segments[i].MemorySize - 1);
                if (vaddr <= otherLast && otherStart <= last) return ImageStatus.SegmentsOverlap;
            }
            if (result.SegmentCount == MaxSegments) return ImageStatus.TooManySegments;

            int n = result.SegmentCount;
            result.Segments[n].FileOffset = offset;
            result.Segments[n].SourceAddress = moduleStart + offset;
            result.Segments[n].FileSize = fileSize;
            result.Segments[n].VirtualAddress = vaddr;
            result.Segments[n].MemorySize = memorySize;
            result.Segments[n].Flags = flags;
            result.SegmentCount = n + 1;
            return ImageStatus.Ok;
        }

        // The notes of every SHT_NOTE section (used when no PT_NOTE segment holds a Xen note).
        private static ImageStatus ParseSectionNotes<TReader>(ref TReader reader, ulong moduleStart, ulong moduleLength, ref XenNotes notes)
            where TReader : struct, IPhysicalReader
        {
            ulong shoff = reader.Read64(moduleStart + 40);
            uint shnum = Read16(ref reader, moduleStart + 60);
            if (shnum == 0) return ImageStatus.Ok;
            if (Read16(ref reader, moduleStart + 58) != SectionHeaderSize) return ImageStatus.BadSectionHeaderSize;
            if (shnum > MaxSectionHeaders) return ImageStatus.TooManySectionHeaders;
            if (!InModule(shoff, shnum * SectionHeaderSize, moduleLength)) return ImageStatus.SectionHeadersOutsideModule;
            for (uint i = 0; i < shnum; i++)
            {
                ulong sh = moduleStart + shoff + i * SectionHeaderSize;
                if (reader.Read32(sh + 4) != ShtNote) continue;
                ImageStatus status = ParseNotes(ref reader, moduleStart, moduleLength, reader.Read64(sh + 24), reader.Read64(sh + 32), ref notes);
                if (status != ImageStatus.Ok) return status;
            }
            return ImageStatus.Ok;
        }

        private static ImageStatus ParseNotes<TReader>(ref TReader reader, ulong moduleStart, ulong moduleLength,
            ulong offset, ulong size, ref XenNotes notes)
            where TReader : struct, IPhysicalReader
        {
            if (!InModule(offset, size, moduleLength)) return ImageStatus.NoteOutsideModule;
            ulong at = moduleStart + offset;
            ulong remaining = size;
            while (remaining >= 12)
            {
                uint nameSize = reader.Read32(at);
                uint descSize = reader.Read32(at + 4);
                uint type = reader.Read32(at + 8);
                ulong namePadded = ((ulong)nameSize + 3) & ~3UL;
                ulong descPadded = ((ulong)descSize + 3) & ~3UL;
                if (namePadded > remaining - 12) return ImageStatus.NoteMalformed;
                ulong afterName = remaining - 12 - namePadded;
                if (descSize > afterName) return ImageStatus.NoteMalformed;
                ulong desc = at + 12 + namePadded;

                if (IsXenName(ref reader, at + 12, nameSize))
                {
                    notes.XenNoteCount++;
                    ImageStatus status = RecordXenNote(ref reader, type, desc, descSize, ref notes);
                    if (status != ImageStatus.Ok) return status;
                }

                if (descPadded >= afterName) break; // the last note (its padding may be cut off)
                ulong advance = 12 + namePadded + descPadded;
                at += advance;
                remaining -= advance;
            }
            return ImageStatus.Ok;
        }

        private static ImageStatus RecordXenNote<TReader>(ref TReader reader, uint type, ulong desc, uint descSize, ref XenNotes notes)
            where TReader : struct, IPhysicalReader
        {
            if (type != ElfNote.Entry && type != ElfNote.HypercallPage && type != ElfNote.VirtBase) return ImageStatus.Ok;
            ulong value;
            if (descSize == 4) value = reader.Read32(desc);
            else if (descSize == 8) value = reader.Read64(desc);
            else return ImageStatus.NoteBadValueSize;

            if (type == ElfNote.Entry)
            {
                if (notes.HasEntry) return ImageStatus.NoteDuplicate;
                notes.HasEntry = true;
                notes.EntryValue = value;
            }
            else if (type == ElfNote.HypercallPage)
            {
                if (notes.HasHypercallPage) return ImageStatus.NoteDuplicate;
                notes.HasHypercallPage = true;
                notes.HypercallPage = value;
            }
            else
            {
                if (notes.HasVirtualBase) return ImageStatus.NoteDuplicate;
                notes.HasVirtualBase = true;
                notes.VirtualBase = value;
            }
            return ImageStatus.Ok;
        }

        private static bool IsXenName<TReader>(ref TReader reader, ulong name, uint nameSize)
            where TReader : struct, IPhysicalReader
        {
            return nameSize == 4 && reader.Read8(name) == (byte)'X' && reader.Read8(name + 1) == (byte)'e'
                && reader.Read8(name + 2) == (byte)'n' && reader.Read8(name + 3) == 0;
        }

        // [offset, offset + size) lies inside a module of length bytes (no wrapping).
        private static bool InModule(ulong offset, ulong size, ulong length) => offset <= length && size <= length - offset;

        private static uint Read16<TReader>(ref TReader reader, ulong address)
            where TReader : struct, IPhysicalReader
        {
            return (uint)reader.Read8(address) | ((uint)reader.Read8(address + 1) << 8);
        }
    }
}
