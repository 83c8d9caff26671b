using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Ringwall.Core.Boot;
using Xunit;
using static Ringwall.Tests.Host.Boot.BootText;

namespace Ringwall.Tests.Host.Boot;

public class ModulePackTests
{
    const ulong MemoryBase = 0x200000;

    // ---- building packs and boot information ----

    sealed class PackEntry
    {
        public byte[] Data = Array.Empty<byte>();
        public byte[] CommandLine = Array.Empty<byte>();   // written into the 240-byte field, NUL-padded
        public ulong? Offset;                              // overrides the offset the builder chose
        public ulong? Size;                                // overrides the data's size
    }

    static PackEntry E(string data, string commandLine)
        => new() { Data = Ascii(data), CommandLine = Ascii(commandLine) };

    static byte[] Pack(params PackEntry[] entries) => Pack(entries, (uint)entries.Length);

    static byte[] Pack(PackEntry[] entries, uint count)
    {
        int table = ModulePack.HeaderBytes + ModulePack.EntryBytes * entries.Length;
        int total = table + entries.Sum(e => e.Data.Length);
        var pack = new byte[total];
        Ascii("RWPACK1\0").CopyTo(pack, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(pack.AsSpan(8), count);
        int data = table;
        for (int i = 0; i < entries.Length; i++)
        {
            int entry = ModulePack.HeaderBytes + i * ModulePack.EntryBytes;
            BinaryPrimitives.WriteUInt64LittleEndian(pack.AsSpan(entry), entries[i].Offset ?? (ulong)data);
            BinaryPrimitives.WriteUInt64LittleEndian(pack.AsSpan(entry + 8), entries[i].Size ?? (ulong)entries[i].Data.Length);
            entries[i].CommandLine.CopyTo(pack, entry + 16);
            entries[i].Data.CopyTo(pack, data);
            data += entries[i].Data.Length;
        }
        return pack;
    }

    // Lays boot modules out in memory as a loader would; `Length` overrides a module's
    // length as the loader reports it.
    sealed class Loader
    {
        readonly PhysicalImage _image = new(MemoryBase);
        readonly List<(ulong Start, ulong Length, ulong CommandLine)> _modules = new();

        public ulong Add(byte[] contents, string commandLine, ulong? length = null)
        {
            ulong start = _image.Allocate(contents.Length, 4096);
            _image.WriteBytes(start, contents);
            _modules.Add((start, length ?? (ulong)contents.Length, _image.PlaceString(commandLine)));
            return start;
        }

        public ulong AddAt(ulong start, ulong length, string commandLine)
        {
            _modules.Add((start, length, _image.PlaceString(commandLine)));
            return start;
        }

        public (BootInfo Info, FakePhysicalMemory Memory) Build(int slack = 0)
        {
            var memory = _image.Freeze(slack);
            var info = new BootInfo();
            foreach (var m in _modules) info.AddModule(ref memory, m.Start, m.Length, m.CommandLine);
            return (info, memory);
        }
    }

    static string Contents(FakePhysicalMemory memory, BootModule m)
    {
        Assert.True(memory.Contains(m.Start, m.Length));
        return Encoding.ASCII.GetString(memory.Bytes, (int)(m.Start - memory.Base), (int)m.Length);
    }

    static BootModule[] Snapshot(BootInfo info) => info.Modules.Take(info.ModuleCount).ToArray();

    static void AssertRefusedUnchanged(Loader loader)
    {
        var (info, memory) = loader.Build();
        var before = Snapshot(info);
        int strings = info.StringBytes;
        bool truncated = info.Truncated;
        Assert.False(ModulePack.Expand(ref memory, info));
        Assert.Equal(before, Snapshot(info));
        Assert.Equal(strings, info.StringBytes);
        Assert.Equal(truncated, info.Truncated);
        Assert.Equal(0, memory.OutsideReads);
    }

    // ---- format ----

    [Fact]
    public void MagicIsRwpack1()
    {
        Assert.Equal(ModulePack.Magic, BinaryPrimitives.ReadUInt64LittleEndian(Ascii("RWPACK1\0")));
        Assert.Equal(16, ModulePack.HeaderBytes);
        Assert.Equal(256, ModulePack.EntryBytes);
        Assert.Equal(240, ModulePack.CommandLineBytes);
    }

    [Fact]
    public void IsPackRecognisesTheMagicOnly()
    {
        var loader = new Loader();
        loader.Add(Pack(E("abc", "a")), "pack");
        loader.Add(Ascii("RWPACK2\0........"), "other magic");
        loader.Add(Ascii("\x7F" + "ELF............."), "elf");
        loader.Add(Ascii("RWPACK1\0\x01\0\0\0\0\0\0"), "15 bytes");   // shorter than a header
        var (info, memory) = loader.Build();
        Assert.True(ModulePack.IsPack(ref memory, info.Modules[0]));
        Assert.False(ModulePack.IsPack(ref memory, info.Modules[1]));
        Assert.False(ModulePack.IsPack(ref memory, info.Modules[2]));
        Assert.False(ModulePack.IsPack(ref memory, info.Modules[3]));
    }

    [Fact]
    public void IsPackDoesNotReadOutsideMemory()
    {
        var memory = new FakePhysicalMemory(MemoryBase, new byte[64]);
        var m = new BootModule { Start = MemoryBase + 60, Length = 4096 };
        Assert.False(ModulePack.IsPack(ref memory, m));
        Assert.Equal(0, memory.OutsideReads);
    }

    // ---- expansion ----

    [Fact]
    public void NoPacksLeavesModulesAsTheyWere()
    {
        var loader = new Loader();
        loader.Add(Ascii("first"), "name=a");
        loader.Add(Ascii("second"), "name=b");
        var (info, memory) = loader.Build();
        var before = Snapshot(info);
        Assert.True(ModulePack.Expand(ref memory, info));
        Assert.Equal(before, Snapshot(info));
        Assert.False(info.Truncated);
    }

    [Fact]
    public void NoModulesAtAll()
    {
        var (info, memory) = new Loader().Build();
        Assert.True(ModulePack.Expand(ref memory, info));
        Assert.Equal(0, info.ModuleCount);
        Assert.False(info.Truncated);
    }

    [Fact]
    public void PackIsReplacedByItsModules()
    {
        var loader = new Loader();
        ulong pack = loader.Add(Pack(E("guest-one", "name=one mem=2M -- quiet"), E("guest-two!", "name=two")), "pack.bin");
        var (info, memory) = loader.Build();
        Assert.True(ModulePack.Expand(ref memory, info));

        Assert.Equal(2, info.ModuleCount);
        Assert.False(info.Truncated);
        ulong table = 16 + 2 * 256;
        Assert.Equal(pack + table, info.Modules[0].Start);
        Assert.Equal(9UL, info.Modules[0].Length);
        Assert.Equal("guest-one", Contents(memory, info.Modules[0]));
        Assert.Equal("name=one mem=2M -- quiet", ModuleCommandLine(info, 0));
        Assert.Equal(pack + table + 9, info.Modules[1].Start);
        Assert.Equal("guest-two!", Contents(memory, info.Modules[1]));
        Assert.Equal("name=two", ModuleCommandLine(info, 1));
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void PacksAndPlainModulesKeepTheirOrder()
    {
        var loader = new Loader();
        loader.Add(Ascii("A-data"), "plain A");
        loader.Add(Pack(E("B-data", "packed B"), E("C-data", "packed C")), "pack 1");
        loader.Add(Ascii("D-data"), "plain D");
        loader.Add(Pack(E("E-data", "packed E")), "pack 2");
        loader.Add(Ascii("F-data"), "plain F");
        var (info, memory) = loader.Build();
        Assert.True(ModulePack.Expand(ref memory, info));

        Assert.Equal(6, info.ModuleCount);
        Assert.False(info.Truncated);
        var names = new[] { "A", "B", "C", "D", "E", "F" };
        var lines = new[] { "plain A", "packed B", "packed C", "plain D", "packed E", "plain F" };
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(names[i] + "-data", Contents(memory, info.Modules[i]));
            Assert.Equal(lines[i], ModuleCommandLine(info, i));
        }
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void EntriesMayShareOrReorderDataAndBeEmpty()
    {
        // Offsets need not follow the entry order; an entry may be empty.
        var loader = new Loader();
        ulong table = 16 + 3 * 256;
        var pack = Pack(
            new PackEntry { Data = Ascii("xyz"), CommandLine = Ascii("first"), Offset = table + 3 },
            new PackEntry { Data = Ascii("abc"), CommandLine = Ascii("second"), Offset = table },
            new PackEntry { CommandLine = Ascii("empty"), Offset = table + 6, Size = 0 });
        ulong start = loader.Add(pack, "p");
        var (info, memory) = loader.Build();
        Assert.True(ModulePack.Expand(ref memory, info));
        Assert.Equal(3, info.ModuleCount);
        Assert.Equal("abc", Contents(memory, info.Modules[0]));
        Assert.Equal("xyz", Contents(memory, info.Modules[1]));
        Assert.Equal(start + table + 6, info.Modules[2].Start);
        Assert.Equal(0UL, info.Modules[2].Length);
        Assert.Equal("empty", ModuleCommandLine(info, 2));
    }

    [Fact]
    public void EmptyCommandLineInAnEntry()
    {
        var loader = new Loader();
        loader.Add(Pack(E("d", "")), "p");
        var (info, memory) = loader.Build();
        Assert.True(ModulePack.Expand(ref memory, info));
        Assert.Equal(1, info.ModuleCount);
        Assert.Equal(0, info.Modules[0].CommandLineLength);
    }

    [Fact]
    public void SixteenEntriesAreAccepted()
    {
        var entries = Enumerable.Range(0, 16).Select(i => E($"data{i:D2}", $"name=d{i}")).ToArray();
        var loader = new Loader();
        loader.Add(Pack(entries), "p");
        var (info, memory) = loader.Build();
        Assert.True(ModulePack.Expand(ref memory, info));
        Assert.Equal(16, info.ModuleCount);
        Assert.False(info.Truncated);
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal($"data{i:D2}", Contents(memory, info.Modules[i]));
            Assert.Equal($"name=d{i}", ModuleCommandLine(info, i));
        }
    }

    // ---- the data's bounds ----

    [Fact]
    public void DataEndingExactlyAtThePackEndIsAccepted()
    {
        var loader = new Loader();
        var pack = Pack(E("hello", "a"), E("world", "b"));
        ulong start = loader.Add(pack, "p");
        var (info, memory) = loader.Build();
        Assert.True(ModulePack.Expand(ref memory, info));
        Assert.Equal(2, info.ModuleCount);
        Assert.Equal(start + (ulong)pack.Length, info.Modules[1].Start + info.Modules[1].Length);
        Assert.Equal("world", Contents(memory, info.Modules[1]));
    }

    [Fact]
    public void DataEndingOneBytePastThePackEndIsRefused()
    {
        var loader = new Loader();
        loader.Add(Ascii("plain"), "plain");
        loader.Add(Pack(E("hello", "a"), new PackEntry { Data = Ascii("world"), Size = 6 }), "p");
        AssertRefusedUnchanged(loader);
    }

    [Fact]
    public void PackLengthAsReportedByTheLoaderIsTheBound()
    {
        // The bytes exist in memory, but the loader says the pack is one byte shorter.
        var pack = Pack(E("hello", "a"));
        var loader = new Loader();
        loader.Add(pack, "p", length: (ulong)pack.Length - 1);
        AssertRefusedUnchanged(loader);
    }

    [Fact]
    public void EmptyEntryAtThePackEndIsAccepted()
    {
        var pack = Pack(E("abc", "a"), new PackEntry { CommandLine = Ascii("b") });
        var loader = new Loader();
        ulong start = loader.Add(pack, "p");
        var (info, memory) = loader.Build();
        Assert.True(ModulePack.Expand(ref memory, info));
        Assert.Equal(start + (ulong)pack.Length, info.Modules[1].Start);
        Assert.Equal(0UL, info.Modules[1].Length);
    }

    [Fact]
    public void OffsetOnePastThePackEndIsRefused()
    {
        var pack = Pack(E("abc", "a"));
        BinaryPrimitives.WriteUInt64LittleEndian(pack.AsSpan(16), (ulong)pack.Length + 1);
        BinaryPrimitives.WriteUInt64LittleEndian(pack.AsSpan(24), 0);
        var loader = new Loader();
        loader.Add(pack, "p");
        AssertRefusedUnchanged(loader);
    }

    [Theory]
    [InlineData(0UL)]                  // the header
    [InlineData(16UL)]                 // the entry table
    [InlineData(16UL + 256 - 1)]       // the entry table's last byte
    public void DataOverlappingHeaderOrEntryTableIsRefused(ulong offset)
    {
        var loader = new Loader();
        loader.Add(Pack(new PackEntry { Data = Ascii("abcd"), Offset = offset, Size = 4 }), "p");
        AssertRefusedUnchanged(loader);
    }

    [Fact]
    public void DataStartingRightAfterTheEntryTableIsAccepted()
    {
        var loader = new Loader();
        ulong start = loader.Add(Pack(new PackEntry { Data = Ascii("abcd"), Offset = 16 + 256, Size = 4 }), "p");
        var (info, memory) = loader.Build();
        Assert.True(ModulePack.Expand(ref memory, info));
        Assert.Equal(start + 16 + 256, info.Modules[0].Start);
    }

    [Theory]
    [InlineData(ulong.MaxValue)]
    [InlineData(ulong.MaxValue - 100)]
    [InlineData(1UL << 63)]
    public void HugeSizesAreRefusedWithoutWrapping(ulong size)
    {
        var loader = new Loader();
        loader.Add(Pack(new PackEntry { Data = Ascii("abcd"), Size = size }), "p");
        AssertRefusedUnchanged(loader);
    }

    [Fact]
    public void HugeOffsetIsRefused()
    {
        var loader = new Loader();
        loader.Add(Pack(new PackEntry { Data = Ascii("abcd"), Offset = ulong.MaxValue - 1, Size = 2 }), "p");
        AssertRefusedUnchanged(loader);
    }

    [Fact]
    public void PackRunningPastTheTopOfTheAddressSpaceIsRefused()
    {
        // The loader reports a length that wraps; an entry's offset then points back
        // below the pack (to the plain module). Before the fix, Expand accepted it.
        var loader = new Loader();
        ulong plain = loader.Add(Ascii("VMM-SECRET"), "plain");
        var probe = Pack(new PackEntry { Data = Ascii("abcd") });
        ulong start = MemoryBase + 4096;   // where the loader puts the second module
        ulong offset = unchecked(plain - start);   // start + offset wraps to `plain`
        var pack = Pack(new PackEntry { Data = Ascii("abcd"), Offset = offset, Size = 10 });
        Assert.Equal(probe.Length, pack.Length);
        Assert.Equal(start, loader.Add(pack, "p", length: ulong.MaxValue - 8));
        AssertRefusedUnchanged(loader);
    }

    // ---- malformed headers ----

    [Fact]
    public void CountZeroIsRefused()
    {
        var loader = new Loader();
        loader.Add(Pack(new[] { E("abc", "a") }, count: 0), "p");
        AssertRefusedUnchanged(loader);
    }

    [Theory]
    [InlineData(17u)]
    [InlineData(0x10000u)]
    [InlineData(uint.MaxValue)]
    public void CountAboveMaxModulesIsRefused(uint count)
    {
        // Enough real entries that the table itself would fit for 17.
        var entries = Enumerable.Range(0, 17).Select(i => E($"d{i}", $"c{i}")).ToArray();
        var loader = new Loader();
        loader.Add(Pack(entries, count), "p");
        AssertRefusedUnchanged(loader);
    }

    [Fact]
    public void EntryTableOutsideThePackIsRefused()
    {
        // Header says two entries, the pack holds only one entry's table.
        var pack = Pack(new[] { E("", "a") }, count: 2);
        Assert.Equal(16 + 256, pack.Length);
        var loader = new Loader();
        loader.Add(pack, "p");
        loader.Add(Ascii("after the pack, 256 bytes and more...".PadRight(600, '.')), "next");
        AssertRefusedUnchanged(loader);
    }

    [Fact]
    public void EntryTableOutsideMemoryIsRefused()
    {
        // The loader claims a large pack at the very end of memory: the entry table is
        // not all readable.
        var memoryBytes = new byte[64];
        Ascii("RWPACK1\0").CopyTo(memoryBytes, 0);
        memoryBytes[8] = 1;
        var memory = new FakePhysicalMemory(MemoryBase, memoryBytes);
        var info = new BootInfo();
        info.AddModule(ref memory, MemoryBase, 4096, 0);
        var before = Snapshot(info);
        Assert.False(ModulePack.Expand(ref memory, info));
        Assert.Equal(before, Snapshot(info));
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void OneMalformedPackRefusesAllPacks()
    {
        var loader = new Loader();
        loader.Add(Pack(E("good", "good")), "good pack");
        loader.Add(Ascii("plain"), "plain");
        loader.Add(Pack(new[] { E("bad", "bad") }, count: 0), "bad pack");
        AssertRefusedUnchanged(loader);
    }

    [Fact]
    public void MalformedPackBeforeAGoodOneAlsoRefuses()
    {
        var loader = new Loader();
        loader.Add(Pack(new PackEntry { Data = Ascii("x"), Size = 2 }), "bad pack");
        loader.Add(Pack(E("good", "good")), "good pack");
        AssertRefusedUnchanged(loader);
    }

    // ---- command lines in entries ----

    [Fact]
    public void CommandLineOf239BytesAndItsNul()
    {
        string text = new string('a', 239);
        var loader = new Loader();
        loader.Add(Pack(E("data", text), E("more", "second")), "p");
        var (info, memory) = loader.Build();
        Assert.True(ModulePack.Expand(ref memory, info));
        Assert.Equal(text, ModuleCommandLine(info, 0));
        Assert.Equal("second", ModuleCommandLine(info, 1));
        Assert.False(info.Truncated);
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void CommandLineOf240BytesWithoutNulStopsAtTheEntryEnd()
    {
        // The next entry's offset follows the field directly; its bytes (non-zero) must
        // not become part of the command line.
        string text = new string('b', 240);
        var loader = new Loader();
        loader.Add(Pack(E("data", text), E("more", "second")), "p");
        var (info, memory) = loader.Build();
        Assert.True(ModulePack.Expand(ref memory, info));
        Assert.Equal(2, info.ModuleCount);
        Assert.Equal(240, info.Modules[0].CommandLineLength);
        Assert.Equal(text, ModuleCommandLine(info, 0));
        Assert.Equal("second", ModuleCommandLine(info, 1));
        Assert.True(info.Truncated);   // an unterminated command line is reported as cut
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void CommandLineOf240BytesInTheLastEntryStopsBeforeTheData()
    {
        string text = new string('c', 240);
        var loader = new Loader();
        loader.Add(Pack(E("DATA-FOLLOWS", text)), "p");
        var (info, memory) = loader.Build();
        Assert.True(ModulePack.Expand(ref memory, info));
        Assert.Equal(text, ModuleCommandLine(info, 0));
        Assert.Equal("DATA-FOLLOWS", Contents(memory, info.Modules[0]));
    }

    // ---- more modules than BootInfo keeps ----

    [Fact]
    public void ExactlyMaxModulesIsNotTruncated()
    {
        var loader = new Loader();
        for (int i = 0; i < 10; i++) loader.Add(Ascii($"plain{i}"), $"p{i}");
        loader.Add(Pack(Enumerable.Range(0, 6).Select(i => E($"packed{i}", $"k{i}")).ToArray()), "pack");
        var (info, memory) = loader.Build();
        Assert.True(ModulePack.Expand(ref memory, info));
        Assert.Equal(BootInfo.MaxModules, info.ModuleCount);
        Assert.False(info.Truncated);
        Assert.Equal("k5", ModuleCommandLine(info, 15));
    }

    [Fact]
    public void PackEntriesBeyondMaxModulesAreDroppedAndTruncatedIsSet()
    {
        var loader = new Loader();
        for (int i = 0; i < 10; i++) loader.Add(Ascii($"plain{i}"), $"p{i}");
        loader.Add(Pack(Enumerable.Range(0, 8).Select(i => E($"packed{i}", $"k{i}")).ToArray()), "pack");
        var (info, memory) = loader.Build();
        Assert.False(info.Truncated);
        Assert.True(ModulePack.Expand(ref memory, info));
        Assert.Equal(BootInfo.MaxModules, info.ModuleCount);
        Assert.True(info.Truncated);
        for (int i = 0; i < 10; i++) Assert.Equal($"p{i}", ModuleCommandLine(info, i));
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal($"k{i}", ModuleCommandLine(info, 10 + i));
            Assert.Equal($"packed{i}", Contents(memory, info.Modules[10 + i]));
        }
    }

    [Fact]
    public void PlainModulesAfterAFullPackAreDroppedAndTruncatedIsSet()
    {
        var loader = new Loader();
        loader.Add(Pack(Enumerable.Range(0, 16).Select(i => E($"packed{i}", $"k{i}")).ToArray()), "pack");
        loader.Add(Ascii("late"), "late plain");
        loader.Add(Pack(E("late-packed", "late pack")), "pack 2");
        var (info, memory) = loader.Build();
        Assert.True(ModulePack.Expand(ref memory, info));
        Assert.Equal(BootInfo.MaxModules, info.ModuleCount);
        Assert.True(info.Truncated);
        for (int i = 0; i < 16; i++) Assert.Equal($"k{i}", ModuleCommandLine(info, i));
    }

    [Fact]
    public void TwoFullPacksKeepTheFirst()
    {
        var loader = new Loader();
        loader.Add(Pack(Enumerable.Range(0, 16).Select(i => E($"a{i}", $"a{i}")).ToArray()), "pack a");
        loader.Add(Pack(Enumerable.Range(0, 16).Select(i => E($"b{i}", $"b{i}")).ToArray()), "pack b");
        var (info, memory) = loader.Build();
        Assert.True(ModulePack.Expand(ref memory, info));
        Assert.Equal(16, info.ModuleCount);
        Assert.True(info.Truncated);
        Assert.Equal("a0", ModuleCommandLine(info, 0));
        Assert.Equal("a15", ModuleCommandLine(info, 15));
    }
}
