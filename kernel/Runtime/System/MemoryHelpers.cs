using System.Runtime.CompilerServices;

namespace System
{
    // Block copy and fill helpers the compiler calls for struct copies, cpblk and
    // initblk. Byte loops with 8-byte strides where both sides allow; correct for
    // overlapping ranges.
    internal static unsafe class SpanHelpers
    {
        public static void Memmove(ref byte destination, ref byte source, nuint length)
        {
            byte* d = (byte*)Unsafe.AsPointer(ref destination);
            byte* s = (byte*)Unsafe.AsPointer(ref source);
            ulong n = length;
            if (d == s || n == 0) return;
            if (d < s || d >= s + n)
            {
                ulong i = 0;
                if ((((ulong)d | (ulong)s) & 7) == 0)
                    for (; i + 8 <= n; i += 8) *(ulong*)(d + i) = *(ulong*)(s + i);
                for (; i < n; i++) d[i] = s[i];
            }
            else
            {
                for (ulong i = n; i > 0; i--) d[i - 1] = s[i - 1];
            }
        }

        public static void ClearWithoutReferences(ref byte destination, nuint length)
            => Fill(ref destination, length, 0);

        public static void Fill(ref byte destination, nuint length, byte value)
        {
            byte* d = (byte*)Unsafe.AsPointer(ref destination);
            for (ulong i = 0; i < length; i++) d[i] = value;
        }
    }

    public static class Buffer
    {
        // No GC: moving references needs no barrier.
        internal static void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint length)
            => SpanHelpers.Memmove(ref destination, ref source, length);

        internal static void Memmove(ref byte destination, ref byte source, nuint length)
            => SpanHelpers.Memmove(ref destination, ref source, length);
    }
}
