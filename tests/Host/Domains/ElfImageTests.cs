using System;
using System.Collections.Generic;
using System.Linq;
using Ringwall.Core.Domains;
using Ringwall.Tests.Host.Boot;
using Xunit;
using static Ringwall.Tests.Host.Domains.ElfHarness;

namespace Ringwall.Tests.Host.Domains;

public class ElfImageTests
{
    const uint RX = ElfSegment.FlagRead | ElfSegment.FlagExecute;
    const uint RW = ElfSegment.FlagRead | ElfSegment.FlagWrite;

    static ElfBuilder WithNotes(ElfBuilder b, byte[] notes)
    {
        b.Headers.RemoveAll(h => h.Type == ElfImage.PtNote);
        b.AddNotes(notes);
        return b;
    }

    // The valid image with its Xen notes in a SHT_NOTE section instead of a PT_NOTE segment.
    static ElfBuilder SectionNotes(Action<ElfBuilder> change)
    {
        var b = ElfBuilder.Valid(withNotes: false);
        b.AddNoteSection(new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Build());
        change(b);
        return b;
    }

    static ElfBuilder ValidWith(Action<ElfBuilder> change)
    {
        var b = ElfBuilder.Valid();
        change(b);
        return b;
    }

    // ---- the valid image ------------------------------------------------------------

    [Fact]
    public void ValidImageYieldsEveryField()
    {
        var b = ElfBuilder.Valid();
        byte[] file = b.Build();
        Assert.Equal(ImageStatus.Ok, Parse(file, out var image));

        Assert.Equal(2, image.SegmentCount);
        var text = image.Segments[0];
        Assert.Equal(ElfBuilder.TextVa, text.VirtualAddress);
        Assert.Equal(0x3000UL, text.MemorySize);
        Assert.Equal(0x3000UL, text.FileSize);
        Assert.True(text.Executable);
        Assert.False(text.Writable);
        Assert.Equal(ModuleBase + text.FileOffset, text.SourceAddress);
        Assert.Equal(0UL, text.FileOffset % 4096);
        Assert.Equal(b.Headers[0].Data[5], file[text.FileOffset + 5]);

        var data = image.Segments[1];
        Assert.Equal(ElfBuilder.DataVa, data.VirtualAddress);
        Assert.Equal(0x100UL, data.FileSize);
        Assert.Equal(0x2000UL, data.MemorySize);
        Assert.True(data.Writable);
        Assert.False(data.Executable);
        Assert.Equal(ElfBuilder.DataVa + 0x2000, data.VirtualEnd);

        Assert.Equal(ElfBuilder.TextVa + 0x10, image.Entry);
        Assert.Equal(ElfBuilder.HypercallVa, image.HypercallPage);
        Assert.Equal(ElfBuilder.KernelBase, image.ImageStart);
        Assert.Equal(ElfBuilder.KernelBase + 0x6000, image.ImageEnd);
        Assert.Equal(ElfBuilder.KernelBase, image.VirtualBase); // already 2 MiB aligned
        Assert.False(image.VirtualBaseFromNote);
    }

    [Fact]
    public void ParsingAgainResetsAPreviouslyFilledImage()
    {
        var image = new ElfImage();
        var memory = new FakePhysicalMemory(ModuleBase, ElfBuilder.Valid().Build());
        Assert.Equal(ImageStatus.Ok, ElfImage.Parse(ref memory, ModuleBase, (ulong)memory.Bytes.Length, image));
        var bad = new FakePhysicalMemory(ModuleBase, ValidWith(b => b.Machine = 3).Build());
        Assert.Equal(ImageStatus.WrongMachine, ElfImage.Parse(ref bad, ModuleBase, (ulong)bad.Bytes.Length, image));
        Assert.Equal(0, image.SegmentCount);
        Assert.Equal(0UL, image.Entry);
        Assert.Equal(0UL, image.HypercallPage);
    }

    [Fact]
    public void UnalignedSegmentsWithCongruentOffsetsAreAccepted()
    {
        var b = new ElfBuilder { Entry = 0x400F00 };
        b.AddLoad(0x400F00, 0x900, RX, 0x900);          // starts mid-page, ends mid-page
        b.AddLoad(0x401A34, 0x100, RW, 0x80);           // shares a page with it, not a byte
        WithNotes(b, new NoteBuilder().Xen(2, 4, 0x401000).Build());
        Assert.Equal(ImageStatus.Ok, Parse(b, out var image));
        Assert.Equal(0x400000UL, image.ImageStart);
        Assert.Equal(0x402000UL, image.ImageEnd);
        Assert.Equal(0xF00UL, image.Segments[0].FileOffset % 4096);
        Assert.Equal(0xA34UL, image.Segments[1].FileOffset % 4096);
        Assert.Equal(0x400000UL, image.VirtualBase); // rounded down to 2 MiB
        Assert.Equal(0x401000UL, image.HypercallPage);
    }

    [Fact]
    public void OtherProgramHeaderTypesAndEmptyLoadSegmentsAreIgnored()
    {
        var b = ElfBuilder.Valid();
        b.Headers.Insert(0, new ProgramHeader { Type = 0x6474E551 }); // PT_GNU_STACK
        b.AddLoad(0x1000, 0, RW, 0); // memsz 0: occupies nothing, even far from the image
        Assert.Equal(ImageStatus.Ok, Parse(b, out var image));
        Assert.Equal(2, image.SegmentCount);
    }

    // ---- module and ELF header ---------------------------------------------------------

