namespace Ringwall.Core.Boot
{
    // Parses the multiboot2 boot information (GRUB, EBX when EAX = 0x36d76289):
    //   +0 u32 total_size, +4 u32 reserved, then 8-byte aligned tags
    //   {u32 type, u32 size, payload}, ending with type 0.
    // Tags used: 1 command line, 3 module {u32 start, u32 end, string},
    // 6 memory map {u32 entry_size, u32 version, entries {u64 addr, u64 len, u32 type,
    // u32 rsvd}}, 14 ACPI 1.0 RSDP copy, 15 ACPI 2.0+ RSDP copy (preferred).
    public static class Multiboot2Info
    {
        public const uint BootloaderMagic = 0x36D76289;
        private const uint TagEnd = 0, TagCommandLine = 1, TagModule = 3, TagMemoryMap = 6;
        private const uint TagRsdpV1 = 14, TagRsdpV2 = 15;
        private const uint MaxTotalSize = 1 << 20;

        public static BootParseResult Parse<TReader>(ref TReader reader, ulong address, BootInfo info)
            where TReader : struct, IPhysicalReader
        {
            if (!reader.Contains(address, 8)) return BootParseResult.Unreadable;
            uint total = reader.Read32(address);
            if (total < 16 || total > MaxTotalSize || !reader.Contains(address, total)) return BootParseResult.Malformed;
            info.Protocol = BootProtocol.Multiboot2;
            bool sawMemoryMap = false;
            ulong end = address + total;
            ulong tag = address + 8;
            while (tag + 8 <= end)
            {
                uint type = reader.Read32(tag);
                uint size = reader.Read32(tag + 4);
                if (type == TagEnd) break;
                if (size < 8 || tag + size > end) return BootParseResult.Malformed;
                if (type == TagCommandLine)
                    info.CopyString(ref reader, tag + 8, (int)(size - 8), out info.CommandLineStart, out info.CommandLineLength);
                else if (type == TagModule && size >= 16)
                    AddModule(ref reader, tag, size, info);
                else if (type == TagMemoryMap && size >= 16)
                    sawMemoryMap = ReadMemoryMap(ref reader, tag, size, info);
                else if (type == TagRsdpV2 || (type == TagRsdpV1 && info.RsdpAddress == 0))
                    info.RsdpAddress = tag + 8;
                tag += (size + 7) & ~7U;
            }
            return sawMemoryMap ? BootParseResult.Ok : BootParseResult.Malformed;
        }

        private static void AddModule<TReader>(ref TReader reader, ulong tag, uint size, BootInfo info)
            where TReader : struct, IPhysicalReader
        {
            uint start = reader.Read32(tag + 8);
            uint end = reader.Read32(tag + 12);
            ulong length = end > start ? end - start : 0;
            // The string lives inside the tag: never read it past the tag's end.
            info.AddModule(ref reader, start, length, size > 16 ? tag + 16 : 0, (int)(size - 16));
        }

        private static bool ReadMemoryMap<TReader>(ref TReader reader, ulong tag, uint size, BootInfo info)
            where TReader : struct, IPhysicalReader
        {
            uint entrySize = reader.Read32(tag + 8);
            if (entrySize < 24) return false;
            for (ulong entry = tag + 16; entry + entrySize <= tag + size; entry += entrySize)
                info.AddRegion(reader.Read64(entry), reader.Read64(entry + 8), (MemoryKind)reader.Read32(entry + 16));
            return true;
        }
    }
}
