using System.Collections.Generic;
using System.IO;

namespace Ringwall.Tools.ModulePack
{
    /// <summary>The ModulePack command line: <c>-o out.pack file1 "cmdline1" [file2 "cmdline2" ...]</c>.</summary>
    public static class CommandLine
    {
        public const string Usage =
            "usage: ModulePack -o <out.pack> <file.elf> \"<name=... mem=... -- guest command line>\" [<file> \"<cmdline>\" ...]";

        /// <summary>Runs the tool; returns the process exit code (0 ok, 1 refused, 2 usage).</summary>
        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            string outPath = null;
            var rest = new List<string>();
            for (int i = 0; i < args.Length; i++) {
                if (args[i] == "-o" || args[i] == "--output") {
                    if (i + 1 >= args.Length || outPath != null) {
                        error.WriteLine(Usage);
                        return 2;
                    }
                    outPath = args[++i];
                } else if (args[i] == "-h" || args[i] == "--help") {
                    output.WriteLine(Usage);
                    return 0;
                } else {
                    rest.Add(args[i]);
                }
            }
            if (outPath == null || rest.Count == 0 || rest.Count % 2 != 0) {
                error.WriteLine(Usage);
                return 2;
            }
            var modules = new List<(string, string)>();
            for (int i = 0; i < rest.Count; i += 2)
                modules.Add((rest[i], rest[i + 1]));
            try {
                ModulePack.Write(outPath, modules);
            } catch (ModulePackException e) {
                error.WriteLine($"ModulePack: {e.Message}");
                return 1;
            }
            output.WriteLine($"ModulePack: wrote {outPath} with {modules.Count} module(s)");
            return 0;
        }
    }
}
