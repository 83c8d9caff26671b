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
            BounceFrame.Outcome outcome = BounceFrame.Enter(vcpu, f, vcpu.EventCallback, false, out ulong stack);
            if (outcome == BounceFrame.Outcome.NoKernelStack)
            {
                Lifecycle.Destroy(vcpu.Domain, "event upcall from ring 3 with no ring-1 stack (stack_switch)", f->Rip);
                return false;
            }
            if (outcome == BounceFrame.Outcome.Unwritable)
            {
                Lifecycle.Destroy(vcpu.Domain, "cannot write the event upcall frame on the ring-1 stack", stack);
                return false;
            }
            info[MaskOffset] = 1;
            return true;
        }
    }
}
