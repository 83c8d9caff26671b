namespace Ringwall.Runtime
{
    // Values written to the isa-debug-exit port (0xf4). QEMU exits with (v << 1) | 1,
    // so the process status a test sees is given next to each. 0 is never produced by
    // a write: it means the machine reset (triple fault).
    public enum ExitStatus : byte
    {
        Success = 0x10,      // status 33: clean shutdown (not 0: status 1 is also QEMU's own error)
        Failure = 0x11,      // status 35: a self-test or boot check failed
        Panic = 0x70,        // status 225: software panic (broken invariant, runtime helper)
        CpuException = 0x71, // status 227: unexpected CPU exception in the VMM
        OutOfMemory = 0x72,  // status 229: not enough RAM to boot
        GuestExitBase = 0x20, // 0x20 + c (status 65 + 2c): all domains stopped, the first with exit code c (0..63)
        GuestCrashed = 0x60,  // status 193: all domains stopped, the first was destroyed or crashed
    }
}
