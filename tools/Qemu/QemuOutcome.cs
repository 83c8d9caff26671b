namespace Ringwall.Tools.Qemu
{
    /// <summary>What ended a QEMU run, decoded from the process exit status.</summary>
    public enum QemuOutcome
    {
        /// <summary>The guest wrote V to isa-debug-exit (port 0xf4): status (V &lt;&lt; 1) | 1.</summary>
        DebugExit,

        /// <summary>Status 0: with -no-reboot this is a reset, i.e. a triple fault or crash.</summary>
        Reset,

        /// <summary>The run outlived its timeout; QEMU and its whole process tree were killed.</summary>
        Timeout,

        /// <summary>QEMU itself failed (bad option, missing file, signal, ...): see StdErr.</summary>
        QemuError,
    }
}
