using Ringwall.Abi;

namespace Ringwall.Core.Guests
{
    // A vCPU's virtual IDT (set_trap_table): for each vector, the ring-1 handler the
    // VMM delivers exceptions to, and its flags (DPL, mask events on entry).
    // Invariants: every installed handler runs in the guest kernel's code segment
    // (FLAT_RING1_CS) at a canonical address outside the VMM's reserved range; only
    // the system-call vector may carry DPL 3 (it becomes a real DPL-3 gate to ring 1);
    // no handler ever names an IST or a ring-0 segment (neither can be expressed).
    // A new table is checked whole before any entry is installed.
    public sealed class TrapTable
    {
        public const int Vectors = 256;
        public const int SystemCallVector = 0x80;
        public const ushort GuestKernelCode = 0x19;

        public readonly ulong[] Address = new ulong[Vectors];
        public readonly byte[] Flags = new byte[Vectors];

        public bool Has(int vector) => Address[vector] != 0;

        public int Dpl(int vector) => Flags[vector] & TrapInfoFlags.DplMask;

        public bool MasksEvents(int vector) => (Flags[vector] & TrapInfoFlags.MaskEvents) != 0;

        public static Status Check(uint vector, byte flags, ushort cs, ulong address)
        {
            if (vector >= Vectors || cs != GuestKernelCode) return Status.EINVAL;
            if (!Bits.IsCanonical(address) || InReservedRange(address)) return Status.EINVAL;
            if ((flags & TrapInfoFlags.DplMask) == 3 && vector != SystemCallVector) return Status.EINVAL;
            if ((flags & ~(TrapInfoFlags.DplMask | TrapInfoFlags.MaskEvents)) != 0) return Status.EINVAL;
            return Status.Ok;
        }

        public static bool InReservedRange(ulong address)
            => address >= VmmRange.VirtStart && address < VmmRange.VirtEnd;

        public void Clear()
        {
            for (int i = 0; i < Vectors; i++)
            {
                Address[i] = 0;
                Flags[i] = 0;
            }
        }

        public void Set(int vector, byte flags, ulong address)
        {
            Address[vector] = address;
            Flags[vector] = flags;
        }
    }
}