    [Fact]
    public void ModuleBeyondReadableMemoryIsUnreadable()
    {
        byte[] file = ElfBuilder.Valid().Build();
        var memory = new FakePhysicalMemory(ModuleBase, file);
        var image = new ElfImage();
        Assert.Equal(ImageStatus.ModuleUnreadable, ElfImage.Parse(ref memory, ModuleBase, (ulong)file.Length + 1, image));
        Assert.Equal(ImageStatus.ModuleUnreadable, ElfImage.Parse(ref memory, ModuleBase - 1, (ulong)file.Length, image));
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void ModuleRangeThatWrapsIsUnreadable()
    {
        var memory = new FakePhysicalMemory(ulong.MaxValue - 0xFF, new byte[0x100]);
        var image = new ElfImage();
        Assert.Equal(ImageStatus.ModuleUnreadable, ElfImage.Parse(ref memory, ulong.MaxValue - 0xFF, 0x200, image));
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void TruncatedHeaderIsTooSmall()
    {
        byte[] file = ElfBuilder.Valid().Build();
        Assert.Equal(ImageStatus.TooSmall, Parse(file.AsSpan(0, 63).ToArray(), out _));
        Assert.Equal(ImageStatus.TooSmall, Parse(Array.Empty<byte>(), out _));
    }

    [Fact]
    public void BadMagicIsNotElf()
    {
        Assert.Equal(ImageStatus.NotElf, Parse(ValidWith(b => b.Magic = new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'G' })));
        Assert.Equal(ImageStatus.NotElf, Parse(ValidWith(b => b.Magic = new byte[] { (byte)'M', (byte)'Z', 0x90, 0 })));
        Assert.Equal(ImageStatus.NotElf, Parse(new byte[4096], out _));
    }

    [Fact]
    public void Elf32IsRefused() => Assert.Equal(ImageStatus.NotElf64, Parse(ValidWith(b => b.Class = 1)));

    [Fact]
    public void BigEndianIsRefused() => Assert.Equal(ImageStatus.NotLittleEndian, Parse(ValidWith(b => b.DataEncoding = 2)));

    [Fact]
    public void UnknownVersionsAreRefused()
    {
        Assert.Equal(ImageStatus.BadElfVersion, Parse(ValidWith(b => b.IdentVersion = 0)));
        Assert.Equal(ImageStatus.BadElfVersion, Parse(ValidWith(b => b.Version = 2)));
    }

    [Fact]
    public void OtherMachinesAreRefused()
    {
        Assert.Equal(ImageStatus.WrongMachine, Parse(ValidWith(b => b.Machine = 3)));   // EM_386
        Assert.Equal(ImageStatus.WrongMachine, Parse(ValidWith(b => b.Machine = 183))); // EM_AARCH64
    }

    [Fact]
    public void OnlyExecutablesAreAccepted()
    {
        Assert.Equal(ImageStatus.NotExecutable, Parse(ValidWith(b => b.Type = 3))); // ET_DYN
        Assert.Equal(ImageStatus.NotExecutable, Parse(ValidWith(b => b.Type = 1))); // ET_REL
    }

    [Fact]
    public void ProgramHeaderEntrySizeMustBe56()
    {
        Assert.Equal(ImageStatus.BadProgramHeaderSize, Parse(ValidWith(b => b.PhEntSize = 32)));
        Assert.Equal(ImageStatus.BadProgramHeaderSize, Parse(ValidWith(b => b.PhEntSize = 0)));
        Assert.Equal(ImageStatus.BadProgramHeaderSize, Parse(ValidWith(b => b.PhEntSize = 64)));
    }

    [Fact]
    public void ProgramHeaderCountMustBeSane()
    {
        Assert.Equal(ImageStatus.BadProgramHeaderCount, Parse(ValidWith(b => b.PhNum = 0)));
        Assert.Equal(ImageStatus.BadProgramHeaderCount, Parse(ValidWith(b => b.PhNum = ElfImage.MaxProgramHeaders + 1)));
        Assert.Equal(ImageStatus.BadProgramHeaderCount, Parse(ValidWith(b => b.PhNum = 0xFFFF))); // PN_XNUM
    }

    [Fact]
    public void ProgramHeaderTableMustLieInsideTheModule()
    {
        byte[] file = ElfBuilder.Valid().Build();
        Assert.Equal(ImageStatus.ProgramHeadersOutsideModule, Parse(ValidWith(b => b.PhOff = (ulong)file.Length - 100)));
        Assert.Equal(ImageStatus.ProgramHeadersOutsideModule, Parse(ValidWith(b => b.PhOff = (ulong)file.Length + 1)));
        // phoff + phnum * 56 wraps to a small number: still refused.
        Assert.Equal(ImageStatus.ProgramHeadersOutsideModule, Parse(ValidWith(b => b.PhOff = ulong.MaxValue - 0x40)));
        Assert.Equal(ImageStatus.ProgramHeadersOutsideModule, Parse(ValidWith(b => b.PhOff = 0x8000000000000000UL)));
    }

    // ---- PT_LOAD segments --------------------------------------------------------------

    [Fact]
    public void FileSizeLargerThanMemorySizeIsRefused()
        => Assert.Equal(ImageStatus.SegmentFileSizeExceedsMemorySize, Parse(ValidWith(b => b.Headers[1].MemorySize = 0xFF)));

    [Fact]
    public void SegmentContentsMustLieInsideTheModule()
    {
        Assert.Equal(ImageStatus.SegmentOutsideModule, Parse(ValidWith(b => b.Headers[1].FileSize = 0x1FFF)));
        // p_offset + p_filesz wraps around 2^64 to a small number.
        Assert.Equal(ImageStatus.SegmentOutsideModule, Parse(ValidWith(b =>
        {
            b.Headers[1].Offset = ulong.MaxValue - 0xF; // congruent to nothing in particular: checked first
            b.Headers[1].FileSize = 0x20;
        })));
        Assert.Equal(ImageStatus.SegmentOutsideModule, Parse(ValidWith(b => b.Headers[1].Offset = 0x4000_0000_0000_0000UL)));
    }

    [Fact]
    public void SegmentWhoseEndWrapsIsRefused()
    {
        // vaddr + memsz wraps around 2^64.
        Assert.Equal(ImageStatus.SegmentAddressOverflow, Parse(ValidWith(b =>
        {
            b.Headers[1].VirtualAddress = 0xFFFFFFFFFFFFF000UL;
            b.Headers[1].MemorySize = 0x2000;
        })));
        Assert.Equal(ImageStatus.SegmentAddressOverflow, Parse(ValidWith(b => b.Headers[1].MemorySize = ulong.MaxValue)));
        // Ends inside the last page: the page-rounded end would wrap to 0.
        Assert.Equal(ImageStatus.SegmentAddressOverflow, Parse(ValidWith(b =>
        {
            b.Headers[1].VirtualAddress = 0xFFFFFFFFFFFFF000UL;
            b.Headers[1].MemorySize = 0x100;
        })));
    }

    [Fact]
    public void SegmentsMustBeCanonicalAndInOneHalf()
    {
        Assert.Equal(ImageStatus.SegmentNotCanonical, Parse(ValidWith(b => b.Headers[1].VirtualAddress = 0x0000800000000000UL)));
        Assert.Equal(ImageStatus.SegmentNotCanonical, Parse(ValidWith(b => b.Headers[1].VirtualAddress = 0x1234000000004000UL)));
        // Starts canonical (top of the lower half), ends in the hole.
        Assert.Equal(ImageStatus.SegmentNotCanonical, Parse(ValidWith(b =>
        {
            b.Headers[1].VirtualAddress = 0x00007FFFFFFFF000UL;
            b.Headers[1].MemorySize = 0x2000;
        })));
        // Starts in the hole, ends canonical (bottom of the upper half).
        Assert.Equal(ImageStatus.SegmentNotCanonical, Parse(ValidWith(b =>
        {
            b.Headers[1].VirtualAddress = 0xFFFF7FFFFFFFF000UL;
            b.Headers[1].MemorySize = 0x2000;
        })));
    }

    [Fact]
    public void SegmentsMustStayOutOfTheVmmRange()
    {
        Assert.Equal(ImageStatus.SegmentInReservedRange, Parse(ValidWith(b => b.Headers[1].VirtualAddress = 0xFFFF800000000000UL)));
        Assert.Equal(ImageStatus.SegmentInReservedRange, Parse(ValidWith(b => b.Headers[1].VirtualAddress = 0xFFFF840000004000UL)));
        // Straddles the end of the range by one page.
        Assert.Equal(ImageStatus.SegmentInReservedRange, Parse(ValidWith(b => b.Headers[1].VirtualAddress = 0xFFFF87FFFFFFF000UL)));
    }

    [Fact]
    public void KernelRightAfterTheVmmRangeIsAccepted()
    {
        var b = new ElfBuilder { Entry = 0xFFFF880000000000UL };
        b.AddLoad(0xFFFF880000000000UL, 0x2000, RX, 0x2000);
        WithNotes(b, new NoteBuilder().Xen(2, 8, 0xFFFF880000001000UL).Build());
        Assert.Equal(ImageStatus.Ok, Parse(b, out var image));
        Assert.Equal(0xFFFF880000000000UL, image.VirtualBase);
    }

    [Fact]
    public void VirtualAddressAndOffsetMustBeCongruent()
    {
        // The valid file has its data at offset 0x4000; 0x4010 is inside the file but off by 0x10.
        Assert.Equal(ImageStatus.Ok, Parse(ValidWith(b => { b.Headers[1].Offset = 0x4000; b.ExtraBytes = 0x200; })));
        Assert.Equal(ImageStatus.SegmentMisaligned, Parse(ValidWith(b => { b.Headers[1].Offset = 0x4010; b.ExtraBytes = 0x200; })));
        Assert.Equal(ImageStatus.SegmentMisaligned, Parse(ValidWith(b => { b.Headers[0].Offset = 0x1008; b.ExtraBytes = 0x4000; })));
    }

    [Fact]
    public void OverlappingSegmentsAreRefused()
    {
        // One byte of overlap.
        Assert.Equal(ImageStatus.SegmentsOverlap, Parse(ValidWith(b => b.Headers[0].MemorySize = 0x4001)));
        // A segment wholly inside another (entry and hypercall page stay in the text).
        Assert.Equal(ImageStatus.SegmentsOverlap, Parse(ValidWith(b => b.AddLoad(ElfBuilder.TextVa + 0x2000, 0x10, RW, 0))));
        // The same segment twice.
        Assert.Equal(ImageStatus.SegmentsOverlap, Parse(ValidWith(b => b.AddLoad(ElfBuilder.DataVa, 0x2000, RW, 0x100))));
        // Adjacent, touching: fine.
        Assert.Equal(ImageStatus.Ok, Parse(ValidWith(b => b.Headers[0].MemorySize = 0x4000)));
    }

    static ElfBuilder WithLoadSegments(int count)
    {
        var b = new ElfBuilder { Entry = ElfBuilder.TextVa };
        for (int i = 0; i < count; i++)
            b.AddLoad(ElfBuilder.TextVa + (ulong)i * 0x2000, 0x1000, i == 0 ? RX : RW, 0x10);
        return WithNotes(b, new NoteBuilder().Xen(2, 8, ElfBuilder.TextVa).Build());
    }

    [Fact]
    public void SixteenSegmentsAreAcceptedSeventeenAreNot()
    {
        Assert.Equal(ImageStatus.Ok, Parse(WithLoadSegments(16), out var image));
        Assert.Equal(16, image.SegmentCount);
        Assert.Equal(ElfBuilder.TextVa + 15 * 0x2000UL + 0x1000, image.ImageEnd);
        Assert.Equal(ImageStatus.TooManySegments, Parse(WithLoadSegments(17)));
    }

    [Fact]
    public void AnImageNeedsALoadableSegment()
    {
        var notesOnly = new ElfBuilder { Entry = ElfBuilder.TextVa };
        notesOnly.AddNotes(new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Build());
        Assert.Equal(ImageStatus.NoLoadableSegment, Parse(notesOnly));

        var emptyLoad = new ElfBuilder { Entry = ElfBuilder.TextVa };
        emptyLoad.AddLoad(ElfBuilder.TextVa, 0, RX, 0);
        Assert.Equal(ImageStatus.NoLoadableSegment, Parse(emptyLoad));
    }

    [Fact]
    public void ImageSpanIsLimitedToOneGiB()
    {
        // bss up to exactly 1 GiB from the image start: accepted.
        ulong exact = ElfImage.MaxSpan - (ElfBuilder.DataVa - ElfBuilder.KernelBase);
        Assert.Equal(ImageStatus.Ok, Parse(ValidWith(b => b.Headers[1].MemorySize = exact), out var image));
        Assert.Equal(ElfImage.MaxSpan, image.ImageEnd - image.ImageStart);
        // One byte more rounds up to one page more.
        Assert.Equal(ImageStatus.ImageTooLarge, Parse(ValidWith(b => b.Headers[1].MemorySize = exact + 1)));
        // Segments far apart: the gap counts.
        Assert.Equal(ImageStatus.ImageTooLarge, Parse(ValidWith(b => b.Headers[1].VirtualAddress = ElfBuilder.KernelBase + 0x40000000)));
        // One segment in each half.
        Assert.Equal(ImageStatus.ImageTooLarge, Parse(ValidWith(b => b.Headers[1].VirtualAddress = 0x4000)));
    }

    // ---- entry point ---------------------------------------------------------------------

    [Fact]
    public void EntryMustLieInASegment()
    {
        static ElfBuilder WithEntry(ulong entry)
            => WithNotes(ValidWith(b => b.Entry = entry), new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Build());
        Assert.Equal(ImageStatus.EntryOutsideImage, Parse(WithEntry(0xFFFFFFFF90000000UL)));
        Assert.Equal(ImageStatus.EntryOutsideImage, Parse(WithEntry(ElfBuilder.TextVa + 0x3000))); // the gap
        Assert.Equal(ImageStatus.EntryOutsideImage, Parse(WithEntry(ElfBuilder.TextVa - 1)));
        Assert.Equal(ImageStatus.EntryOutsideImage, Parse(WithEntry(0)));
        Assert.Equal(ImageStatus.Ok, Parse(WithEntry(ElfBuilder.TextVa + 0x2FFF)));
    }

    [Fact]
    public void EntryMustBeExecutable()
    {
        var b = ValidWith(b => b.Entry = ElfBuilder.DataVa + 8);
        WithNotes(b, new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Build());
        Assert.Equal(ImageStatus.EntryNotExecutable, Parse(b));
        // Entry in bss (beyond the file contents) of an executable segment is accepted.
        var c = ValidWith(b => { b.Headers[0].FileSize = 0x100; b.Entry = ElfBuilder.TextVa + 0x2000; });
        WithNotes(c, new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Build());
        Assert.Equal(ImageStatus.Ok, Parse(c));
    }

    // ---- notes -----------------------------------------------------------------------------

    [Fact]
    public void NotesWithFourAndEightByteValues()
    {
        // Lower-half kernel: 4-byte values, zero-extended.
        var low = new ElfBuilder { Entry = 0x200010 };
        low.AddLoad(0x200000, 0x2000, RX, 0x2000);
        WithNotes(low, new NoteBuilder().Xen(1, 4, 0x200010).Xen(2, 4, 0x201000).Xen(3, 4, 0x100000).Build());
        Assert.Equal(ImageStatus.Ok, Parse(low, out var image));
        Assert.Equal(0x201000UL, image.HypercallPage);
        Assert.Equal(0x100000UL, image.VirtualBase);
        Assert.True(image.VirtualBaseFromNote);

        // Upper-half kernel: 8-byte values.
        var high = WithNotes(ElfBuilder.Valid(), new NoteBuilder()
            .Xen(3, 8, 0xFFFFFFFF80000000UL).Xen(2, 8, ElfBuilder.HypercallVa).Xen(1, 8, ElfBuilder.TextVa + 0x10).Build());
        Assert.Equal(ImageStatus.Ok, Parse(high, out image));
        Assert.Equal(0xFFFFFFFF80000000UL, image.VirtualBase);
        Assert.Equal(ElfBuilder.HypercallVa, image.HypercallPage);

        // A 4-byte value is zero-extended, never sign-extended: an upper-half page cannot be named.
        var truncated = WithNotes(ElfBuilder.Valid(), new NoteBuilder().Xen(2, 4, ElfBuilder.HypercallVa).Build());
        Assert.Equal(ImageStatus.HypercallPageOutsideImage, Parse(truncated));
    }

    // Xen's loader reads SHT_NOTE sections when no PT_NOTE segment holds a Xen note.
    [Fact]
    public void NotesInSectionsCountWhenNoSegmentHoldsAXenNote()
    {
        byte[] xen = new NoteBuilder().Xen(1, 8, ElfBuilder.TextVa + 0x10).Xen(2, 8, ElfBuilder.HypercallVa).Build();
        // No PT_NOTE at all: the section's notes are used.
        var onlySection = ElfBuilder.Valid(withNotes: false);
        onlySection.AddNoteSection(xen);
        Assert.Equal(ImageStatus.Ok, Parse(onlySection, out var image));
        Assert.Equal(ElfBuilder.HypercallVa, image.HypercallPage);
        // A PT_NOTE with only other notes (GNU build id): the sections are read too.
        var gnuSegment = WithNotes(ElfBuilder.Valid(), new NoteBuilder().Raw("GNU", 3, new byte[20]).Build());
        gnuSegment.AddNoteSection(new NoteBuilder().Raw("GNU", 3, new byte[20]).Build());
        gnuSegment.AddNoteSection(xen);
        Assert.Equal(ImageStatus.Ok, Parse(gnuSegment, out image));
        Assert.Equal(ElfBuilder.HypercallVa, image.HypercallPage);
        // Sections of other types are not notes.
        var progbits = ElfBuilder.Valid(withNotes: false);
        progbits.Sections.Add(new SectionHeader { Type = 1, Data = xen });
        Assert.Equal(ImageStatus.HypercallPageMissing, Parse(progbits));
        // A segment with Xen notes wins: the sections are not read (even malformed ones).
        var both = ElfBuilder.Valid();
        both.AddNoteSection(new NoteBuilder().Xen(2, 8, ElfBuilder.DataVa + 8).Build());
        both.ShEntSize = 12;
        Assert.Equal(ImageStatus.Ok, Parse(both, out image));
        Assert.Equal(ElfBuilder.HypercallVa, image.HypercallPage);
        // Section notes follow the same rules as segment notes.
        var bad = ElfBuilder.Valid(withNotes: false);
        bad.AddNoteSection(new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa + 8).Build());
        Assert.Equal(ImageStatus.HypercallPageMisaligned, Parse(bad));
        var dup = ElfBuilder.Valid(withNotes: false);
        dup.AddNoteSection(xen);
        dup.AddNoteSection(xen);
        Assert.Equal(ImageStatus.NoteDuplicate, Parse(dup));
        // No sections (e_shnum 0): nothing to read, the hypercall page is missing.
        Assert.Equal(ImageStatus.HypercallPageMissing, Parse(ElfBuilder.Valid(withNotes: false)));
    }

