using Ringwall.Arch.Cpu;
using Ringwall.Arch.Interrupts;
using Ringwall.Core.Guests;

namespace Ringwall.Arch.Guest
{
    // Delivers an exception a guest raised (ring 1 or 3) to its ring-1 handler, as the
    // CPU itself would deliver it to a 64-bit handler: on the ring-1 stack (the current
    // one for ring 1, the stack_switch one for ring 3), aligned down to 16 bytes, the
    // frame SS, RSP, RFLAGS, CS, RIP and, for the vectors that have one, the error
    // code; then the handler runs in ring 1 with TF, NT and RF cleared, and returns to
    // the faulting code with IRETQ, natively. #PF's address goes to the vCPU's
    // shared-info slot (arch.cr2).
    // Failsafe: a handler whose first instruction faults (any exception at the address
    // the VMM just sent the vCPU to, before it made a hypercall or was seen elsewhere),
    // a frame that cannot be written (bad ring-1 stack), or an exception from ring 3
    // with no ring-1 stack destroys the domain: the guest cannot be helped, the VMM
    // and the others go on.
    public static unsafe class TrapDelivery
    {
        private const int Cr2Offset = 16, MaskOffset = 1;   // in vcpu_info

        // False when the guest has no handler for the vector (the caller destroys it).
        public static bool Deliver(VcpuContext vcpu, InterruptFrame* f)
        {
            int vector = (int)f->Vector;
            TrapTable traps = vcpu.Traps;
            bool fromUser = (f->Cs & 3) == 3;
            if (!fromUser && vcpu.PendingHandler != 0 && f->Rip == vcpu.PendingHandler)
                return Failsafe(vcpu, "the trap handler faults at its first instruction", f->Rip);
            if (!traps.Has(vector)) return false;

            BounceFrame.Outcome outcome = BounceFrame.Enter(vcpu, f, traps.Address[vector], HasErrorCode(vector), out ulong stack);
            if (outcome == BounceFrame.Outcome.NoKernelStack)
                return Failsafe(vcpu, "exception in ring 3 with no ring-1 stack (stack_switch)", (ulong)vector);
            if (outcome == BounceFrame.Outcome.Unwritable)
                return Failsafe(vcpu, "cannot write the exception frame on the ring-1 stack", stack);

            if (vector == 14) *(ulong*)(vcpu.Info + Cr2Offset) = Cpu.Cpu.ReadCr2();
            if (traps.MasksEvents(vector)) vcpu.Info[MaskOffset] = 1;
            return true;
        }

        public static bool HasErrorCode(int vector)
            => vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21 || vector == 29 || vector == 30;

        private static bool Failsafe(VcpuContext vcpu, string reason, ulong detail)
        {
            Lifecycle.Destroy(vcpu.Domain, reason, detail);
            return true;
        }
    }
}
