using System;

namespace Ringwall.Tools.Qemu
{
    /// <summary>
    /// Decodes QEMU's process exit status. isa-debug-exit turns a written value V into status
    /// (V &lt;&lt; 1) | 1 truncated to 8 bits, so only V's low 7 bits survive. Status 0 cannot come
    /// from debug-exit: with -no-reboot it means reset (triple fault). QEMU's own errors exit
    /// with 1, the same as V = 0, so status 1 with an error line on stderr is a QemuError;
    /// guests should not use V = 0 as a result.
    /// </summary>
    public static class ExitStatus
    {
        public static (QemuOutcome Outcome, int? Value) Decode(int status, string stderr)
        {
            if (status == 0)
                return (QemuOutcome.Reset, null);
            if (status < 0 || status > 255 || (status & 1) == 0)
                return (QemuOutcome.QemuError, null);
            if (status == 1 && HasQemuError(stderr))
                return (QemuOutcome.QemuError, null);
            return (QemuOutcome.DebugExit, status >> 1);
        }

        /// <summary>The status QEMU exits with when the guest writes <paramref name="value"/> to port 0xf4.</summary>
        public static int ForValue(int value) => ((value << 1) | 1) & 0xff;

        /// <summary>True when stderr holds a line that is not a warning (QEMU prints its errors there).</summary>
        public static bool HasQemuError(string stderr)
        {
            if (string.IsNullOrWhiteSpace(stderr))
                return false;
            foreach (string line in stderr.Split('\n'))
            {
                string t = line.Trim();
                if (t.Length > 0 && t.IndexOf("warning:", StringComparison.OrdinalIgnoreCase) < 0)
                    return true;
            }
            return false;
        }
    }
}