    // A hostile section table: every length bounded, nothing read outside the module.
    [Fact]
    public void HostileSectionTablesAreRefused()
    {
        byte[] xen = new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Build();
        ElfBuilder With(Action<ElfBuilder> change)
        {
            var b = ElfBuilder.Valid(withNotes: false);
            b.AddNoteSection(xen);
            change(b);
            return b;
        }
        Assert.Equal(ImageStatus.BadSectionHeaderSize, Parse(With(b => b.ShEntSize = 40)));
        Assert.Equal(ImageStatus.TooManySectionHeaders, Parse(With(b => b.ShNum = ElfImage.MaxSectionHeaders + 1)));
        Assert.Equal(ImageStatus.SectionHeadersOutsideModule, Parse(With(b => b.ShOff = ulong.MaxValue - 10)));
        Assert.Equal(ImageStatus.SectionHeadersOutsideModule, Parse(With(b => b.ShNum = 200)));
        Assert.Equal(ImageStatus.NoteOutsideModule, Parse(With(b => b.Sections[0].Offset = 0x1000000)));
        Assert.Equal(ImageStatus.NoteOutsideModule, Parse(With(b => b.Sections[0].Size = ulong.MaxValue)));
        Assert.Equal(ImageStatus.NoteMalformed, Parse(With(b =>
            b.Sections[0].Data = new NoteBuilder().Raw("Xen", 2, new byte[8], descSize: 12).Build())));
    }

