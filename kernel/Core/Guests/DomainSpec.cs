using Ringwall.Core.Boot;

namespace Ringwall.Core.Guests
{
    public enum DomainSpecStatus
    {
        Ok = 0,
        BadName,        // name= missing characters, too long, or not [a-z0-9_-]
        BadMemory,      // mem= not a number with an optional K, M or G suffix, or out of range
        BadWeight,      // weight= not a number from 1 to 64
        BadVcpus,       // vcpus= not a number from 1 to VcpuSet.MaxVcpus
        UnknownOption,  // an option the VMM does not know (before "--")
        BadConsole,     // console= with a value (the option is a bare flag)
    }

    // A domain's parameters, from its boot module's command line:
    //     name=<name> mem=<size>[K|M|G] -- <the guest's own command line>
    // name: 1-15 characters of a-z, 0-9, '-' and '_' (default: "domN");
    // mem: the domain's memory (default 16M, at least 1M, at most 64G);
    // weight: time slices in a row each of its vCPUs gets (1-64, default 1);
    // vcpus: how many vCPUs it has (1-4, default 1; vCPU 0 starts, vcpu_op starts the others);
    // console: this domain receives the VMM's serial input (docs/guests.md, "Console
    // input"); without it, the first domain built does.
    // Everything after " -- " is handed to the guest unchanged in start_info.
    public sealed class DomainSpec
    {
        public const int MaxNameBytes = 15;
        public const ulong DefaultMemory = 16UL << 20;
        public const ulong MinimumMemory = 1UL << 20;
        public const ulong MaximumMemory = 64UL << 30;

        public byte[] Name = new byte[MaxNameBytes];
        public int NameLength;
        public ulong MemoryBytes;
        public const uint DefaultWeight = 1, MaximumWeight = 64;
        public uint Weight;
        public uint Vcpus;
        public bool Console;
        public int GuestCommandLineStart;
        public int GuestCommandLineLength;
        // The option that was refused (for the error message).
        public int ProblemStart;
        public int ProblemLength;

        public DomainSpecStatus Parse(byte[] text, int start, int length, int index)
        {
            MemoryBytes = DefaultMemory;
            Weight = DefaultWeight;
            Vcpus = 1;
            Console = false;
            DefaultName(index);
            GuestCommandLineStart = start + length;
            GuestCommandLineLength = 0;
            int end = start + length;
            int position = start;
            while (CommandLine.Next(text, ref position, end, out CommandLineOption o))
            {
                if (CommandLine.Equals(text, o.TokenStart, o.TokenLength, "--"))
                {
                    while (position < end && text[position] == (byte)' ') position++;
                    GuestCommandLineStart = position;
                    GuestCommandLineLength = end - position;
                    return DomainSpecStatus.Ok;
                }
                ProblemStart = o.TokenStart;
                ProblemLength = o.TokenLength;
                if (CommandLine.KeyIs(text, o, "name"))
                {
                    if (!SetName(text, o.ValueStart, o.HasValue ? o.ValueLength : 0)) return DomainSpecStatus.BadName;
                }
                else if (CommandLine.KeyIs(text, o, "mem"))
                {
                    if (!ParseSize(text, o.ValueStart, o.HasValue ? o.ValueLength : 0, out MemoryBytes)
                        || MemoryBytes < MinimumMemory || MemoryBytes > MaximumMemory)
                        return DomainSpecStatus.BadMemory;
                }
                else if (CommandLine.KeyIs(text, o, "weight"))
                {
                    if (!ParseCount(text, o, MaximumWeight, out Weight)) return DomainSpecStatus.BadWeight;
                }
                else if (CommandLine.KeyIs(text, o, "vcpus"))
                {
                    if (!ParseCount(text, o, VcpuSet.MaxVcpus, out Vcpus)) return DomainSpecStatus.BadVcpus;
                }
                else if (CommandLine.KeyIs(text, o, "console"))
                {
                    if (o.HasValue) return DomainSpecStatus.BadConsole;
                    Console = true;
                }
                else
                {
                    return DomainSpecStatus.UnknownOption;
                }
            }
            return DomainSpecStatus.Ok;
        }

        private void DefaultName(int index)
        {
            Name[0] = (byte)'d'; Name[1] = (byte)'o'; Name[2] = (byte)'m';
            NameLength = 3;
            if (index >= 10) Name[NameLength++] = (byte)('0' + index / 10 % 10);
            Name[NameLength++] = (byte)('0' + index % 10);
        }

        private bool SetName(byte[] text, int start, int length)
        {
            if (length < 1 || length > MaxNameBytes) return false;
            for (int i = 0; i < length; i++)
            {
                byte c = text[start + i];
                bool ok = (c >= (byte)'a' && c <= (byte)'z') || (c >= (byte)'0' && c <= (byte)'9') || c == (byte)'-' || c == (byte)'_';
                if (!ok) return false;
            }
            for (int i = 0; i < length; i++) Name[i] = text[start + i];
            NameLength = length;
            return true;
        }

        // A plain decimal count from 1 to `maximum` (no size suffix).
        private static bool ParseCount(byte[] text, CommandLineOption o, uint maximum, out uint value)
        {
            value = 0;
            if (!o.HasValue || !IsDigits(text, o.ValueStart, o.ValueLength)
                || !ParseSize(text, o.ValueStart, o.ValueLength, out ulong parsed) || parsed < 1 || parsed > maximum)
                return false;
            value = (uint)parsed;
            return true;
        }

        private static bool IsDigits(byte[] text, int start, int length)
        {
            for (int i = 0; i < length; i++)
                if (text[start + i] < (byte)'0' || text[start + i] > (byte)'9') return false;
            return true;
        }

        public static bool ParseSize(byte[] text, int start, int length, out ulong bytes)
        {
            bytes = 0;
            if (length < 1) return false;
            int digits = length;
            ulong unit = 1;
            byte last = text[start + length - 1];
            if (last == (byte)'K' || last == (byte)'k') { unit = 1UL << 10; digits--; }
            else if (last == (byte)'M' || last == (byte)'m') { unit = 1UL << 20; digits--; }
            else if (last == (byte)'G' || last == (byte)'g') { unit = 1UL << 30; digits--; }
            if (digits < 1 || digits > 12) return false;
            ulong value = 0;
            for (int i = 0; i < digits; i++)
            {
                byte c = text[start + i];
                if (c < (byte)'0' || c > (byte)'9') return false;
                value = value * 10 + (ulong)(c - (byte)'0');
            }
            // 12 digits times 2^30 can exceed 2^64 (17179869185G would wrap to 1G):
            // a size that does not fit is refused, never wrapped.
            if (value > ulong.MaxValue / unit) return false;
            bytes = value * unit;
            return true;
        }
    }
}
