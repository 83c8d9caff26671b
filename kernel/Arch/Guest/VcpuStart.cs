using Ringwall.Arch.Interrupts;

namespace Ringwall.Arch.Guest
{
    // The state a vCPU first runs from (the builder's vCPU 0, VCPUOP_initialise for the
    // others): ring 1 at `rip` with `rsp` and `rdi`, every other register 0, IF set,
    // events masked, and nothing registered (trap table, descriptor table and data
    // selectors, callbacks, ring-1 stack for entries from ring 3, timer). The caller has
    // checked rip and rsp.
    public static unsafe class VcpuStart
    {
        public static void Prepare(VcpuContext vcpu, ulong rip, ulong rsp, ulong rdi)
        {
            vcpu.Registers = default(InterruptFrame);
            vcpu.Registers.Rip = rip;
            vcpu.Registers.Rsp = rsp;
            vcpu.Registers.Rdi = rdi;
            vcpu.Registers.Cs = Cpu.Selectors.GuestKernelCode;
            vcpu.Registers.Ss = Cpu.Selectors.GuestKernelData;
            vcpu.Registers.Rflags = FrameSanitizer.SafeFlags(0);
            vcpu.Traps.Clear();
            vcpu.Gdt.Clear();
            vcpu.KernelStack = 0;
            vcpu.EventCallback = 0;
            vcpu.FailsafeCallback = 0;
            vcpu.TimerDeadline = 0;
            vcpu.Info[Abi.VcpuInfo.EvtchnUpcallMaskOffset] = 1;
        }
    }
}
