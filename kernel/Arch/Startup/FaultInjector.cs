using System.Runtime.CompilerServices;
using Ringwall.Core.Boot;
using Ringwall.Drivers.Console;
using Ringwall.Runtime;

namespace Ringwall.Arch.Startup
{
    // Faults committed on purpose when the command line says test.fault=..., so tests
    // can prove the fault path: the panic block names these methods in its backtrace.
    public static unsafe class FaultInjector
    {
        public static void Commit(FaultTest fault)
        {
            Log.Info().Text("test.fault: committing a deliberate fault").End();
            if (fault == FaultTest.PageFault) WriteThroughNullPointer();
            else if (fault == FaultTest.Panic) BreakAnInvariant();
            else if (fault == FaultTest.StackOverflow) Recurse(1);
            else if (fault == FaultTest.InvalidOpcode) ExecuteInvalidOpcode();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void WriteThroughNullPointer()
        {
            ulong* nowhere = (ulong*)0x18;
            *nowhere = 0x5A5A;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void BreakAnInvariant() => Panic.Halt("deliberate panic requested by test.fault=panic");

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ulong Recurse(ulong depth)
        {
            byte* pad = stackalloc byte[256];
            pad[0] = (byte)depth;
            return Recurse(depth + 1) + pad[0];
        }

        [MethodImpl(MethodImplOptions.InternalCall), System.Runtime.RuntimeImport("*", "rw_ud2")]
        private static extern void ExecuteInvalidOpcode();
    }
}
