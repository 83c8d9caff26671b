using System.Runtime.InteropServices;

namespace Ringwall.Arch.Interrupts
{
    // The registers saved by the entry stubs (kernel/Arch/Asm/Entry.asm), lowest
    // address first, followed by what the CPU pushed.
    [StructLayout(LayoutKind.Sequential)]
    public struct InterruptFrame
    {
        public ulong R15, R14, R13, R12, R11, R10, R9, R8;
        public ulong Rbp, Rdi, Rsi, Rdx, Rcx, Rbx, Rax;
        public ulong Vector, ErrorCode;
        public ulong Rip, Cs, Rflags, Rsp, Ss;
    }
}
