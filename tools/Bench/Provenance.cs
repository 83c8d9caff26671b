using System;
using System.Diagnostics;
using System.Globalization;

namespace Ringwall.Tools.Bench
{
    /// <summary>When, from which commit and with which QEMU the figures were measured.</summary>
    public sealed class Provenance
    {
        public string DateUtc { get; init; }
        public string Commit { get; init; }
        public string QemuVersion { get; init; }
        public string QemuCommand { get; init; }

        public static Provenance Collect(string repoRoot, string qemuPath, string qemuCommand)
        {
            string commit = Run("git", repoRoot, "rev-parse", "HEAD") ?? "unknown";
            string dirty = Run("git", repoRoot, "status", "--porcelain", "--untracked-files=no");
            if (!string.IsNullOrEmpty(dirty))
                commit += " (with uncommitted changes)";
            string version = Run(qemuPath, repoRoot, "--version") ?? "unknown";
            return new Provenance
            {
                DateUtc = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
                Commit = commit,
                QemuVersion = version.Split('\n')[0].Trim(),
                QemuCommand = qemuCommand,
            };
        }

        private static string Run(string program, string dir, params string[] args)
        {
            try
            {
                var psi = new ProcessStartInfo(program)
                {
                    WorkingDirectory = dir,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (string a in args)
                    psi.ArgumentList.Add(a);
                using var p = Process.Start(psi);
                string output = p.StandardOutput.ReadToEnd();
                p.StandardError.ReadToEnd();
                if (!p.WaitForExit(30_000))
                {
                    p.Kill(true);
                    return null;
                }
                return p.ExitCode == 0 ? output.Trim() : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }
    }
}
