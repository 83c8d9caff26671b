using System.Runtime;
using Ringwall.Arch.Startup;

namespace Ringwall.Arch.Interrupts
{
    // Every interrupt and exception enters C# here (from isr_common).
    // Invariant: an exception raised by the VMM itself never returns into the VMM;
    // it is reported and ends the machine (guests arrive in later issues and will be
    // told apart by the saved CS).
    public static unsafe class InterruptDispatch
    {
        [RuntimeExport("rw_interrupt_dispatch")]
        private static void Dispatch(InterruptFrame* frame)
        {
            if (frame->Vector < 32)
                PanicReporter.CpuException(frame);
            // No device interrupts are enabled yet: anything else is unexpected.
            PanicReporter.CpuException(frame);
        }
    }
}
