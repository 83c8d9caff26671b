using Ringwall.Arch.Interrupts;
using Ringwall.Drivers.Console;

namespace Ringwall.Arch.Guest
{
    // Exceptions a guest causes. No trap table exists yet, so none can be delivered:
    // the domain is destroyed, and the log names the exception, the ring, RIP, the
    // error code and (for #PF) the address.
    public static unsafe class GuestFaults
    {
        public static void Unhandled(VcpuContext vcpu, InterruptFrame* f)
        {
            Log.Warn().Text("domain ").Decimal(vcpu.Domain).Text(": ").Text(ExceptionNames.Mnemonic(f->Vector))
                .Text(" (").Text(ExceptionNames.Description(f->Vector)).Text(") in ring ").Decimal(f->Cs & 3)
                .Text(" at rip=").Hex(f->Rip).Text(" error=").Hex(f->ErrorCode, 4)
                .Text(" cr2=").Hex(f->Vector == 14 ? Cpu.Cpu.ReadCr2() : 0).Text(" rax=").Hex(f->Rax).Text(" rsp=").Hex(f->Rsp).End();
            Lifecycle.Destroy(vcpu.Domain, "exception with no trap table", f->Vector);
        }
    }
}
