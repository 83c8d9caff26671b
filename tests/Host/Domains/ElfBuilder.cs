using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Ringwall.Core.Domains;
using Ringwall.Tests.Host.Boot;

namespace Ringwall.Tests.Host.Domains;

/// <summary>One program header of an <see cref="ElfBuilder"/>; null fields are filled in by Build.</summary>
public sealed class ProgramHeader
{
    public uint Type;
    public uint Flags;
    public ulong VirtualAddress;
    public ulong MemorySize;
    /// <summary>Contents placed in the file (PT_LOAD: at an offset congruent to the vaddr modulo 4096).</summary>
    public byte[] Data = Array.Empty<byte>();
    public ulong? Offset;
    public ulong? FileSize;
}

/// <summary>One section header of an <see cref="ElfBuilder"/> (after the null section Build adds first).</summary>
public sealed class SectionHeader
{
    public uint Type;
    public byte[] Data = Array.Empty<byte>();
    public ulong? Offset;
    public ulong? Size;
}

/// <summary>Builds ELF64 files in memory, every header field overridable so a test can plant one defect.</summary>
public sealed class ElfBuilder
{
    public const ulong KernelBase = 0xFFFFFFFF80200000UL;
    public const ulong TextVa = KernelBase;
    public const ulong HypercallVa = KernelBase + 0x1000;
    public const ulong DataVa = KernelBase + 0x4000;

    public byte[] Magic = { 0x7F, (byte)'E', (byte)'L', (byte)'F' };
    public byte Class = 2;
    public byte DataEncoding = 1;
    public byte IdentVersion = 1;
    public ushort Type = 2;
    public ushort Machine = 62;
    public uint Version = 1;
    public ulong Entry;
    public ushort PhEntSize = 56;
    public ushort? PhNum;
    public ulong? PhOff;
    public int ExtraBytes;
    public readonly List<ProgramHeader> Headers = new();
    /// <summary>Sections; when there are any, Build writes a null section first, then these, after the segments.</summary>
    public readonly List<SectionHeader> Sections = new();
    public ushort ShEntSize = 64;
    public ushort? ShNum;
    public ulong? ShOff;

    public SectionHeader AddNoteSection(byte[] notes)
    {
        var s = new SectionHeader { Type = ElfImage.ShtNote, Data = notes };
        Sections.Add(s);
        return s;
    }

    public ProgramHeader AddLoad(ulong vaddr, ulong memsz, uint flags, int fileBytes)
    {
        var data = new byte[fileBytes];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7 + 1);
        var h = new ProgramHeader { Type = ElfImage.PtLoad, Flags = flags, VirtualAddress = vaddr, MemorySize = memsz, Data = data };
        Headers.Add(h);
        return h;
    }

    public ProgramHeader AddNotes(byte[] notes)
    {
        var h = new ProgramHeader { Type = ElfImage.PtNote, Flags = ElfSegment.FlagRead, Data = notes };
        Headers.Add(h);
        return h;
    }

    /// <summary>The reference good kernel: text RX (holding entry and hypercall page), data RW with bss, Xen notes.</summary>
    public static ElfBuilder Valid(bool withNotes = true)
    {
        var b = new ElfBuilder { Entry = TextVa + 0x10 };
        b.AddLoad(TextVa, 0x3000, ElfSegment.FlagRead | ElfSegment.FlagExecute, 0x3000);
        b.AddLoad(DataVa, 0x2000, ElfSegment.FlagRead | ElfSegment.FlagWrite, 0x100);
        if (withNotes)
            b.AddNotes(new NoteBuilder().Xen(1, 8, b.Entry).Xen(2, 8, HypercallVa).Build());
        return b;
    }

    public byte[] Build()
    {
        int phCount = Headers.Count;
        ulong phoff = 64;
        ulong cursor = phoff + (ulong)(56 * phCount);
        var placed = new ulong[phCount];
        for (int i = 0; i < phCount; i++)
        {
            var h = Headers[i];
            if (h.Offset is ulong fixedOffset) { placed[i] = fixedOffset; continue; }
            if (h.Type == ElfImage.PtLoad)
            {
                ulong page = (cursor + 0xFFF) & ~0xFFFUL;
                cursor = page + (h.VirtualAddress & 0xFFF);
            }
            else
            {
                cursor = (cursor + 3) & ~3UL;
            }
            placed[i] = cursor;
            cursor += (ulong)h.Data.Length;
        }
        var sectionPlaced = new ulong[Sections.Count];
        for (int i = 0; i < Sections.Count; i++)
        {
            cursor = (cursor + 3) & ~3UL;
            sectionPlaced[i] = Sections[i].Offset ?? cursor;
            if (Sections[i].Offset is null) cursor += (ulong)Sections[i].Data.Length;
        }
        ulong shoff = 0;
        int shCount = Sections.Count == 0 ? 0 : Sections.Count + 1;
        if (shCount > 0)
        {
            shoff = (cursor + 7) & ~7UL;
            cursor = shoff + (ulong)(64 * shCount);
        }
        var file = new byte[cursor + (ulong)ExtraBytes];
        using (var w = new BinaryWriter(new MemoryStream(file)))
        {
            w.Write(Magic, 0, 4);
            w.Write(Class); w.Write(DataEncoding); w.Write(IdentVersion);
            w.Seek(16, SeekOrigin.Begin);
            w.Write(Type); w.Write(Machine); w.Write(Version);
            w.Write(Entry); w.Write(PhOff ?? phoff); w.Write(ShOff ?? shoff);
            w.Write(0u); w.Write((ushort)64); w.Write(PhEntSize); w.Write(PhNum ?? (ushort)phCount);
            w.Write(ShEntSize); w.Write(ShNum ?? (ushort)shCount); w.Write((ushort)0);
            for (int i = 0; i < Sections.Count; i++)
            {
                var sec = Sections[i];
                if (sec.Offset is null && sec.Data.Length > 0)
                {
                    w.Seek((int)sectionPlaced[i], SeekOrigin.Begin);
                    w.Write(sec.Data);
                }
                // Section i + 1 (0 is the null section, left zero): name 0, type, flags 0,
                // addr 0, offset, size, link, info, addralign 4, entsize 0.
                w.Seek((int)(shoff + (ulong)(64 * (i + 1))), SeekOrigin.Begin);
                w.Write(0u); w.Write(sec.Type); w.Write(0UL); w.Write(0UL);
                w.Write(sectionPlaced[i]); w.Write(sec.Size ?? (ulong)sec.Data.Length);
                w.Write(0u); w.Write(0u); w.Write(4UL); w.Write(0UL);
            }
            for (int i = 0; i < phCount; i++)
            {
                var h = Headers[i];
                w.Seek((int)(phoff + (ulong)(56 * i)), SeekOrigin.Begin);
                w.Write(h.Type); w.Write(h.Flags); w.Write(placed[i]);
                w.Write(h.VirtualAddress); w.Write(h.VirtualAddress);
                w.Write(h.FileSize ?? (ulong)h.Data.Length);
                w.Write(h.Type == ElfImage.PtLoad ? h.MemorySize : (ulong)h.Data.Length);
                w.Write(h.Type == ElfImage.PtLoad ? 0x1000UL : 4UL);
                if (h.Offset is null && h.Data.Length > 0)
                {
                    w.Seek((int)placed[i], SeekOrigin.Begin);
                    w.Write(h.Data);
                }
            }
        }
        return file;
    }
}