    [Fact]
    public void OtherNotesWithUnalignedNamesAndDescriptorsAreSkipped()
    {
        var notes = new NoteBuilder()
            .Raw("Linux", 2, new byte[] { 1, 2, 3, 4, 5 })                 // namesz 6 -> 8, descsz 5 -> 8, type 2 but not Xen
            .Raw("GNU", 3, new byte[20])                                    // NT_GNU_BUILD_ID
            .Raw("Xen", 6, System.Text.Encoding.ASCII.GetBytes("ringwall")) // GUEST_OS: 8 bytes, no padding
            .Raw("Xen", 8, System.Text.Encoding.ASCII.GetBytes("generic\0x")) // LOADER: descsz 9 -> 12
            .Raw("Xe", 2, new byte[8])                                      // namesz 3: not "Xen"
            .Raw("XEN", 2, new byte[8])                                     // wrong case
            .Xen(2, 8, ElfBuilder.HypercallVa)
            .Raw("Xen", 0, new byte[] { (byte)'A', (byte)'=', (byte)'1' }) // INFO: descsz 3 -> 4
            .Build();
        Assert.Equal(ImageStatus.Ok, Parse(WithNotes(ElfBuilder.Valid(), notes), out var image));
        Assert.Equal(ElfBuilder.HypercallVa, image.HypercallPage);
    }

