namespace Ringwall.Core.Boot
{
    // A Ringwall module pack: several boot modules in one file, for boot loaders that
    // pass only one (QEMU's PVH -initrd). tools/ModulePack writes it.
    //   +0   8 bytes  magic "RWPACK1\0"
    //   +8   u32      entry count (at most BootInfo.MaxModules)
    //   +12  u32      reserved (0)
    //   +16  entries of 256 bytes: u64 offset (from the pack start), u64 size,
    //        240 bytes command line (NUL-terminated ASCII)
    // Every entry's data must lie inside the pack.
    public static class ModulePack
    {
        public const ulong Magic = 0x00314B4341505752UL; // "RWPACK1\0" little-endian
        public const int HeaderBytes = 16;
        public const int EntryBytes = 256;
        public const int CommandLineBytes = 240;

        public static bool IsPack<TReader>(ref TReader reader, in BootModule module) where TReader : struct, IPhysicalReader
            => module.Length >= HeaderBytes && reader.Contains(module.Start, 8) && reader.Read64(module.Start) == Magic;

        // Replaces packs among info.Modules by the modules they hold (in order).
        // Returns false (leaving the list unchanged) when a pack is malformed.
        public static bool Expand<TReader>(ref TReader reader, BootInfo info) where TReader : struct, IPhysicalReader
        {
            int count = info.ModuleCount;
            var original = new BootModule[count];
            for (int i = 0; i < count; i++) original[i] = info.Modules[i];
            for (int i = 0; i < count; i++)
                if (IsPack(ref reader, original[i]) && !Valid(ref reader, original[i])) return false;
            info.ModuleCount = 0;
            for (int i = 0; i < count; i++)
            {
                BootModule m = original[i];
                if (!IsPack(ref reader, m))
                {
                    if (info.ModuleCount < BootInfo.MaxModules) info.Modules[info.ModuleCount++] = m;
                    else info.Truncated = true;
                    continue;
                }
                uint entries = reader.Read32(m.Start + 8);
                for (uint e = 0; e < entries; e++)
                {
                    ulong entry = m.Start + HeaderBytes + e * (ulong)EntryBytes;
                    info.AddModule(ref reader, m.Start + reader.Read64(entry), reader.Read64(entry + 8), entry + 16, CommandLineBytes);
                }
            }
            return true;
        }

        private static bool Valid<TReader>(ref TReader reader, in BootModule m) where TReader : struct, IPhysicalReader
        {
            // A pack that runs past the top of the address space would let an entry's
            // data (start + offset) wrap around to low memory, outside the pack.
            if (m.Length > ulong.MaxValue - m.Start) return false;
            uint entries = reader.Read32(m.Start + 8);
            if (entries == 0 || entries > BootInfo.MaxModules) return false;
            ulong table = HeaderBytes + entries * (ulong)EntryBytes;
            if (table > m.Length || !reader.Contains(m.Start, table)) return false;
            for (uint e = 0; e < entries; e++)
            {
                ulong entry = m.Start + HeaderBytes + e * (ulong)EntryBytes;
                ulong offset = reader.Read64(entry);
                ulong size = reader.Read64(entry + 8);
                if (offset < table || offset > m.Length || size > m.Length - offset) return false;
            }
            return true;
        }
    }
}
