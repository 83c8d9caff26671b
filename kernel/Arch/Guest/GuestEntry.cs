using System.Runtime;
using Ringwall.Arch.Cpu;
using Ringwall.Arch.Interrupts;

namespace Ringwall.Arch.Guest
{
    // Every entry from a guest (ring 1 or 3) arrives here, on the VMM stack, with the
    // VMM root loaded and the guest's FPU state saved (kernel/Arch/Asm/Entry.asm).
    // The hypercall gate (vector 0x82) has DPL 1: from ring 3 it raises #GP instead, so
    // a hypercall can only come from the guest kernel; the saved CS is checked anyway.
    // Any other exception is the guest's own fault; until trap delivery exists
    // (set_trap_table, a later issue) the domain is destroyed with the reason logged.
    // On return the frame holds the registers of whichever vCPU runs next.
    public static unsafe class GuestEntry
    {
        [RuntimeExport("rw_guest_entry")]
        private static void Enter(InterruptFrame* frame)
        {
            if (frame->Vector == DescriptorTables.HypercallVector && (frame->Cs & 3) == 1)
                Ringwall.Arch.Hypercalls.Hypercalls.Dispatch(Guests.Current, frame);
            else
                GuestFaults.Unhandled(Guests.Current, frame);
            Guests.PrepareReturn(frame);
        }
    }
}
