using System.Runtime;
using System.Runtime.CompilerServices;

namespace Ringwall.Runtime
{
    // The few instructions the runtime itself needs, implemented in assembly
    // (kernel/Arch/Asm/RuntimeHelpers.asm).
    public static unsafe class Machine
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_outb")]
        public static extern void OutByte(ushort port, byte value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_inb")]
        public static extern byte InByte(ushort port);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_rdmsr")]
        public static extern ulong ReadMsr(uint msr);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_wrmsr")]
        public static extern void WriteMsr(uint msr, ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_mfence")]
        public static extern void MemoryFence();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_halt_forever")]
        public static extern void HaltForever();

        // Ends the machine: the debug-exit port under QEMU (harmless on PCs, where the
        // port is unused), then interrupts off and halt.
        public static void Exit(ExitStatus status)
        {
            OutByte(0xF4, (byte)status);
            HaltForever();
        }
    }
}
