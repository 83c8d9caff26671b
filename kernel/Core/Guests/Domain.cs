namespace Ringwall.Core.Guests
{
    public enum RunState
    {
        Empty = 0,
        Running,     // has at least one runnable vCPU
        Shutdown,    // the guest asked to stop (reason and exit code recorded)
        Destroyed,   // the VMM stopped it (crash, fault, bad request)
    }

    // Xen's shutdown reasons (sched_op SCHEDOP_shutdown).
    public enum ShutdownReason : uint
    {
        Poweroff = 0,
        Reboot = 1,
        Suspend = 2,
        Crash = 3,
        Watchdog = 4,
        SoftReset = 5,
    }

    // What the VMM knows of one domain beyond its memory (kernel/Core/Memory).
    public sealed class Domain
    {
        public uint Id;
        public RunState State;
        public readonly byte[] Name = new byte[DomainSpec.MaxNameBytes];
        public int NameLength;
        public ShutdownReason Reason;
        public int ExitCode;
        // Set when the VMM destroyed the domain: a fixed message naming why.
        public string DestroyedBecause;
        public ulong DestroyDetail;
        public readonly ConsoleLine Console = new ConsoleLine();
        public readonly VcpuSet Vcpus = new VcpuSet();

        public void SetName(byte[] name, int length)
        {
            NameLength = length;
            for (int i = 0; i < length; i++) Name[i] = name[i];
        }
    }
}