    [Fact]
    public void LastNoteMayLackItsPaddingAndShortTrailingBytesAreIgnored()
    {
        // The last descriptor is 5 bytes and the segment ends right after it.
        var cut = new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Raw("Xen", 6, new byte[] { 1, 2, 3, 4, 5 }, padDesc: false).Build();
        Assert.Equal(0, (cut.Length % 4) - 1);
        Assert.Equal(ImageStatus.Ok, Parse(WithNotes(ElfBuilder.Valid(), cut)));

        var trailing = new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Bytes(0, 0, 0, 0, 0, 0, 0, 0).Build();
        Assert.Equal(ImageStatus.Ok, Parse(WithNotes(ElfBuilder.Valid(), trailing)));
    }

    [Fact]
    public void NotesInSeveralSegmentsAreAllRead()
    {
        var b = WithNotes(ElfBuilder.Valid(), new NoteBuilder().Raw("GNU", 1, new byte[16]).Build());
        b.AddNotes(new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Build());
        Assert.Equal(ImageStatus.Ok, Parse(b, out var image));
        Assert.Equal(ElfBuilder.HypercallVa, image.HypercallPage);
    }

    [Fact]
    public void NoteSegmentMustLieInsideTheModule()
    {
        Assert.Equal(ImageStatus.NoteOutsideModule, Parse(ValidWith(b => b.Headers[2].FileSize = 0x100000)));
        Assert.Equal(ImageStatus.NoteOutsideModule, Parse(ValidWith(b => b.Headers[2].Offset = 0x100000)));
        // p_offset + p_filesz wraps.
        Assert.Equal(ImageStatus.NoteOutsideModule, Parse(ValidWith(b =>
        {
            b.Headers[2].Offset = ulong.MaxValue - 7;
            b.Headers[2].FileSize = 0x40;
        })));
    }

