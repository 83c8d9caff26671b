using System.Collections.Generic;
using System.IO;

namespace Ringwall.Tools.AbiGen;

/// <summary>Compares generated files with the checked-in ones, or writes them.</summary>
public static class OutputCheck
{
    /// <summary>Paths (relative) whose file is missing or differs from the generated text.</summary>
    public static List<string> StalePaths(string root, IReadOnlyList<GeneratedFile> files)
    {
        var stale = new List<string>();
        foreach (var f in files)
        {
            string path = Path.Combine(root, f.Path);
            if (!File.Exists(path) || File.ReadAllText(path) != f.Content)
                stale.Add(f.Path);
        }
        return stale;
    }

    /// <summary>Writes only files that changed (keeps timestamps of the others); returns them.</summary>
    public static List<string> Write(string root, IReadOnlyList<GeneratedFile> files)
    {
        var written = StalePaths(root, files);
        foreach (var f in files)
        {
            if (!written.Contains(f.Path)) continue;
            string path = Path.Combine(root, f.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path));
            File.WriteAllText(path, f.Content);
        }
        return written;
    }
}
