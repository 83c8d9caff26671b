using Ringwall.Arch.Cpu;
using Ringwall.Arch.Interrupts;

namespace Ringwall.Arch.Guest
{
    // Enters a guest's ring-1 handler the way the CPU enters a 64-bit interrupt
    // handler: on the ring-1 stack (the current one when the guest was in ring 1, the
    // stack_switch one when it was in ring 3), aligned down to 16 bytes, it writes SS,
    // RSP, RFLAGS, CS, RIP and (if asked) the error code, then points the frame at the
    // handler in ring 1 with TF, NT and RF cleared. Used for exceptions (TrapDelivery)
    // and event upcalls (UpcallDelivery); the handler returns with IRETQ, natively.
    public static unsafe class BounceFrame
    {
        public enum Outcome { Entered, NoKernelStack, Unwritable }

        private const ulong ClearedFlags = (1UL << 8) | (1UL << 14) | (1UL << 16); // TF, NT, RF

        // `stack` is the ring-1 stack pointer the frame went to (for messages).
        public static Outcome Enter(VcpuContext vcpu, InterruptFrame* f, ulong handler, bool withErrorCode, out ulong stack)
        {
            bool fromUser = (f->Cs & 3) == 3;
            stack = 0;
            if (fromUser && vcpu.KernelStack == 0) return Outcome.NoKernelStack;
            ulong rsp = ((fromUser ? vcpu.KernelStack : f->Rsp) & ~0xFUL) - (withErrorCode ? 48UL : 40UL);
            stack = rsp;
            GuestVirtualMemory guest = Ringwall.Arch.Hypercalls.Hypercalls.GuestMemoryOf(vcpu);
            ulong* words = stackalloc ulong[6];
            int n = 0;
            if (withErrorCode) words[n++] = f->ErrorCode;
            words[n++] = f->Rip;
            words[n++] = f->Cs;
            words[n++] = f->Rflags;
            words[n++] = f->Rsp;
            words[n++] = f->Ss;
            if (!guest.TryWriteWords(rsp, words, n)) return Outcome.Unwritable;

            vcpu.PendingHandler = handler;
            f->Rip = handler;
            f->Rsp = rsp;
            f->Cs = Selectors.GuestKernelCode;
            f->Ss = Selectors.GuestKernelData;
            f->Rflags &= ~ClearedFlags;
            return Outcome.Entered;
        }
    }
}
