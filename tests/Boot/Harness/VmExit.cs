namespace Ringwall.Tests.Boot.Harness
{
    /// <summary>
    /// The VMM's isa-debug-exit values, mirrored from kernel/Runtime/Ringwall/ExitStatus.cs
    /// (the image's core library cannot be referenced from a host test). A booted test (ExitStatusMirrorTests) fails when they differ.
    /// </summary>
    public static class VmExit
    {
        /// <summary>Clean shutdown (process status 33).</summary>
        public const int Success = 0x10;
        public const int Failure = 0x11;
        public const int Panic = 0x70;
        public const int CpuException = 0x71;
        public const int OutOfMemory = 0x72;
        /// <summary>All domains stopped: GuestExitBase + the first domain's exit code (0..63).</summary>
        public const int GuestExitBase = 0x20;
        /// <summary>All domains stopped; the first one was destroyed or crashed.</summary>
        public const int GuestCrashed = 0x60;
    }
}
