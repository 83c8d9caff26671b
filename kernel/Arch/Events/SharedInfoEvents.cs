using Ringwall.Abi;
using Ringwall.Arch.Memory;
using Ringwall.Arch.Paging;
using Ringwall.Core.Events;

namespace Ringwall.Arch.Events
{
    // The event bits of a domain's shared-info page (struct shared_info): the pending
    // and mask bitmaps of its ports, and per vCPU the selector word and the upcall
    // flag in vcpu_info. One CPU today: the guest cannot run while the VMM changes
    // them; with SMP these must become locked read-modify-write instructions, because
    // the guest writes the same words.
    public unsafe struct SharedInfoEvents : IEventSharedMemory
    {
        private static byte* Page(uint domain) => DirectMap.ToVirtual(VmmMemory.Core.Domain(domain).SharedInfo << 12);

        private static ulong* Word(uint domain, int offset, uint port) => (ulong*)(Page(domain) + offset) + port / 64;

        private static bool TestAndSet(ulong* word, uint bit)
        {
            ulong mask = 1UL << (int)(bit % 64);
            bool was = (*word & mask) != 0;
            *word |= mask;
            return was;
        }

        public bool TestAndSetPending(uint domain, uint port) => TestAndSet(Word(domain, SharedInfo.EvtchnPendingOffset, port), port);

        public void ClearPending(uint domain, uint port) => *Word(domain, SharedInfo.EvtchnPendingOffset, port) &= ~(1UL << (int)(port % 64));

        public bool IsPending(uint domain, uint port) => (*Word(domain, SharedInfo.EvtchnPendingOffset, port) & (1UL << (int)(port % 64))) != 0;

        public bool IsMasked(uint domain, uint port) => (*Word(domain, SharedInfo.EvtchnMaskOffset, port) & (1UL << (int)(port % 64))) != 0;

        public bool TestAndClearMask(uint domain, uint port)
        {
            ulong* word = Word(domain, SharedInfo.EvtchnMaskOffset, port);
            ulong mask = 1UL << (int)(port % 64);
            bool was = (*word & mask) != 0;
            *word &= ~mask;
            return was;
        }

        public bool TestAndSetSelector(uint domain, uint vcpu, uint word)
            => TestAndSet((ulong*)(Page(domain) + vcpu * VcpuInfo.Size + VcpuInfo.EvtchnPendingSelOffset), word);

        public bool TestAndSetUpcallPending(uint domain, uint vcpu)
        {
            byte* flag = Page(domain) + vcpu * VcpuInfo.Size + VcpuInfo.EvtchnUpcallPendingOffset;
            bool was = *flag != 0;
            *flag = 1;
            return was;
        }
    }
}
