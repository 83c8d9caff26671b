using Ringwall.Abi;
using Ringwall.Arch.Guest;
using Ringwall.Arch.Memory;
using Ringwall.Core;
using Ringwall.Core.Guests;
using CoreMemoryAbi = Ringwall.Core.Memory.MemoryAbi;
using CoreMmuExtOp = Ringwall.Core.Memory.MmuExtOpRequest;

namespace Ringwall.Arch.Hypercalls
{
    // vcpu_op on the calling domain's own vCPUs: initialise (a vcpu_start_context, read
    // once and checked whole before anything changes), up, down, is_up. The online rules
    // are Ringwall.Core.Guests.VcpuSet's; the base table goes through the memory core
    // exactly as MMUEXT_NEW_BASEPTR would, on behalf of the new vCPU. Other commands:
    // -ENOSYS. A vcpuid the domain does not have: -ENOENT, whatever the command.
    public static unsafe class VcpuOpCall
    {
        public static long Handle(VcpuContext caller, ulong command, ulong vcpuid, ulong extra)
        {
            VcpuSet set = Guests.Domains[caller.Domain].Vcpus;
            if (!set.Exists(vcpuid)) return (long)Errno.ENOENT;
            uint id = (uint)vcpuid;
            VcpuContext target = Guests.VcpuOf(caller.Domain, id);
            bool changed;
            switch (command)
            {
                case (ulong)VcpuOpCmd.Initialise: return (long)Initialise(caller, set, target, extra);
                case (ulong)VcpuOpCmd.Up:
                {
                    Status s = set.Up(id, out changed);
                    if (changed) Guests.Resume(target);
                    return (long)s;
                }
                case (ulong)VcpuOpCmd.Down:
                {
                    Status s = set.Down(id, out changed);
                    if (changed) Guests.Park(target);
                    return (long)s;
                }
                case (ulong)VcpuOpCmd.IsUp: return set.IsUp(id) ? 1 : 0;
                default: return (long)Errno.ENOSYS;
            }
        }

        private static Status Initialise(VcpuContext caller, VcpuSet set, VcpuContext target, ulong block)
        {
            Status s = set.CanInitialise(target.Id);
            if (s != Status.Ok) return s;
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(caller);
            if (!guest.TryRead64(block + VcpuStartContext.RipOffset, out ulong rip)
                || !guest.TryRead64(block + VcpuStartContext.RspOffset, out ulong rsp)
                || !guest.TryRead64(block + VcpuStartContext.RdiOffset, out ulong rdi)
                || !guest.TryRead64(block + VcpuStartContext.KernelBaseOffset, out ulong kernelBase)
                || !guest.TryRead64(block + VcpuStartContext.FlagsOffset, out ulong flags))
                return Status.EFAULT;
            s = VcpuSet.CheckStart(rip, rsp, flags);
            if (s != Status.Ok) return s;
            var op = new CoreMmuExtOp();
            op.Command = CoreMemoryAbi.NewBasePtr;
            op.Arg1 = kernelBase != 0 ? kernelBase : VmmMemory.Core.Vcpu(caller.Domain, caller.Id).KernelBase;
            s = VmmMemory.Core.ApplyMmuExtOp(ref guest, caller.Domain, target.Id, op);
            if (s != Status.Ok) return s;
            VcpuStart.Prepare(target, rip, rsp, rdi);
            set.MarkInitialised(target.Id);
            return Status.Ok;
        }
    }
}
