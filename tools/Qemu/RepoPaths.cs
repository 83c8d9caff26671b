using System;
using System.IO;

namespace Ringwall.Tools.Qemu
{
    /// <summary>Locates the repository (the folder holding Directory.Build.props) and its build outputs.</summary>
    public static class RepoPaths
    {
        private static readonly Lazy<string> root = new Lazy<string>(FindRoot);

        /// <summary>Repository root; RINGWALL_ROOT overrides the search upwards from the running assembly.</summary>
        public static string Root => root.Value;

        /// <summary>build/ under the root.</summary>
        public static string Build => Path.Combine(Root, "build");

        /// <summary>build/test-logs/: one serial log per QEMU run, kept after the run.</summary>
        public static string TestLogs => Path.Combine(Build, "test-logs");

        /// <summary>build/ringwall.elf, the VMM image.</summary>
        public static string Image => Path.Combine(Build, "ringwall.elf");

        private static string FindRoot()
        {
            string fromEnv = Environment.GetEnvironmentVariable("RINGWALL_ROOT");
            if (!string.IsNullOrEmpty(fromEnv))
                return Path.GetFullPath(fromEnv);

            foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
                        return dir.FullName;
                }
            }
            throw new InvalidOperationException(
                "Cannot find the Ringwall repository root (no Directory.Build.props above "
                + AppContext.BaseDirectory + "); set RINGWALL_ROOT.");
        }
    }
}
