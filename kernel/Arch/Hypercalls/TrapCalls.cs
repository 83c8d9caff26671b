using Ringwall.Abi;
using Ringwall.Arch.Guest;
using Ringwall.Core;
using Ringwall.Core.Guests;

namespace Ringwall.Arch.Hypercalls
{
    // set_trap_table: reads the whole trap_info array (at most 256 entries before the
    // terminating address 0) into VMM memory once, checks every entry (TrapTable.Check:
    // ring-1 code segment, canonical address outside the VMM range, DPL 3 only for the
    // system-call vector), and only then replaces the vCPU's table; a NULL table clears
    // it. stack_switch: the ring-1 stack for entries from ring 3 (FLAT_RING1_DS and a
    // canonical address outside the VMM range).
    public static unsafe class TrapCalls
    {
        private const int EntryBytes = 16;

        public static long SetTrapTable(VcpuContext vcpu, ulong table)
        {
            if (table == 0)
            {
                vcpu.Traps.Clear();
                GuestGates.Load(vcpu);
                return 0;
            }
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(vcpu);
            ulong* words = stackalloc ulong[TrapTable.Vectors * 2];
            int count = 0;
            while (true)
            {
                if (count > TrapTable.Vectors) return (long)Errno.EINVAL;
                ulong at = table + (ulong)count * EntryBytes;
                if (at < table || !guest.TryRead64(at, out ulong head) || !guest.TryRead64(at + 8, out ulong address))
                    return (long)Errno.EFAULT;
                if (address == 0) break;
                if (count == TrapTable.Vectors) return (long)Errno.EINVAL;
                words[count * 2] = head;
                words[count * 2 + 1] = address;
                count++;
            }
            for (int i = 0; i < count; i++)
            {
                ulong head = words[i * 2];
                Status s = TrapTable.Check((uint)(head & 0xFF), (byte)(head >> 8), (ushort)(head >> 16), words[i * 2 + 1]);
                if (s != Status.Ok) return (long)s;
            }
            vcpu.Traps.Clear();
            for (int i = 0; i < count; i++)
                vcpu.Traps.Set((int)(words[i * 2] & 0xFF), (byte)(words[i * 2] >> 8), words[i * 2 + 1]);
            GuestGates.Load(vcpu);
            return 0;
        }

        public static long StackSwitch(VcpuContext vcpu, ulong ss, ulong sp)
        {
            if (ss != Ringwall.Arch.Cpu.Selectors.GuestKernelData) return (long)Errno.EINVAL;
            if (!Bits.IsCanonical(sp) || TrapTable.InReservedRange(sp)) return (long)Errno.EINVAL;
            vcpu.KernelStack = sp;
            GuestGates.Load(vcpu);
            return 0;
        }
    }
}
