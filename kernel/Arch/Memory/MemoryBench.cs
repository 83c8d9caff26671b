using Ringwall.Arch.Paging;
using Ringwall.Core;
using Ringwall.Core.Memory;
using Ringwall.Drivers.Console;
using Ringwall.Runtime;

namespace Ringwall.Arch.Memory
{
    // The boot-time measurement behind mmu.pte_update_in_batch_512: one mmu_update
    // batch of 512 validated L1 entry writes by a scratch domain (in pieces of one
    // entry's work budget, as the hypercall continues them; requests read through
    // IGuestMemory from a VMM array standing in for guest memory), against the plain
    // stores of the same 512 entries it replaces. Under -icount shift=0,sleep=off the
    // time stamp counter counts instructions.
    public static unsafe class MemoryBench
    {
        private const uint Domain = VmmMemory.MaxDomains - 1;   // destroyed whole before the boot domains are built
        private const int Entries = 512;
        private const ulong RequestBase = 0x10000;

        public static bool Run()
        {
            var core = VmmMemory.Core;
            if (core.CreateDomain(Domain, Entries + 8, 1) != Status.Ok) return Fail("CreateDomain");
            if (core.AllocateFrame(Domain, out ulong l1) != Status.Ok) return Fail("AllocateFrame");
            var requests = new ulong[Entries * 2];
            for (int i = 0; i < Entries; i++)
            {
                if (core.AllocateFrame(Domain, out ulong data) != Status.Ok) return Fail("AllocateFrame");
                requests[i * 2] = (l1 << 12) + (ulong)i * 8;          // MMU_NORMAL_PT_UPDATE
                requests[i * 2 + 1] = (data << 12) | 0x63;            // present, writable, accessed, dirty
            }
            var guest = new ArrayGuestMemory(requests, RequestBase);
            var pin = new MmuExtOpRequest();
            pin.Command = 0;                                           // MMUEXT_PIN_L1_TABLE
            pin.Arg1 = l1;
            if (core.ApplyMmuExtOp(ref guest, Domain, 0, pin) != Status.Ok) return Fail("PIN_L1_TABLE");

            // The batch as the dispatcher runs it: pieces of one entry's budget, continued.
            ulong start = Cpu.Cpu.ReadTimestamp();
            uint done = 0;
            BatchResult result;
            do
            {
                result = core.MmuUpdate(ref guest, Domain, RequestBase + (ulong)done * 16, Entries - done, MemoryAbi.DomIdSelf,
                    WorkCost.EntryBudget);
                done += result.Done;
            } while (result.Status == Status.Ok && result.MoreToDo);
            ulong validated = Cpu.Cpu.ReadTimestamp() - start;
            if (result.Status != Status.Ok || done != Entries) return Fail("mmu_update batch");

            ulong* plain = (ulong*)Arena.Allocate(Entries * 8);
            start = Cpu.Cpu.ReadTimestamp();
            for (int i = 0; i < Entries; i++) plain[i] = requests[i * 2 + 1];
            ulong stores = Cpu.Cpu.ReadTimestamp() - start;

            for (int i = 0; i < Entries; i++)
                if (*(ulong*)DirectMap.ToVirtual((l1 << 12) + (ulong)i * 8) != requests[i * 2 + 1]) return Fail("entry not written");
            BatchResult destroyed = core.DestroyDomain(Domain, 1u << 20);
            if (destroyed.Status != Status.Ok || destroyed.MoreToDo) return Fail("DestroyDomain");

            Log.Info().Text("BENCH mmu.pte_update_in_batch_512 value=").Decimal(validated / Entries)
                .Text(" unit=instructions baseline=").Decimal(stores / Entries)
                .Text(" baseline_of=\"plain 64-bit store of the same entry (loop)\"").End();
            return true;
        }

        private static bool Fail(string step)
        {
            Log.Error().Text("memory bench failed at ").Text(step).End();
            return false;
        }
    }

    // Hypercall arguments read from a VMM array standing in for guest memory.
    public struct ArrayGuestMemory : IGuestMemory
    {
        private readonly ulong[] _words;
        private readonly ulong _base;

        public ArrayGuestMemory(ulong[] words, ulong baseAddress)
        {
            _words = words;
            _base = baseAddress;
        }

        public bool TryRead64(ulong address, out ulong value)
        {
            value = 0;
            if (address < _base || (address & 7) != 0) return false;
            ulong index = (address - _base) / 8;
            if (index >= (ulong)_words.Length) return false;
            value = _words[index];
            return true;
        }

        public bool TryReadWords(ulong address, ulong[] into, int count)
        {
            if (address < _base || (address & 7) != 0 || count > into.Length) return false;
            ulong index = (address - _base) / 8;
            if (index + (ulong)count > (ulong)_words.Length) return false;
            for (int i = 0; i < count; i++) into[i] = _words[index + (ulong)i];
            return true;
        }

        public bool TryRead32(ulong address, out uint value)
        {
            bool ok = TryRead64(address & ~7UL, out ulong word);
            value = (address & 4) != 0 ? (uint)(word >> 32) : (uint)word;
            return ok && (address & 3) == 0;
        }

        // The bench's requests are read-only.
        public bool TryWrite64(ulong address, ulong value) => false;
        public bool TryWrite32(ulong address, uint value) => false;
    }
}
