using System.Runtime;
using Ringwall.Arch.Interrupts;
using Ringwall.Arch.Startup;

namespace Ringwall.Arch.Guest
{
    // Every entry from a guest (ring 1 or 3) arrives here, on the VMM stack, with the
    // VMM root loaded and the guest's FPU state saved.
    public static unsafe class GuestEntry
    {
        [RuntimeExport("rw_guest_entry")]
        private static void Enter(InterruptFrame* frame)
        {
            PanicReporter.CpuException(frame);
        }
    }
}
