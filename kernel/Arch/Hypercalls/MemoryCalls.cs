using Ringwall.Abi;
using Ringwall.Arch.Guest;
using Ringwall.Arch.Interrupts;
using Ringwall.Arch.Memory;
using Ringwall.Core;
using Ringwall.Core.Memory;

namespace Ringwall.Arch.Hypercalls
{
    // The memory hypercalls, wired to the PV memory core (kernel/Core/Memory).
    // mmu_update (RDI requests, RSI count, RDX pdone, R10 foreign domain) and mmuext_op
    // (same registers) run at most Budget elements per entry; with more to do they
    // advance RDI, leave the remaining count with MMU_UPDATE_PREEMPTED (bit 31) set in
    // RSI, store the running total in *pdone and ask the guest to re-execute the call
    // (Xen's continuation). *pdone (an unsigned int, when not null) ends as the exact
    // number of elements that completed. multicall writes each entry's result into its
    // multicall_entry (0 for those that ran, the error for the one that stopped the
    // batch; later entries are not run and keep their result word).
    public static unsafe class MemoryCalls
    {
        public const uint Budget = 64;
        public const ulong Preempted = 1UL << 31;

        public static long MmuUpdate(VcpuContext vcpu, InterruptFrame* f) => Batch(vcpu, f, false);

        public static long MmuExtOp(VcpuContext vcpu, InterruptFrame* f) => Batch(vcpu, f, true);

        private static long Batch(VcpuContext vcpu, InterruptFrame* f, bool extended)
        {
            ulong requests = f->Rdi, rawCount = f->Rsi, pdone = f->Rdx;
            uint foreign = (uint)f->R10;
            if (rawCount > 0xFFFFFFFFUL) return (long)Errno.EINVAL;
            uint count = (uint)(rawCount & ~Preempted);
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(vcpu);
            uint doneBefore = 0;
            if ((rawCount & Preempted) != 0 && pdone != 0 && !guest.TryRead32(pdone, out doneBefore))
                return (long)Errno.EFAULT;

            BatchResult r = extended
                ? VmmMemory.Core.MmuExtOp(ref guest, vcpu.Domain, vcpu.Id, requests, count, foreign, Budget)
                : VmmMemory.Core.MmuUpdate(ref guest, vcpu.Domain, requests, count, foreign, Budget);
            uint total = doneBefore + r.Done;
            if (pdone != 0 && !guest.TryWrite32(pdone, total)) return (long)Errno.EFAULT;
            if (r.MoreToDo)
            {
                uint size = extended ? MemoryAbi.MmuExtOpSize : MemoryAbi.MmuUpdateSize;
                f->Rdi = requests + (ulong)r.Done * size;
                f->Rsi = (count - r.Done) | Preempted;
                return Hypercalls.Continue(f);
            }
            return (long)r.Status;
        }

        public static long UpdateVaMapping(VcpuContext vcpu, ulong address, ulong value, ulong flags)
        {
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(vcpu);
            return (long)VmmMemory.Core.UpdateVaMapping(ref guest, vcpu.Domain, vcpu.Id, address, value, flags);
        }

        public static long Multicall(VcpuContext vcpu, ulong entries, ulong count)
        {
            if (count > 0xFFFFFFFFUL) return (long)Errno.EINVAL;
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(vcpu);
            BatchResult r = VmmMemory.Core.MemoryMulticall(ref guest, vcpu.Domain, vcpu.Id, entries, (uint)count, (uint)count);
            const uint entrySize = 64, resultOffset = 8;
            for (uint i = 0; i < r.Done; i++)
                if (!guest.TryWrite64(entries + (ulong)i * entrySize + resultOffset, 0)) return (long)Errno.EFAULT;
            if (r.Status != Status.Ok && r.Done < count)
                guest.TryWrite64(entries + (ulong)r.Done * entrySize + resultOffset, (ulong)(long)r.Status);
            return (long)r.Status;
        }
    }
}
