namespace System
{
    // Only what the compiler's helpers call (checked conversions and arithmetic that
    // the JIT does not expand inline). Overflow panics: there are no exceptions.
    public static class Math
    {
        private static void Overflow() => Ringwall.Runtime.Panic.Halt("arithmetic overflow in a checked conversion");

        internal static int ConvertToInt32Checked(double value)
        {
            if (!(value > -2147483649.0 && value < 2147483648.0)) Overflow();
            return (int)value;
        }

        internal static uint ConvertToUInt32Checked(double value)
        {
            if (!(value > -1.0 && value < 4294967296.0)) Overflow();
            return (uint)value;
        }

        internal static long ConvertToInt64Checked(double value)
        {
            if (!(value >= -9223372036854775808.0 && value < 9223372036854775808.0)) Overflow();
            return (long)value;
        }

        internal static ulong ConvertToUInt64Checked(double value)
        {
            if (!(value > -1.0 && value < 18446744073709551616.0)) Overflow();
            return (ulong)value;
        }

        internal static long MultiplyChecked(long a, long b)
        {
            long result = unchecked(a * b);
            if (a != 0 && (result / a != b || (a == -1 && b == long.MinValue))) Overflow();
            return result;
        }

        internal static ulong MultiplyChecked(ulong a, ulong b)
        {
            ulong result = unchecked(a * b);
            if (a != 0 && result / a != b) Overflow();
            return result;
        }
    }
}
