using Ringwall.Arch.Memory;
using Ringwall.Arch.Paging;
using Ringwall.Core;
using Ringwall.Core.Memory;

namespace Ringwall.Arch.Guest
{
    // Hypercall arguments in the calling guest's virtual memory, reached by a software
    // walk of its own page tables (from the vCPU's base table) and the VMM's direct
    // map. Nothing faults: a non-canonical address, one in the VMM's reserved range
    // (L4 slots 256..271), a not-present entry at any level, or (for writes) a
    // read-only one at any level, gives false and the hypercall answers -EFAULT.
    // The memory core guarantees present guest entries name only RAM the domain may
    // map. One CPU today: no other vCPU can change the tables during the walk; with SMP
    // the walk must hold references on the frames it reads (architecture.md §2).
    public unsafe struct GuestVirtualMemory : IGuestMemory
    {
        private readonly ulong _baseMfn;

        public GuestVirtualMemory(ulong baseMfn) { _baseMfn = baseMfn; }

        public bool TryRead64(ulong address, out ulong value)
        {
            value = 0;
            if ((address & 7) != 0) return false;
            if (!Translate(address, false, out ulong machine)) return false;
            value = *(ulong*)DirectMap.ToVirtual(machine);
            return true;
        }

        public bool TryRead32(ulong address, out uint value)
        {
            value = 0;
            if ((address & 3) != 0) return false;
            if (!Translate(address, false, out ulong machine)) return false;
            value = *(uint*)DirectMap.ToVirtual(machine);
            return true;
        }

        public bool TryWrite64(ulong address, ulong value)
        {
            if ((address & 7) != 0) return false;
            if (!Translate(address, true, out ulong machine)) return false;
            *(ulong*)DirectMap.ToVirtual(machine) = value;
            return true;
        }

        public bool TryWrite32(ulong address, uint value)
        {
            if ((address & 3) != 0) return false;
            if (!Translate(address, true, out ulong machine)) return false;
            *(uint*)DirectMap.ToVirtual(machine) = value;
            return true;
        }

        // Copies `count` bytes into `buffer` (one walk per page); false if any byte
        // is unreachable (nothing is promised about what was copied then).
        public bool TryReadBytes(ulong address, byte* buffer, ulong count)
        {
            ulong done = 0;
            while (done < count)
            {
                ulong at = address + done;
                if (at < address) return false;
                if (!Translate(at, false, out ulong machine)) return false;
                ulong inPage = 4096 - (at & 0xFFF);
                ulong n = count - done < inPage ? count - done : inPage;
                byte* source = DirectMap.ToVirtual(machine);
                for (ulong i = 0; i < n; i++) buffer[done + i] = source[i];
                done += n;
            }
            return true;
        }

        public bool TryWriteBytes(ulong address, byte* data, ulong count)
        {
            for (ulong i = 0; i < count; i++)
            {
                ulong at = address + i;
                if (at < address || !Translate(at, true, out ulong machine)) return false;
                *DirectMap.ToVirtual(machine) = data[i];
            }
            return true;
        }

        private bool Translate(ulong address, bool write, out ulong machine)
        {
            machine = 0;
            if (!Bits.IsCanonical(address)) return false;
            int l4Index = (int)((address >> 39) & 511);
            if (l4Index >= MemoryCoreConstants.ReservedL4First
                && l4Index < MemoryCoreConstants.ReservedL4First + MemoryCoreConstants.ReservedL4Count) return false;
            ulong table = _baseMfn << 12;
            for (int level = 3; level >= 0; level--)
            {
                ulong entry = *(ulong*)DirectMap.ToVirtual(table + ((address >> (12 + 9 * level)) & 511) * 8);
                if ((entry & PageFlags.Present) == 0) return false;
                if (write && (entry & PageFlags.Writable) == 0) return false;
                ulong frame = entry & PageFlags.AddressMask;
                if (level == 1 && (entry & PageFlags.Large) != 0)
                {
                    machine = (frame & ~0x1FFFFFUL) + (address & 0x1FFFFF);
                    return InRam(machine);
                }
                if (level >= 2 && (entry & PageFlags.Large) != 0) return false;
                table = frame;
            }
            machine = table + (address & 0xFFF);
            return InRam(machine);
        }

        private static bool InRam(ulong machine) => (machine >> 12) < VmmMemory.Core.FrameCount;
    }
}
