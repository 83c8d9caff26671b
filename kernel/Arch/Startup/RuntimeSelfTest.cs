using Ringwall.Drivers.Console;
using Ringwall.Runtime;

namespace Ringwall.Arch.Startup
{
    // Booted checks of the runtime features docs/runtime.md lists as working (the
    // `selftest` command-line option). Each prints "selftest: <name> ok" or
    // "selftest: <name> FAIL"; the last line is "selftest: passed=<n> failed=<m>".
    public static class RuntimeSelfTest
    {
        private static int s_passed, s_failed;
        private static Shape s_kept;

        public static bool Run()
        {
            Check("static-readonly-array", SelfTestSubjects.Primes.Length == 5 && SelfTestSubjects.Primes[4] == 11);
            Check("static-constructor", SelfTestSubjects.Computed == 120);
            Check("reference-static", SelfTestSubjects.Shape != null && SelfTestSubjects.Shape.Sides() == 4);
            Shape triangle = new Triangle();
            Shape square = new Square();
            Check("virtual-call", triangle.Sides() == 3 && square.Sides() == 4);
            Check("interface-call", Describe(new Square()) == 4);
            object boxedShape = square;
            Check("cast-to-base", boxedShape is Shape);
            Check("cast-to-interface", boxedShape is IHasCorners);
            Check("cast-refused", !(((object)triangle) is IHasCorners) && !(((object)triangle) is Square));
            Check("as-operator", (((object)triangle) as Square) == null && (boxedShape as Square) != null);
            int[] numbers = new int[1000];
            bool zeroed = true;
            for (int i = 0; i < numbers.Length; i++) zeroed &= numbers[i] == 0;
            Check("array-zeroed", zeroed && numbers.Length == 1000);
            Shape[] shapes = new Shape[2];
            shapes[0] = triangle;
            shapes[1] = square;
            Check("object-array-store", shapes[0].Sides() + shapes[1].Sides() == 7);
            Check("integer-division", Divide(1000003, 7) == 142857 && Divide(-9, 2) == -4);
            Check("long-double-conversion", ToLong(ToDouble(123456789L) * 2.0) == 246913578L);
            string text = "Ringwall";
            Check("string-literal", text.Length == 8 && text[0] == 'R' && text[7] == 'l');
            Check("struct-copy", CopyStruct());
            ulong before = Arena.BytesAllocated;
            s_kept = new Triangle();   // escapes through a static, so it is a real heap allocation
            Check("arena-accounting", s_kept != null && Arena.BytesAllocated >= before + 16);
            Log.Info().Text("selftest: passed=").Decimal((ulong)s_passed).Text(" failed=").Decimal((ulong)s_failed).End();
            return s_failed == 0;
        }

        private static void Check(string name, bool ok)
        {
            if (ok) s_passed++; else s_failed++;
            Log.Info().Text("selftest: ").Text(name).Text(ok ? " ok" : " FAIL").End();
        }

        private static int Describe(IHasCorners thing) => thing.Corners();

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static long Divide(long a, long b) => a / b;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static double ToDouble(long v) => v;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static long ToLong(double v) => (long)v;

        private struct Big
        {
            public ulong A, B, C, D, E;
        }

        private static bool CopyStruct()
        {
            Big x = default;
            x.A = 1; x.E = 5;
            Big y = x;
            y.A = 9;
            return x.A == 1 && y.E == 5 && y.A == 9;
        }
    }

    internal interface IHasCorners { int Corners(); }

    internal abstract class Shape
    {
        public abstract int Sides();
    }

    internal class Triangle : Shape
    {
        public override int Sides() => 3;
    }

    internal class Square : Shape, IHasCorners
    {
        public override int Sides() => 4;
        public int Corners() => 4;
    }

    internal static class SelfTestSubjects
    {
        public static readonly int[] Primes = { 2, 3, 5, 7, 11 };
        public static readonly int Computed;
        public static readonly Shape Shape = new Square();

        static SelfTestSubjects()
        {
            int f = 1;
            for (int i = 2; i <= 5; i++) f *= i;
            Computed = f;
        }
    }
}
