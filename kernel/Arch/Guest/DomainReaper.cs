using Ringwall.Arch.Memory;
using Ringwall.Core;
using Ringwall.Core.Memory;
using Ringwall.Drivers.Console;
using Ringwall.Runtime;

namespace Ringwall.Arch.Guest
{
    // Domains whose memory is being given back, in bounded pieces. A domain that stops
    // (shutdown or destroyed) never runs again and its event ports are closed at once;
    // its memory (frames, page tables, pins, holds: the memory core's DestroyDomain)
    // goes back to the free pool one piece of at most WorkCost.TeardownBudget units at a
    // time: one piece on each return to a guest (Guests.PrepareReturnSlow keeps taking
    // the slow path while a teardown is pending) and pieces back to back, each followed
    // by a window for interrupts, while every vCPU is idle. So no VMM entry does more
    // than one piece, whatever a guest built before it died (issue 9, finding 4).
    // When a domain's teardown ends, its shared-info page goes back too and the line
    // "domain N: F frames returned, T free" is logged (F: its frames and that page).
    // Invariants: a domain is pending from its stop until every frame it owned is free;
    // nothing of it runs meanwhile; the memory core refuses every operation on it
    // (ESRCH), so the order of pieces and other domains' work does not matter.
    public static class DomainReaper
    {
        private static readonly bool[] s_pending = new bool[VmmMemory.MaxDomains];
        private static readonly ulong[] s_sharedInfo = new ulong[VmmMemory.MaxDomains];
        private static readonly uint[] s_frames = new uint[VmmMemory.MaxDomains];
        private static uint s_count;
        public static ulong Pieces;

        public static bool Pending => s_count > 0;

        // The domain has stopped: its memory starts going back (the first piece runs on
        // the return that follows).
        public static void Begin(uint domain)
        {
            if (s_pending[domain]) return;
            DomainMemory d = VmmMemory.Core.Domain(domain);
            s_sharedInfo[domain] = d.SharedInfo;
            s_frames[domain] = d.Owned + (d.SharedInfo != MemoryCoreConstants.NoFrame ? 1u : 0u);
            s_pending[domain] = true;
            s_count++;
        }

        // One bounded piece of the oldest pending teardown.
        public static void Step()
        {
            for (uint domain = 0; domain < (uint)s_pending.Length; domain++)
            {
                if (!s_pending[domain]) continue;
                Pieces++;
                BatchResult r = VmmMemory.Core.DestroyDomain(domain, WorkCost.TeardownBudget);
                if (r.Status != Status.Ok) Panic.Halt("domain teardown refused");
                if (!r.MoreToDo) Finish(domain);
                return;
            }
        }

        // Every pending teardown to its end (no guest runs any more, or at boot).
        public static void FinishAll()
        {
            while (Pending)
            {
                EntryStats.RestartMeasurement();
                Step();
            }
        }

        private static void Finish(uint domain)
        {
            ulong sharedInfo = s_sharedInfo[domain];
            if (sharedInfo != MemoryCoreConstants.NoFrame && VmmMemory.Core.AddFreeFrame(sharedInfo) != Status.Ok)
                Panic.Halt("a dead domain's shared-info page is still in use");
            s_pending[domain] = false;
            s_count--;
            Log.Info().Text("domain ").Decimal(domain).Text(": ").Decimal(s_frames[domain])
                .Text(" frames returned, ").Decimal(VmmMemory.Core.FreeFrames).Text(" free").End();
        }
    }
}