/// <summary>Builds the contents of a PT_NOTE segment.</summary>
public sealed class NoteBuilder
{
    private readonly MemoryStream _bytes = new();

    /// <summary>A note with any name (NUL-terminated, namesz counts the NUL) and raw descriptor; padded to 4.</summary>
    public NoteBuilder Raw(string name, uint type, byte[] desc, bool padDesc = true, uint? nameSize = null, uint? descSize = null)
    {
        byte[] nameBytes = name == null ? Array.Empty<byte>() : Encoding.ASCII.GetBytes(name + "\0");
        var w = new BinaryWriter(_bytes);
        w.Write(nameSize ?? (uint)nameBytes.Length);
        w.Write(descSize ?? (uint)desc.Length);
        w.Write(type);
        w.Write(nameBytes);
        Pad();
        w.Write(desc);
        if (padDesc) Pad();
        return this;
    }

    /// <summary>A Xen note with a numeric value of 4 or 8 bytes.</summary>
    public NoteBuilder Xen(uint type, int size, ulong value)
    {
        var desc = new byte[size];
        BitConverter.GetBytes(value).AsSpan(0, Math.Min(size, 8)).CopyTo(desc);
        return Raw("Xen", type, desc);
    }

    public NoteBuilder Bytes(params byte[] raw)
    {
        _bytes.Write(raw);
        return this;
    }

    private void Pad()
    {
        while (_bytes.Length % 4 != 0) _bytes.WriteByte(0);
    }

    public byte[] Build() => _bytes.ToArray();
}

/// <summary>Parses a built file placed in fake physical memory, and checks the parser never read outside it.</summary>
public static class ElfHarness
{
    public const ulong ModuleBase = 0x01000000;

    public static ImageStatus Parse(byte[] file, out ElfImage image)
    {
        var memory = new FakePhysicalMemory(ModuleBase, file);
        image = new ElfImage();
        var status = ElfImage.Parse(ref memory, ModuleBase, (ulong)file.Length, image);
        if (memory.OutsideReads != 0) throw new InvalidOperationException("parser read outside the module");
        return status;
    }

    public static ImageStatus Parse(ElfBuilder builder, out ElfImage image) => Parse(builder.Build(), out image);

    public static ImageStatus Parse(ElfBuilder builder) => Parse(builder.Build(), out _);

    public static ElfImage ParseOk(ElfBuilder builder)
    {
        var status = Parse(builder, out var image);
        if (status != ImageStatus.Ok) throw new InvalidOperationException("expected a valid image, got " + status);
        return image;
    }
}
