using Ringwall.Arch.Guest;
using Ringwall.Arch.Interrupts;
using Ringwall.Arch.Memory;
using Ringwall.Core.Memory;

namespace Ringwall.Arch.Hypercalls
{
    // The memory hypercalls, wired to the PV memory core (kernel/Core/Memory), which
    // decodes them, bounds their work and implements the continuation protocol
    // (BatchCalls.cs, MemoryMulticall.cs): mmu_update and mmuext_op (RDI array, RSI
    // count, RDX pdone, R10 foreign domain) and multicall (RDI entries, RSI count) each
    // do at most WorkCost.EntryBudget units of work per entry; with more to do the core
    // answers a continuation, and this layer puts its two arguments in RDI and RSI and
    // has the guest re-execute the call (Hypercalls.Continue).
    public static unsafe class MemoryCalls
    {
        public static long MmuUpdate(VcpuContext vcpu, InterruptFrame* f)
        {
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(vcpu);
            return Finish(f, VmmMemory.Core.MmuUpdateCall(ref guest, vcpu.Domain, f->Rdi, f->Rsi, f->Rdx, f->R10,
                WorkCost.EntryBudget));
        }

        public static long MmuExtOp(VcpuContext vcpu, InterruptFrame* f)
        {
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(vcpu);
            return Finish(f, VmmMemory.Core.MmuExtOpCall(ref guest, vcpu.Domain, vcpu.Id, f->Rdi, f->Rsi, f->Rdx, f->R10,
                WorkCost.EntryBudget));
        }

        public static long Multicall(VcpuContext vcpu, InterruptFrame* f)
        {
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(vcpu);
            return Finish(f, VmmMemory.Core.MulticallCall(ref guest, vcpu.Domain, vcpu.Id, f->Rdi, f->Rsi, WorkCost.EntryBudget));
        }

        public static long UpdateVaMapping(VcpuContext vcpu, ulong address, ulong value, ulong flags)
        {
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(vcpu);
            return (long)VmmMemory.Core.UpdateVaMapping(ref guest, vcpu.Domain, vcpu.Id, address, value, flags);
        }

        private static long Finish(InterruptFrame* f, CallOutcome o)
        {
            if (!o.Continue) return (long)o.Status;
            f->Rdi = o.Arg0;
            f->Rsi = o.Arg1;
            return Hypercalls.Continue(f);
        }
    }
}
