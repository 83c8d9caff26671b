namespace Ringwall.Core.Boot
{
    // A file the boot loader placed in memory (later: guest kernels), with its own
    // command line kept as ASCII bytes in BootInfo.Strings.
    public struct BootModule
    {
        public ulong Start;
        public ulong Length;
        public int CommandLineStart;
        public int CommandLineLength;
    }
}