    [Fact]
    public void MalformedNotesAreRefused()
    {
        byte[] value = BitConverter.GetBytes(ElfBuilder.HypercallVa);
        // namesz 0xFFFFFFFF: padding it must not wrap a 32-bit sum.
        Assert.Equal(ImageStatus.NoteMalformed, Parse(WithNotes(ElfBuilder.Valid(),
            new NoteBuilder().Raw("Xen", 2, value, nameSize: 0xFFFFFFFF).Build())));
        Assert.Equal(ImageStatus.NoteMalformed, Parse(WithNotes(ElfBuilder.Valid(),
            new NoteBuilder().Raw("Xen", 2, value, descSize: 0xFFFFFFFF).Build())));
        // descsz one byte longer than what is left.
        Assert.Equal(ImageStatus.NoteMalformed, Parse(WithNotes(ElfBuilder.Valid(),
            new NoteBuilder().Raw("Xen", 2, value, descSize: 9).Build())));
        // The name runs past the end of the segment.
        Assert.Equal(ImageStatus.NoteMalformed, Parse(WithNotes(ElfBuilder.Valid(),
            new NoteBuilder().Bytes(8, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, (byte)'X', (byte)'e', (byte)'n', 0).Build())));
    }

    [Fact]
    public void XenNoteValuesMustBeFourOrEightBytes()
    {
        foreach (int size in new[] { 0, 2, 6, 16 })
        {
            var notes = new NoteBuilder().Raw("Xen", 2, new byte[size]).Build();
            Assert.Equal(ImageStatus.NoteBadValueSize, Parse(WithNotes(ElfBuilder.Valid(), notes)));
        }
        Assert.Equal(ImageStatus.NoteBadValueSize, Parse(WithNotes(ElfBuilder.Valid(),
            new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Raw("Xen", 3, new byte[2]).Build())));
    }

