using Ringwall.Arch.Memory;
using Ringwall.Arch.Paging;
using Ringwall.Core.Memory;

namespace Ringwall.Arch.Guest
{
    // Hypercall arguments and results in the calling guest's virtual memory, and the
    // frames the VMM writes on a guest's behalf. Every access is translated by the
    // memory core's walk (MemoryCore.TranslateGuest, kernel/Core/Memory/GuestWalk.cs)
    // from the vCPU's base pointer as it is at that moment, through validated tables of
    // the domain only, ending on a frame the domain may map; the data is then read or
    // written through the VMM's direct map. Nothing faults: an address the walk refuses
    // gives false and the hypercall answers -EFAULT. Nothing is cached: a batch element
    // that changes the base (or unpins and rewrites the old one) changes what the next
    // access walks. Accesses never cross a page (they are naturally aligned; the byte
    // copies translate each page).
    public unsafe struct GuestVirtualMemory : IGuestMemory
    {
        private readonly uint _domain;
        private readonly uint _vcpu;

        public GuestVirtualMemory(uint domain, uint vcpu)
        {
            _domain = domain;
            _vcpu = vcpu;
        }

        public bool TryRead64(ulong address, out ulong value)
        {
            value = 0;
            if ((address & 7) != 0 || !Translate(address, false, out ulong machine)) return false;
            value = *(ulong*)DirectMap.ToVirtual(machine);
            return true;
        }

        // `count` consecutive words at the 8-aligned `address`, one walk per page.
        public bool TryReadWords(ulong address, ulong[] into, int count)
        {
            if ((address & 7) != 0 || count < 0 || count > into.Length) return false;
            fixed (ulong* words = into) return Transfer(address, (byte*)words, (ulong)count * 8, false);
        }

        public bool TryRead32(ulong address, out uint value)
        {
            value = 0;
            if ((address & 3) != 0 || !Translate(address, false, out ulong machine)) return false;
            value = *(uint*)DirectMap.ToVirtual(machine);
            return true;
        }

        public bool TryWrite64(ulong address, ulong value)
        {
            if ((address & 7) != 0 || !Translate(address, true, out ulong machine)) return false;
            *(ulong*)DirectMap.ToVirtual(machine) = value;
            return true;
        }

        public bool TryWrite32(ulong address, uint value)
        {
            if ((address & 3) != 0 || !Translate(address, true, out ulong machine)) return false;
            *(uint*)DirectMap.ToVirtual(machine) = value;
            return true;
        }

        // Writes `count` 64-bit words from `words` at the 8-aligned `address` (one walk
        // per page); false if any is unwritable (the words before it may be written).
        public bool TryWriteWords(ulong address, ulong* words, int count)
            => (address & 7) == 0 && count >= 0 && Transfer(address, (byte*)words, (ulong)count * 8, true);

        // Copies `count` bytes into `buffer` (one walk per page); false if any byte
        // is unreachable (nothing is promised about what was copied then).
        public bool TryReadBytes(ulong address, byte* buffer, ulong count) => Transfer(address, buffer, count, false);

        public bool TryWriteBytes(ulong address, byte* data, ulong count) => Transfer(address, data, count, true);

        // Between guest memory at `address` and VMM memory at `local`, one walk per page.
        private bool Transfer(ulong address, byte* local, ulong count, bool write)
        {
            ulong done = 0;
            while (done < count)
            {
                ulong at = address + done;
                if (at < address || !Translate(at, write, out ulong machine)) return false;
                ulong inPage = 4096 - (at & 0xFFF);
                ulong n = count - done < inPage ? count - done : inPage;
                byte* guest = DirectMap.ToVirtual(machine);
                if (write) Copy(local + done, guest, n);
                else Copy(guest, local + done, n);
                done += n;
            }
            return true;
        }

        private static void Copy(byte* from, byte* to, ulong n)
        {
            if ((((ulong)from | (ulong)to | n) & 7) == 0)
                for (ulong i = 0; i < n; i += 8) *(ulong*)(to + i) = *(ulong*)(from + i);
            else
                for (ulong i = 0; i < n; i++) to[i] = from[i];
        }

        private bool Translate(ulong address, bool write, out ulong machine)
            => VmmMemory.Core.TranslateGuest(_domain, _vcpu, address, write, out machine);
    }
}
