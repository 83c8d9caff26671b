using Ringwall.Arch.Interrupts;
using Ringwall.Drivers.Console;

namespace Ringwall.Arch.Guest
{
    // Exceptions a guest causes: delivered to its handler (TrapDelivery) when it has
    // one; otherwise the domain is destroyed, and the log names the exception, the
    // ring, RIP, the error code and (for #PF) the address.
    public static unsafe class GuestFaults
    {
        public static void Raised(VcpuContext vcpu, InterruptFrame* f)
        {
            if (TrapDelivery.Deliver(vcpu, f))
            {
                Guests.RootMayHaveChanged();   // the frame now returns elsewhere: full checks
                return;
            }
            Unhandled(vcpu, f);
        }

        private static void Unhandled(VcpuContext vcpu, InterruptFrame* f)
        {
            Log.Warn().Text("domain ").Decimal(vcpu.Domain).Text(": ").Text(ExceptionNames.Mnemonic(f->Vector))
                .Text(" (").Text(ExceptionNames.Description(f->Vector)).Text(") in ring ").Decimal(f->Cs & 3)
                .Text(" at rip=").Hex(f->Rip).Text(" error=").Hex(f->ErrorCode, 4)
                .Text(" cr2=").Hex(f->Vector == 14 ? Cpu.Cpu.ReadCr2() : 0).Text(" rax=").Hex(f->Rax).Text(" rsp=").Hex(f->Rsp).End();
            Lifecycle.Destroy(vcpu.Domain, "exception with no handler in its trap table", f->Vector);
        }
    }
}
