using Ringwall.Arch.Cpu;
using Ringwall.Arch.Interrupts;
using Ringwall.Arch.Memory;
using Ringwall.Arch.Paging;
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
        private const ulong ClearedFlags = (1UL << 8) | (1UL << 14) | (1UL << 16); // TF, NT, RF
        private const ulong VcpuInfoSize = 64, Cr2Offset = 16, MaskOffset = 1;

        // False when the guest has no handler for the vector (the caller destroys it).
        public static bool Deliver(VcpuContext vcpu, InterruptFrame* f)
        {
            int vector = (int)f->Vector;
            TrapTable traps = vcpu.Traps;
            bool fromUser = (f->Cs & 3) == 3;
            if (!fromUser && vcpu.PendingHandler != 0 && f->Rip == vcpu.PendingHandler)
                return Failsafe(vcpu, "the trap handler faults at its first instruction", f->Rip);
            if (!traps.Has(vector)) return false;
            ulong handler = traps.Address[vector];
            if (fromUser && vcpu.KernelStack == 0)
                return Failsafe(vcpu, "exception in ring 3 with no ring-1 stack (stack_switch)", f->Vector);

            ulong rsp = (fromUser ? vcpu.KernelStack : f->Rsp) & ~0xFUL;
            bool hasError = HasErrorCode(vector);
            rsp -= hasError ? 48UL : 40UL;
            GuestVirtualMemory guest = Ringwall.Arch.Hypercalls.Hypercalls.GuestMemoryOf(vcpu);
            ulong at = rsp;
            bool ok = (!hasError || Push(ref guest, ref at, f->ErrorCode))
                && Push(ref guest, ref at, f->Rip) && Push(ref guest, ref at, f->Cs)
                && Push(ref guest, ref at, f->Rflags) && Push(ref guest, ref at, f->Rsp) && Push(ref guest, ref at, f->Ss);
            if (!ok) return Failsafe(vcpu, "cannot write the exception frame on the ring-1 stack", rsp);

            ulong shared = VmmMemory.Core.Domain(vcpu.Domain).SharedInfo << 12;
            byte* info = DirectMap.ToVirtual(shared + vcpu.Id * VcpuInfoSize);
            if (vector == 14) *(ulong*)(info + Cr2Offset) = Cpu.Cpu.ReadCr2();
            if (traps.MasksEvents(vector)) info[MaskOffset] = 1;

            vcpu.PendingHandler = handler;
            f->Rip = handler;
            f->Rsp = rsp;
            f->Cs = Selectors.GuestKernelCode;
            f->Ss = Selectors.GuestKernelData;
            f->Rflags &= ~ClearedFlags;
            return true;
        }

        private static bool Push(ref GuestVirtualMemory guest, ref ulong at, ulong value)
        {
            bool ok = guest.TryWrite64(at, value);
            at += 8;
            return ok;
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
