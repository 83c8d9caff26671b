using System;
using System.Collections.Generic;

namespace Ringwall.Tools.AbiGen;

/// <summary>The source is unreadable or inconsistent; Problems lists every finding.</summary>
public sealed class AbiException : Exception
{
    public IReadOnlyList<string> Problems { get; }

    public AbiException(IReadOnlyList<string> problems)
        : base("the ABI source has " + problems.Count + " problem(s):\n  " + string.Join("\n  ", problems))
    {
        Problems = problems;
    }
}
