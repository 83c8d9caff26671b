using System.Runtime;
using Ringwall.Arch.Startup;

namespace Ringwall.Arch.Interrupts
{
    // Interrupts and exceptions that arrive while the VMM itself runs (from
    // isr_common; guests enter through rw_guest_entry instead).
    // Invariant: an exception raised by the VMM itself never returns into the VMM; it
    // is reported and ends the machine. The only interrupts the VMM takes are the timer
    // tick and the serial port's input, while it idles with interrupts on
    // (Cpu.WaitForInterrupt).
    public static unsafe class InterruptDispatch
    {
        [RuntimeExport("rw_interrupt_dispatch")]
        private static void Dispatch(InterruptFrame* frame)
        {
            Guest.EntryScrub.VmmEntry((ulong)frame);
            if (frame->Vector == Ringwall.Drivers.Apic.LocalApic.TimerVector)
            {
                Guest.SchedulerTick.TickWhileIdle();
                return;
            }
            if (frame->Vector == Guest.SerialConsoleInput.Vector)
            {
                Guest.SerialConsoleInput.Interrupt();
                return;
            }
            if (frame->Vector == Ringwall.Drivers.Apic.LocalApic.SpuriousVector) return;
            PanicReporter.CpuException(frame);
        }
    }
}
