using System;
using System.IO;

namespace Ringwall.Tools.AbiGen;

/// <summary>
/// dotnet run --project tools/AbiGen [-- [--check] [--root DIR]]
/// Without --check: regenerates the outputs from guestabi/abi. With --check: changes
/// nothing, names each stale output and exits 1. Exit 2: the source is invalid.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        bool check = false;
        string root = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--check") check = true;
            else if (args[i] == "--root" && i + 1 < args.Length) root = args[++i];
            else { Console.Error.WriteLine("usage: AbiGen [--check] [--root DIR]"); return 2; }
        }
        root ??= FindRoot(Directory.GetCurrentDirectory());
        if (root == null) { Console.Error.WriteLine("abigen: no guestabi/abi above the current directory; use --root"); return 2; }
        try
        {
            var files = Generator.GenerateFromRepository(root);
            if (check)
            {
                var stale = OutputCheck.StalePaths(root, files);
                foreach (var path in stale)
                    Console.Error.WriteLine("abigen: stale: " + path + " (run `make abi` and commit the result)");
                if (stale.Count == 0) Console.WriteLine("abigen: " + files.Count + " generated files are up to date");
                return stale.Count == 0 ? 0 : 1;
            }
            var written = OutputCheck.Write(root, files);
            foreach (var path in written)
                Console.WriteLine("abigen: wrote " + path);
            if (written.Count == 0) Console.WriteLine("abigen: " + files.Count + " generated files are up to date");
            return 0;
        }
        catch (AbiException e)
        {
            Console.Error.WriteLine("abigen: " + e.Message);
            return 2;
        }
    }

    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "guestabi", "abi")))
                return dir.FullName;
        return null;
    }
}
