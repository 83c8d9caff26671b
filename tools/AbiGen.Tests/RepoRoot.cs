using System;
using System.IO;

namespace Ringwall.Tools.AbiGen.Tests;

/// <summary>The repository root: the directory above the test binaries holding guestabi/abi.</summary>
public static class RepoRoot
{
    public static readonly string Path = Program.FindRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("no guestabi/abi above " + AppContext.BaseDirectory);

    public static string File(string relative) => System.IO.Path.Combine(Path, relative);

    public static string ReadAll(string relative) => System.IO.File.ReadAllText(File(relative));
}
