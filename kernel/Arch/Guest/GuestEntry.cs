using System.Runtime;
using Ringwall.Arch.Cpu;
using Ringwall.Arch.Interrupts;
using Ringwall.Arch.Startup;
using Ringwall.Drivers.Console;

namespace Ringwall.Arch.Guest
{
    // Every entry from a guest (ring 1 or 3) arrives here, on the VMM stack, with the
    // VMM root loaded and the guest's FPU state saved (kernel/Arch/Asm/Entry.asm).
    // The hypercall gate (vector 0x82) has DPL 1: from ring 3 it raises #GP instead, so
    // a hypercall can only come from the guest kernel; the saved CS is checked anyway.
    // Vectors 32 and up can only be device interrupts here (every other gate has DPL 0
    // or 1, so a guest's `int n` raises #GP instead): the timer, the serial port's
    // input (SerialConsoleInput); any other is logged and dropped. NMI is the
    // machine's (logged), #MC ends the machine; every other exception is the guest's
    // own and goes to GuestFaults.
    // On return the frame holds the registers of whichever vCPU runs next.
    public static unsafe class GuestEntry
    {
        [RuntimeExport("rw_guest_entry")]
        internal static void Enter(InterruptFrame* frame)
        {
            ulong vector = frame->Vector;
            VcpuContext vcpu = Guests.Current;
            if (vector == DescriptorTables.HypercallVector && (frame->Cs & 3) == 1)
            {
                vcpu.PendingHandler = 0;   // it ran: past any handler entry
                Ringwall.Arch.Hypercalls.Hypercalls.Dispatch(vcpu, frame);
            }
            else if (vector == Ringwall.Drivers.Apic.LocalApic.TimerVector)
            {
                if (BenchReport.Enabled)
                {
                    TimerMeasured(vcpu, frame);
                    return;
                }
                if (frame->Rip != vcpu.PendingHandler) vcpu.PendingHandler = 0;
                SchedulerTick.Tick();
            }
            else if (vector == SerialConsoleInput.Vector)
            {
                if (frame->Rip != vcpu.PendingHandler) vcpu.PendingHandler = 0;
                SerialConsoleInput.Interrupt();
            }
            else if (vector >= 32)
                ExternalInterrupt(frame);
            else if (vector == 2)
                Log.Warn().Text("NMI while a guest ran (ignored)").End();
            else if (vector == 18)
                PanicReporter.CpuException(frame);   // a machine check is the machine's, not the guest's
            else
                GuestFaults.Raised(vcpu, frame);
            Guests.PrepareReturn(frame);
        }

        // Bench mode (timer.irq_to_upcall): the same timer path, timed from here to the
        // return, kept when this interrupt fired the running vCPU's guest timer and the
        // return enters that vCPU's event callback (its first instruction is the next one
        // after IRETQ).
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static void TimerMeasured(VcpuContext vcpu, InterruptFrame* frame)
        {
            bool armed = vcpu.TimerDeadline != 0;
            ulong start = Cpu.Cpu.ReadTimestamp();
            if (frame->Rip != vcpu.PendingHandler) vcpu.PendingHandler = 0;
            SchedulerTick.Tick();
            Guests.PrepareReturn(frame);
            ulong end = Cpu.Cpu.ReadTimestamp();
            if (armed && vcpu.TimerDeadline == 0 && Guests.Current == vcpu && frame->Rip == vcpu.EventCallback)
                BenchReport.TimerUpcall(end - start);
        }

        private static void ExternalInterrupt(InterruptFrame* frame)
            => Log.Debug().Text("interrupt vector ").Decimal(frame->Vector).Text(" while a guest ran (not one the VMM enabled)").End();
    }
}
