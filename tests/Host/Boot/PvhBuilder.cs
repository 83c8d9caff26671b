using System.Collections.Generic;
using Ringwall.Core.Boot;

namespace Ringwall.Tests.Host.Boot;

/// <summary>
/// Lays out a Xen hvm_start_info (version 1, 56 bytes) the way QEMU's PVH loader does:
/// the start info, then the command line, the module list, the module command lines
/// and the E820-style memory map, all in one physical image. Overrides let a test
/// corrupt single fields.
/// </summary>
public sealed class PvhBuilder
{
    public const ulong DefaultBase = 0x6000;

    public uint Magic = PvhStartInfo.Magic;
    public uint Version = 1;
    public uint Flags;
    public string CommandLine = "loglevel=debug selftest";
    public ulong Rsdp = 0xF52A0;
    public readonly List<(ulong Start, ulong Size, string CommandLine)> Modules = new();
    public readonly List<(ulong Start, ulong Size, uint Type)> Regions = new();

    public uint? ModuleCountOverride;
    public ulong? ModuleListOverride;
    public uint? MemoryMapEntriesOverride;
    public ulong? MemoryMapOverride;
    public ulong? CommandLineAddressOverride;
    public int Slack;

    public ulong Address { get; private set; }

    /// <summary>A QEMU-like memory map for a 512 MiB machine, with one guest kernel module.</summary>
    public static PvhBuilder Typical()
    {
        var b = new PvhBuilder();
        b.Regions.Add((0x0, 0x9FC00, 1));
        b.Regions.Add((0x9FC00, 0x400, 2));
        b.Regions.Add((0xF0000, 0x10000, 2));
        b.Regions.Add((0x100000, 0x1FEE0000, 1));
        b.Regions.Add((0x1FFE0000, 0x20000, 3));
        b.Regions.Add((0xFEFFC000, 0x4000, 2));
        b.Regions.Add((0xFFFC0000, 0x40000, 2));
        b.Modules.Add((0x1000000, 0x2A3F10, "guest.elf console=hvc0"));
        b.Modules.Add((0x1400000, 0x80000, null));
        return b;
    }

    public FakePhysicalMemory Build()
    {
        var image = new PhysicalImage(DefaultBase);
        Address = image.Allocate(56);
        ulong commandLine = CommandLine == null ? 0 : image.PlaceString(CommandLine);

        ulong moduleList = Modules.Count == 0 ? 0 : image.Allocate(32 * Modules.Count);
        for (int i = 0; i < Modules.Count; i++)
        {
            ulong entry = moduleList + (ulong)i * 32;
            image.Write64(entry, Modules[i].Start);
            image.Write64(entry + 8, Modules[i].Size);
            image.Write64(entry + 16, Modules[i].CommandLine == null ? 0 : image.PlaceString(Modules[i].CommandLine));
            image.Write64(entry + 24, 0);
        }

        ulong map = Regions.Count == 0 ? 0 : image.Allocate(24 * Regions.Count);
        for (int i = 0; i < Regions.Count; i++)
        {
            ulong entry = map + (ulong)i * 24;
            image.Write64(entry, Regions[i].Start);
            image.Write64(entry + 8, Regions[i].Size);
            image.Write32(entry + 16, Regions[i].Type);
            image.Write32(entry + 20, 0);
        }

        image.Write32(Address + 0, Magic);
        image.Write32(Address + 4, Version);
        image.Write32(Address + 8, Flags);
        image.Write32(Address + 12, ModuleCountOverride ?? (uint)Modules.Count);
        image.Write64(Address + 16, ModuleListOverride ?? moduleList);
        image.Write64(Address + 24, CommandLineAddressOverride ?? commandLine);
        image.Write64(Address + 32, Rsdp);
        image.Write64(Address + 40, MemoryMapOverride ?? map);
        image.Write32(Address + 48, MemoryMapEntriesOverride ?? (uint)Regions.Count);
        image.Write32(Address + 52, 0);
        return image.Freeze(Slack);
    }
}
