namespace Internal.Runtime.CompilerHelpers
{
    // ILC calls these where generated code would throw. There are no exceptions in the
    // kernel: every one of them is a panic naming what went wrong. A guest must never be
    // able to reach one (every guest-supplied index is validated before use).
    internal static class ThrowHelpers
    {
        private static void Fail(string what) => Ringwall.Runtime.Panic.Halt(what);

        public static void ThrowOverflowException() => Fail("arithmetic overflow");
        public static void ThrowIndexOutOfRangeException() => Fail("index out of range");
        public static void ThrowNullReferenceException() => Fail("null reference");
        public static void ThrowDivideByZeroException() => Fail("division by zero");
        public static void ThrowArrayTypeMismatchException() => Fail("array type mismatch");
        public static void ThrowPlatformNotSupportedException() => Fail("platform not supported");
        public static void ThrowTypeLoadException() => Fail("type load failure");
        public static void ThrowArgumentException() => Fail("bad argument");
        public static void ThrowArgumentOutOfRangeException() => Fail("argument out of range");
        public static void ThrowInvalidCastException() => Fail("invalid cast");
        public static void ThrowNotSupportedException() => Fail("not supported");
        public static void ThrowBodyRemoved() => Fail("method body removed by the compiler");
        public static void ThrowFeatureBodyRemoved() => Fail("feature removed by the compiler");
        public static void ThrowInstanceBodyRemoved() => Fail("instance method body removed by the compiler");
        public static void ThrowUnavailableType() => Fail("unavailable type");
        public static void ThrowInvalidProgramException() => Fail("invalid program");
        public static void ThrowMissingMethodException() => Fail("missing method");
        public static void ThrowMissingFieldException() => Fail("missing field");
    }
}
