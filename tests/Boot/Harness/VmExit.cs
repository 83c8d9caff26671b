namespace Ringwall.Tests.Boot.Harness
{
    /// <summary>
    /// The VMM's isa-debug-exit values, mirrored from kernel/Runtime/Ringwall/ExitStatus.cs
    /// (the image's core library cannot be referenced from a host test). Keep the two in step.
    /// </summary>
    public static class VmExit
    {
        /// <summary>Clean shutdown. Its process status 1 equals QEMU's own error status; the launcher tells them apart by QEMU's stderr.</summary>
        public const int Success = 0x00;
        public const int Failure = 0x01;
        public const int Panic = 0x70;
        public const int CpuException = 0x71;
        public const int OutOfMemory = 0x72;
    }
}
