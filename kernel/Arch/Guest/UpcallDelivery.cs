using Ringwall.Arch.Cpu;
using Ringwall.Arch.Interrupts;

namespace Ringwall.Arch.Guest
{
    // Event upcalls: before a vCPU returns to its guest, if its vcpu_info says an
    // event is pending (evtchn_upcall_pending) and events are not masked
    // (evtchn_upcall_mask, the guest's virtual interrupt flag) and it registered an
    // event callback, the VMM enters the callback in ring 1 the way TrapDelivery enters
    // an exception handler (the same 64-bit frame, no error code) and masks events; the
    // callback finds its ports in the pending bitmaps, clears them, unmasks, and
    // returns with IRETQ. A callback frame that cannot be written destroys the domain.
    public static unsafe class UpcallDelivery
    {
        private const int PendingOffset = 0, MaskOffset = 1;

        // False when the vCPU was destroyed instead (it must not run).
        public static bool DeliverIfDue(VcpuContext vcpu, InterruptFrame* f)
        {
            byte* info = vcpu.Info;
            if (info[PendingOffset] == 0 || info[MaskOffset] != 0 || vcpu.EventCallback == 0) return true;
            bool fromUser = (f->Cs & 3) == 3;
            if (fromUser && vcpu.KernelStack == 0)
            {
                Lifecycle.Destroy(vcpu.Domain, "event upcall from ring 3 with no ring-1 stack (stack_switch)", f->Rip);
                return false;
            }
            ulong rsp = ((fromUser ? vcpu.KernelStack : f->Rsp) & ~0xFUL) - 40;
            GuestVirtualMemory guest = Ringwall.Arch.Hypercalls.Hypercalls.GuestMemoryOf(vcpu);
            bool ok = guest.TryWrite64(rsp, f->Rip) && guest.TryWrite64(rsp + 8, f->Cs)
                && guest.TryWrite64(rsp + 16, f->Rflags) && guest.TryWrite64(rsp + 24, f->Rsp) && guest.TryWrite64(rsp + 32, f->Ss);
            if (!ok)
            {
                Lifecycle.Destroy(vcpu.Domain, "cannot write the event upcall frame on the ring-1 stack", rsp);
                return false;
            }
            info[MaskOffset] = 1;
            vcpu.PendingHandler = vcpu.EventCallback;
            f->Rip = vcpu.EventCallback;
            f->Rsp = rsp;
            f->Cs = Selectors.GuestKernelCode;
            f->Ss = Selectors.GuestKernelData;
            f->Rflags &= ~((1UL << 8) | (1UL << 14) | (1UL << 16));
            return true;
        }
    }
}
