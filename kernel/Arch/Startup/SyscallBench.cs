using System.Runtime;
using System.Runtime.CompilerServices;
using Ringwall.Arch.Cpu;
using Ringwall.Arch.Paging;
using Ringwall.Core.Physical;
using Ringwall.Drivers.Console;

namespace Ringwall.Arch.Startup
{
    // The native baseline of syscall.guest_round_trip, measured at boot in bench mode
    // (before any guest): a ring-3 loop of `int 0x80` through a DPL-3 interrupt gate to a
    // ring-0 handler that is only IRETQ (kernel/Arch/Asm/SyscallBench.asm). A guest's
    // system call is the same instruction pair through a DPL-3 gate to its ring-1
    // handler; SYSCALL/SYSRET would be a different mechanism (and cannot reach ring 1),
    // so INT/IRETQ from ring 3 to ring 0 on the same machine is the baseline. Set-up: a
    // code page and a stack page at UserBase, user-accessible, in L4 slot 2 of the VMM's
    // own root (empty: the VMM lives in the upper half), vectors 0x80 and 0x81 pointed at
    // the two gates; afterwards the gates are reset, the slot emptied, its pages freed
    // and the two translations invalidated. Reported per loop iteration (int, iretq, dec,
    // jnz), the minimum of Batches batches, as syscall.native_round_trip; tools/Bench uses
    // it as the guest figure's baseline.
    public static unsafe class SyscallBench
    {
        private const ulong UserBase = 0x0000010000000000UL;
        private const ulong Rounds = 1000;
        private const int Batches = 8;
        private const int Vector = 0x80, ExitVector = 0x81;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_native_syscall_run")]
        private static extern ulong RunInRing3(ulong rip, ulong rsp, ulong rounds);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_native_syscall_symbol")]
        private static extern ulong Symbol(int which);

        public static bool Run(FrameAllocator frames, ulong root)
        {
            ulong* l4 = (ulong*)DirectMap.ToVirtual(root);
            int slot = (int)(UserBase >> 39) & 511;
            if (l4[slot] != 0) return Fail("L4 slot 2 of the VMM's root is in use");
            if (!frames.TryAllocate(out ulong code)) return Fail("no frame");
            if (!frames.TryAllocate(out ulong stack)) return Fail("no frame");
            byte* page = (byte*)DirectMap.ToVirtual(code * FrameAllocator.FrameSize);
            ulong start = Symbol(2), length = Symbol(3) - start;
            for (ulong i = 0; i < FrameAllocator.FrameSize; i++) page[i] = i < length ? *(byte*)(start + i) : (byte)0xCC;

            var builder = new PageTableBuilder(frames, 0x100000000UL, root);
            builder.Map4K(UserBase, code * FrameAllocator.FrameSize, PageFlags.User);
            builder.Map4K(UserBase + 0x2000, stack * FrameAllocator.FrameSize, PageFlags.User | PageFlags.Writable | PageFlags.NoExecute);
            ulong* level = l4;
            for (int depth = 3; depth >= 1; depth--)   // the tables above the leaves: user too
            {
                int index = (int)(UserBase >> (12 + 9 * depth)) & 511;
                level[index] |= PageFlags.User;
                level = (ulong*)DirectMap.ToVirtual(level[index] & PageFlags.AddressMask);
            }

            DescriptorTables.SetVmmGate(Vector, Symbol(0), 3);
            DescriptorTables.SetVmmGate(ExitVector, Symbol(1), 3);
            ulong best = ulong.MaxValue;
            for (int b = 0; b < Batches; b++)
            {
                ulong t = RunInRing3(UserBase, UserBase + 0x3000, Rounds);
                if (t < best) best = t;
            }
            DescriptorTables.ResetGate(Vector);
            DescriptorTables.ResetGate(ExitVector);

            ulong l3 = l4[slot] & PageFlags.AddressMask;
            ulong l2 = *(ulong*)DirectMap.ToVirtual(l3) & PageFlags.AddressMask;
            ulong l1 = *(ulong*)DirectMap.ToVirtual(l2) & PageFlags.AddressMask;
            l4[slot] = 0;
            Cpu.Cpu.InvalidatePage(UserBase);
            Cpu.Cpu.InvalidatePage(UserBase + 0x2000);
            frames.Free(l1 / FrameAllocator.FrameSize);
            frames.Free(l2 / FrameAllocator.FrameSize);
            frames.Free(l3 / FrameAllocator.FrameSize);
            frames.Free(code);
            frames.Free(stack);

            Log.Info().Text("BENCH syscall.native_round_trip value=").Decimal(best / Rounds).Text(" unit=instructions").End();
            return true;
        }

        private static bool Fail(string why)
        {
            Log.Error().Text("syscall bench failed: ").Text(why).End();
            return false;
        }
    }
}
