namespace Ringwall.Core.Boot
{
    public enum BootProtocol : uint
    {
        Pvh = 1,
        Multiboot2 = 2,
    }

    // The one description of the machine the rest of the VMM starts from, whichever
    // protocol booted it. Built once at boot (allocates its arrays then, never later).
    // Strings (the VMM command line, module command lines) are ASCII bytes in Strings.
    public sealed class BootInfo
    {
        public const int MaxRegions = 128;
        public const int MaxModules = 16;
        public const int MaxStringBytes = 4096;

        public BootProtocol Protocol;
        public MemoryRegion[] Regions = new MemoryRegion[MaxRegions];
        public int RegionCount;
        public BootModule[] Modules = new BootModule[MaxModules];
        public int ModuleCount;
        public byte[] Strings = new byte[MaxStringBytes];
        public int StringBytes;
        public int CommandLineStart;
        public int CommandLineLength;
        public ulong RsdpAddress;
        // Set when the boot loader offered more than the fixed tables hold.
        public bool Truncated;

        public void AddRegion(ulong start, ulong length, MemoryKind kind)
        {
            if (length == 0) return;
            if (RegionCount == MaxRegions) { Truncated = true; return; }
            // A region running past the top of the address space ends there, so that
            // End never wraps below Start.
            if (length > ulong.MaxValue - start) length = ulong.MaxValue - start;
            Regions[RegionCount++] = new MemoryRegion(start, length, kind);
        }

        // Copies a NUL-terminated ASCII string from physical memory (at most
        // `limit` bytes) into Strings; returns its start and length.
        public void CopyString<TReader>(ref TReader reader, ulong address, int limit, out int start, out int length)
            where TReader : struct, IPhysicalReader
        {
            start = StringBytes;
            length = 0;
            if (address == 0) return;
            while (length < limit && reader.Contains(address + (ulong)length, 1))
            {
                byte b = reader.Read8(address + (ulong)length);
                if (b == 0) return;
                if (StringBytes == MaxStringBytes) { Truncated = true; return; }
                Strings[StringBytes++] = b;
                length++;
            }
            if (length == limit) Truncated = true;
        }

        public const int MaxModuleCommandLine = 1024;

        // `commandLineLimit` bounds the command line's bytes (including its NUL) where
        // the boot protocol gives it a fixed home (a multiboot2 tag).
        public void AddModule<TReader>(ref TReader reader, ulong start, ulong length, ulong commandLine)
            where TReader : struct, IPhysicalReader
            => AddModule(ref reader, start, length, commandLine, MaxModuleCommandLine);

        public void AddModule<TReader>(ref TReader reader, ulong start, ulong length, ulong commandLine, int commandLineLimit)
            where TReader : struct, IPhysicalReader
        {
            if (ModuleCount == MaxModules) { Truncated = true; return; }
            BootModule m = default;
            m.Start = start;
            m.Length = length;
            CopyString(ref reader, commandLine, commandLineLimit < MaxModuleCommandLine ? commandLineLimit : MaxModuleCommandLine, out m.CommandLineStart, out m.CommandLineLength);
            Modules[ModuleCount++] = m;
        }

        public ulong UsableBytes
        {
            get
            {
                ulong total = 0;
                for (int i = 0; i < RegionCount; i++)
                    if (Regions[i].Kind == MemoryKind.Usable) total += Regions[i].Length;
                return total;
            }
        }
    }
}