    [Fact]
    public void XenNotesMayAppearOnce()
    {
        foreach (uint type in new uint[] { 1, 2, 3 })
        {
            ulong value = type == 1 ? ElfBuilder.TextVa + 0x10 : type == 2 ? ElfBuilder.HypercallVa : ElfBuilder.KernelBase;
            var notes = new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa);
            if (type != 2) notes.Xen(type, 8, value);
            notes.Xen(type, 8, value);
            Assert.Equal(ImageStatus.NoteDuplicate, Parse(WithNotes(ElfBuilder.Valid(), notes.Build())));
        }
    }

    [Fact]
    public void EntryNoteMustMatchTheElfEntry()
    {
        var notes = new NoteBuilder().Xen(1, 8, ElfBuilder.TextVa + 0x20).Xen(2, 8, ElfBuilder.HypercallVa).Build();
        Assert.Equal(ImageStatus.EntryNoteMismatch, Parse(WithNotes(ElfBuilder.Valid(), notes)));
        Assert.Equal(ImageStatus.Ok, Parse(WithNotes(ElfBuilder.Valid(),
            new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Build()))); // the note is optional
    }

    [Fact]
    public void HypercallPageNoteIsRequired()
    {
        Assert.Equal(ImageStatus.HypercallPageMissing, Parse(ElfBuilder.Valid(withNotes: false)));
        Assert.Equal(ImageStatus.HypercallPageMissing, Parse(WithNotes(ElfBuilder.Valid(),
            new NoteBuilder().Xen(1, 8, ElfBuilder.TextVa + 0x10).Raw("Linux", 2, BitConverter.GetBytes(ElfBuilder.HypercallVa)).Build())));
    }

    [Fact]
    public void HypercallPageMustBePageAligned()
        => Assert.Equal(ImageStatus.HypercallPageMisaligned, Parse(WithNotes(ElfBuilder.Valid(),
            new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa + 0x800).Build())));

    [Fact]
    public void HypercallPageMustLieInASegment()
    {
        Assert.Equal(ImageStatus.HypercallPageOutsideImage, Parse(WithNotes(ElfBuilder.Valid(),
            new NoteBuilder().Xen(2, 8, ElfBuilder.TextVa + 0x3000).Build()))); // the gap between the segments
        Assert.Equal(ImageStatus.HypercallPageOutsideImage, Parse(WithNotes(ElfBuilder.Valid(),
            new NoteBuilder().Xen(2, 8, 0xFFFF800000000000UL).Build()))); // the VMM's range
        // Writable data and bss are fine.
        Assert.Equal(ImageStatus.Ok, Parse(WithNotes(ElfBuilder.Valid(),
            new NoteBuilder().Xen(2, 8, ElfBuilder.DataVa + 0x1000).Build())));
    }

    static ElfBuilder WithVirtualBase(ulong virtualBase)
        => WithNotes(ElfBuilder.Valid(), new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Xen(3, 8, virtualBase).Build());

    [Fact]
    public void VirtualBaseMustBePageAligned()
        => Assert.Equal(ImageStatus.VirtualBaseMisaligned, Parse(WithVirtualBase(ElfBuilder.KernelBase - 0x10)));

    [Fact]
    public void VirtualBaseMustNotBeAboveTheImage()
    {
        Assert.Equal(ImageStatus.VirtualBaseAboveImage, Parse(WithVirtualBase(ElfBuilder.KernelBase + 0x1000)));
        Assert.Equal(ImageStatus.Ok, Parse(WithVirtualBase(ElfBuilder.KernelBase), out var image));
        Assert.Equal(ElfBuilder.KernelBase, image.VirtualBase);
    }

    [Fact]
    public void VirtualBaseMustShareTheImagesCanonicalHalfOutsideTheVmmRange()
    {
        // Xen's default of 0 under an upper-half kernel: the region would cross the hole.
        Assert.Equal(ImageStatus.VirtualBaseInvalid, Parse(WithVirtualBase(0)));
        Assert.Equal(ImageStatus.VirtualBaseInvalid, Parse(WithVirtualBase(0x0000800000000000UL)));
        // An upper-half image just above the VMM's range with a base inside it.
        var b = new ElfBuilder { Entry = 0xFFFF880000000000UL };
        b.AddLoad(0xFFFF880000000000UL, 0x2000, RX, 0x2000);
        WithNotes(b, new NoteBuilder().Xen(2, 8, 0xFFFF880000001000UL).Xen(3, 8, 0xFFFF87FFFFF00000UL).Build());
        Assert.Equal(ImageStatus.VirtualBaseInvalid, Parse(b));
    }

    [Fact]
    public void VirtualBaseMustBeWithinOneGiBOfTheImageEnd()
    {
        Assert.Equal(ImageStatus.VirtualBaseTooFarBelow, Parse(WithVirtualBase(ElfBuilder.KernelBase - ElfImage.MaxSpan)));
        ulong lowest = ElfBuilder.KernelBase + 0x6000 - ElfImage.MaxSpan;
        Assert.Equal(ImageStatus.Ok, Parse(WithVirtualBase(lowest), out var image));
        Assert.Equal(ElfImage.MaxSpan, image.ImageEnd - image.VirtualBase);
    }

    // ---- statuses and their names ---------------------------------------------------

    [Fact]
    public void EveryStatusHasItsOwnMessage()
    {
        var statuses = Enum.GetValues<ImageStatus>();
        var messages = statuses.Select(ImageStatusNames.Describe).ToList();
        Assert.DoesNotContain("unknown image status", messages);
        Assert.Equal(messages.Count, messages.Distinct().Count());
        Assert.Equal("not an ELF file", ImageStatusNames.Describe(ImageStatus.NotElf));
        Assert.Equal("segments overlap", ImageStatusNames.Describe(ImageStatus.SegmentsOverlap));
        Assert.Equal("unknown image status", ImageStatusNames.Describe((ImageStatus)9999));
    }

    /// <summary>
    /// Every status is produced by at least one test above: this fact re-runs one defect
    /// per status from a table, so a new status without a defect fails here.
    /// </summary>
    [Fact]
    public void EveryImageStatusIsReachable()
    {
        var defects = new Dictionary<ImageStatus, Func<ImageStatus>>
        {
            [ImageStatus.Ok] = () => Parse(ElfBuilder.Valid()),
            [ImageStatus.ModuleUnreadable] = () =>
            {
                var m = new FakePhysicalMemory(ModuleBase, ElfBuilder.Valid().Build());
                return ElfImage.Parse(ref m, ModuleBase, (ulong)m.Bytes.Length * 2, new ElfImage());
            },
            [ImageStatus.TooSmall] = () => Parse(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, out _),
            [ImageStatus.NotElf] = () => Parse(ValidWith(b => b.Magic[0] = 0)),
            [ImageStatus.NotElf64] = () => Parse(ValidWith(b => b.Class = 1)),
            [ImageStatus.NotLittleEndian] = () => Parse(ValidWith(b => b.DataEncoding = 2)),
            [ImageStatus.BadElfVersion] = () => Parse(ValidWith(b => b.Version = 0)),
            [ImageStatus.WrongMachine] = () => Parse(ValidWith(b => b.Machine = 40)),
            [ImageStatus.NotExecutable] = () => Parse(ValidWith(b => b.Type = 4)),
            [ImageStatus.BadProgramHeaderSize] = () => Parse(ValidWith(b => b.PhEntSize = 57)),
            [ImageStatus.BadProgramHeaderCount] = () => Parse(ValidWith(b => b.PhNum = 0)),
            [ImageStatus.ProgramHeadersOutsideModule] = () => Parse(ValidWith(b => b.PhOff = ulong.MaxValue)),
            [ImageStatus.SegmentFileSizeExceedsMemorySize] = () => Parse(ValidWith(b => b.Headers[0].MemorySize = 0x2FFF)),
            [ImageStatus.SegmentOutsideModule] = () => Parse(ValidWith(b => b.Headers[0].Offset = 0x3000000)),
            [ImageStatus.SegmentAddressOverflow] = () => Parse(ValidWith(b => b.Headers[1].MemorySize = ulong.MaxValue - 0xFFF)),
            [ImageStatus.SegmentNotCanonical] = () => Parse(ValidWith(b => b.Headers[1].VirtualAddress = 0x8000000000000000UL)),
            [ImageStatus.SegmentInReservedRange] = () => Parse(ValidWith(b => b.Headers[1].VirtualAddress = 0xFFFF800000100000UL)),
            [ImageStatus.SegmentMisaligned] = () => Parse(ValidWith(b => { b.Headers[1].Offset = 0x4001; b.ExtraBytes = 0x200; })),
            [ImageStatus.SegmentsOverlap] = () => Parse(ValidWith(b => b.Headers[1].VirtualAddress = ElfBuilder.TextVa + 0x2000)),
            [ImageStatus.TooManySegments] = () => Parse(WithLoadSegments(ElfImage.MaxSegments + 1)),
            [ImageStatus.NoLoadableSegment] = () => Parse(ValidWith(b => b.Headers.RemoveAll(h => h.Type == ElfImage.PtLoad))),
            [ImageStatus.ImageTooLarge] = () => Parse(ValidWith(b => b.Headers[1].MemorySize = ElfImage.MaxSpan)),
            [ImageStatus.EntryOutsideImage] = () => Parse(WithNotes(ValidWith(b => b.Entry = 1),
                new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Build())),
            [ImageStatus.EntryNotExecutable] = () => Parse(WithNotes(ValidWith(b => b.Entry = ElfBuilder.DataVa),
                new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Build())),
            [ImageStatus.NoteOutsideModule] = () => Parse(ValidWith(b => b.Headers[2].Offset = ulong.MaxValue)),
            [ImageStatus.NoteMalformed] = () => Parse(WithNotes(ElfBuilder.Valid(), new NoteBuilder().Raw("Xen", 2, new byte[8], descSize: 12).Build())),
            [ImageStatus.NoteBadValueSize] = () => Parse(WithNotes(ElfBuilder.Valid(), new NoteBuilder().Raw("Xen", 1, new byte[1]).Build())),
            [ImageStatus.NoteDuplicate] = () => Parse(WithNotes(ElfBuilder.Valid(),
                new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Xen(2, 8, ElfBuilder.DataVa).Build())),
            [ImageStatus.EntryNoteMismatch] = () => Parse(WithNotes(ElfBuilder.Valid(),
                new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa).Xen(1, 4, 0x10).Build())),
            [ImageStatus.HypercallPageMissing] = () => Parse(ElfBuilder.Valid(withNotes: false)),
            [ImageStatus.HypercallPageMisaligned] = () => Parse(WithNotes(ElfBuilder.Valid(), new NoteBuilder().Xen(2, 8, ElfBuilder.HypercallVa + 8).Build())),
            [ImageStatus.HypercallPageOutsideImage] = () => Parse(WithNotes(ElfBuilder.Valid(), new NoteBuilder().Xen(2, 8, 0).Build())),
            [ImageStatus.VirtualBaseMisaligned] = () => Parse(WithVirtualBase(1)),
            [ImageStatus.VirtualBaseAboveImage] = () => Parse(WithVirtualBase(ulong.MaxValue & ~0xFFFUL)),
            [ImageStatus.VirtualBaseInvalid] = () => Parse(WithVirtualBase(0xFFFF800000000000UL)),
            [ImageStatus.VirtualBaseTooFarBelow] = () => Parse(WithVirtualBase(0xFFFF880000000000UL)),
            [ImageStatus.BadSectionHeaderSize] = () => Parse(SectionNotes(b => b.ShEntSize = 63)),
            [ImageStatus.TooManySectionHeaders] = () => Parse(SectionNotes(b => b.ShNum = ushort.MaxValue)),
            [ImageStatus.SectionHeadersOutsideModule] = () => Parse(SectionNotes(b => b.ShOff = 0x100000)),
        };
        foreach (var status in Enum.GetValues<ImageStatus>())
        {
            Assert.True(defects.ContainsKey(status), "no defect produces " + status);
            Assert.Equal(status, defects[status]());
        }
    }
}
