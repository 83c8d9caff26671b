using System;
using System.Collections.Generic;

namespace Ringwall.Tests.Host.Boot;

/// <summary>
/// Lays out a multiboot2 boot information block as GRUB does: total_size, reserved,
/// then tags {u32 type, u32 size, payload} each starting 8-byte aligned, ending with
/// the end tag {0, 8}. Tag sizes exclude the alignment padding.
/// </summary>
public sealed class Multiboot2Builder
{
    public const ulong DefaultBase = 0x10000;

    private readonly List<(uint Type, byte[] Payload, uint? Size)> _tags = new();

    public uint? TotalSizeOverride;
    public bool EndTag = true;
    public int Slack;
    public ulong Address { get; private set; }
    /// <summary>Address of each tag (in the order added) after <see cref="Build"/>.</summary>
    public readonly List<ulong> TagAddresses = new();

    public Multiboot2Builder Tag(uint type, byte[] payload, uint? sizeOverride = null)
    {
        _tags.Add((type, payload, sizeOverride));
        return this;
    }

    public Multiboot2Builder CommandLine(string text) => Tag(1, Z(text));

    public Multiboot2Builder BootLoaderName(string text) => Tag(2, Z(text));

    public Multiboot2Builder Module(uint start, uint end, string text)
    {
        var payload = new byte[8];
        BitConverter.TryWriteBytes(payload.AsSpan(0, 4), start);
        BitConverter.TryWriteBytes(payload.AsSpan(4, 4), end);
        return Tag(3, Concat(payload, Z(text)));
    }

    public Multiboot2Builder BasicMemoryInfo(uint lowerKiB, uint upperKiB)
    {
        var payload = new byte[8];
        BitConverter.TryWriteBytes(payload.AsSpan(0, 4), lowerKiB);
        BitConverter.TryWriteBytes(payload.AsSpan(4, 4), upperKiB);
        return Tag(4, payload);
    }

    public Multiboot2Builder MemoryMap(IEnumerable<(ulong Start, ulong Length, uint Type)> entries, uint entrySize = 24)
    {
        var list = new List<(ulong, ulong, uint)>(entries);
        var payload = new byte[8 + list.Count * (int)entrySize];
        BitConverter.TryWriteBytes(payload.AsSpan(0, 4), entrySize);
        BitConverter.TryWriteBytes(payload.AsSpan(4, 4), 0u);
        for (int i = 0; i < list.Count; i++)
        {
            int at = 8 + i * (int)entrySize;
            if (entrySize >= 8) BitConverter.TryWriteBytes(payload.AsSpan(at, 8), list[i].Item1);
            if (entrySize >= 16) BitConverter.TryWriteBytes(payload.AsSpan(at + 8, 8), list[i].Item2);
            if (entrySize >= 20) BitConverter.TryWriteBytes(payload.AsSpan(at + 16, 4), list[i].Item3);
        }
        return Tag(6, payload);
    }

    /// <summary>A copy of an ACPI 1.0 RSDP (20 bytes), tag 14.</summary>
    public Multiboot2Builder RsdpV1() => Tag(14, Rsdp(20, 0));

    /// <summary>A copy of an ACPI 2.0+ RSDP (36 bytes), tag 15.</summary>
    public Multiboot2Builder RsdpV2() => Tag(15, Rsdp(36, 2));

    /// <summary>The tags GRUB 2 passes on a BIOS machine with 512 MiB and one module.</summary>
    public static Multiboot2Builder Typical() => new Multiboot2Builder()
        .CommandLine("loglevel=warn bench")
        .BootLoaderName("GRUB 2.12")
        .Module(0x200000, 0x2A3F11, "/boot/guest.elf console=hvc0 root=/dev/xvda")
        .Module(0x300000, 0x380000, "/boot/initrd")
        .BasicMemoryInfo(639, 523136)
        .MemoryMap(TypicalRegions)
        .RsdpV1()
        .RsdpV2();

    public static readonly (ulong, ulong, uint)[] TypicalRegions =
    {
        (0x0, 0x9FC00, 1),
        (0x9FC00, 0x400, 2),
        (0xF0000, 0x10000, 2),
        (0x100000, 0x1FEE0000, 1),
        (0x1FFE0000, 0x20000, 2),
        (0xFFFC0000, 0x40000, 2),
        (0x100000000, 0x40000000, 1),
    };

    public FakePhysicalMemory Build()
    {
        var image = new PhysicalImage(DefaultBase);
        Address = image.Allocate(8);
        TagAddresses.Clear();
        foreach (var (type, payload, size) in _tags)
        {
            ulong tag = image.Allocate(8 + payload.Length, 8);
            TagAddresses.Add(tag);
            image.Write32(tag, type);
            image.Write32(tag + 4, size ?? (uint)(8 + payload.Length));
            image.WriteBytes(tag + 8, payload);
        }
        if (EndTag)
        {
            ulong end = image.Allocate(8, 8);
            image.Write32(end, 0);
            image.Write32(end + 4, 8);
        }
        image.Write32(Address, TotalSizeOverride ?? (uint)image.Used);
        image.Write32(Address + 4, 0);
        return image.Freeze(Slack);
    }

    private static byte[] Z(string text) => Concat(BootText.Ascii(text), new byte[1]);

    private static byte[] Concat(byte[] a, byte[] b)
    {
        var r = new byte[a.Length + b.Length];
        a.CopyTo(r, 0);
        b.CopyTo(r, a.Length);
        return r;
    }

    private static byte[] Rsdp(int length, byte revision)
    {
        var r = new byte[length];
        BootText.Ascii("RSD PTR ").CopyTo(r, 0);
        BootText.Ascii("BOCHS ").CopyTo(r, 9);
        r[15] = revision;
        return r;
    }
}
