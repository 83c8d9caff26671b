namespace Ringwall.Core.Boot
{
    // Parses Xen's hvm_start_info (PVH boot, as QEMU -kernel passes it in EBX):
    //   +0 u32 magic 0x336ec578, +4 u32 version, +8 u32 flags, +12 u32 nr_modules,
    //   +16 u64 modlist_paddr, +24 u64 cmdline_paddr, +32 u64 rsdp_paddr,
    //   version >= 1: +40 u64 memmap_paddr, +48 u32 memmap_entries.
    // Module entries are 32 bytes {u64 paddr, u64 size, u64 cmdline_paddr, u64 rsvd};
    // memory map entries 24 bytes {u64 addr, u64 size, u32 type, u32 rsvd}.
    public static class PvhStartInfo
    {
        public const uint Magic = 0x336EC578;

        public static BootParseResult Parse<TReader>(ref TReader reader, ulong address, BootInfo info)
            where TReader : struct, IPhysicalReader
        {
            if (!reader.Contains(address, 56)) return BootParseResult.Unreadable;
            if (reader.Read32(address) != Magic) return BootParseResult.BadMagic;
            uint version = reader.Read32(address + 4);
            if (version < 1) return BootParseResult.UnsupportedVersion;
            info.Protocol = BootProtocol.Pvh;

            info.CopyString(ref reader, reader.Read64(address + 24), 2048, out info.CommandLineStart, out info.CommandLineLength);
            info.RsdpAddress = reader.Read64(address + 32);

            uint moduleCount = reader.Read32(address + 12);
            ulong modules = reader.Read64(address + 16);
            for (uint i = 0; i < moduleCount && i < BootInfo.MaxModules + 1; i++)
            {
                ulong entry = modules + i * 32UL;
                if (!reader.Contains(entry, 32)) return BootParseResult.Malformed;
                info.AddModule(ref reader, reader.Read64(entry), reader.Read64(entry + 8), reader.Read64(entry + 16));
            }

            ulong map = reader.Read64(address + 40);
            uint entries = reader.Read32(address + 48);
            for (uint i = 0; i < entries && i < BootInfo.MaxRegions + 1; i++)
            {
                ulong entry = map + i * 24UL;
                if (!reader.Contains(entry, 24)) return BootParseResult.Malformed;
                info.AddRegion(reader.Read64(entry), reader.Read64(entry + 8), (MemoryKind)reader.Read32(entry + 16));
            }
            return entries == 0 ? BootParseResult.Malformed : BootParseResult.Ok;
        }
    }
}
