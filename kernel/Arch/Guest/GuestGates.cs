using Ringwall.Arch.Cpu;
using Ringwall.Core.Guests;

namespace Ringwall.Arch.Guest
{
    // The per-vCPU parts of the CPU's tables, loaded whenever a vCPU comes on the CPU
    // (and when the running vCPU changes them): TSS.RSP1, the ring-1 stack for entries
    // from ring 3 (stack_switch), and the system-call gate (vector 0x80): a DPL-3 trap
    // gate straight to the guest kernel's handler when its trap table has one, the
    // VMM's own DPL-0 gate (so `int 0x80` raises #GP) otherwise.
    public static unsafe class GuestGates
    {
        public static void Load(VcpuContext vcpu)
        {
            DescriptorTables.Tss->Rsp1 = vcpu.KernelStack;
            int v = TrapTable.SystemCallVector;
            if (vcpu.Traps.Has(v) && vcpu.Traps.Dpl(v) == 3)
                DescriptorTables.SetGuestGate(v, vcpu.Traps.Address[v]);
            else
                DescriptorTables.ResetGate(v);
        }
    }
}
