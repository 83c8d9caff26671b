namespace Ringwall.Core;

/// <summary>Small integer helpers (the runtime has no System.Math).</summary>
public static class Bits
{
    public static uint Min(uint a, uint b) => a < b ? a : b;
    public static ulong Min(ulong a, ulong b) => a < b ? a : b;
    public static int Min(int a, int b) => a < b ? a : b;
    public static uint Max(uint a, uint b) => a > b ? a : b;
    public static int Max(int a, int b) => a > b ? a : b;

    /// <summary>True if <paramref name="value"/> is a multiple of the power of two <paramref name="alignment"/>.</summary>
    public static bool IsAligned(ulong value, ulong alignment) => (value & (alignment - 1)) == 0;

    /// <summary>True if bits 63..47 of a virtual address are all equal (4-level paging).</summary>
    public static bool IsCanonical(ulong address)
    {
        ulong top = address >> 47;
        return top == 0 || top == 0x1FFFF;
    }
}
