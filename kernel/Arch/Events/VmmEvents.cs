using Ringwall.Arch.Guest;
using Ringwall.Arch.Memory;
using Ringwall.Core.Events;
using Ringwall.Runtime;

namespace Ringwall.Arch.Events
{
    // The event channels of the running VMM (kernel/Core/Events) over the domains'
    // shared-info pages, and what an upcall notification means here: the notified
    // vCPU wakes if it was blocked, and the return path delivers the upcall.
    public static class VmmEvents
    {
        public static EventChannels<SharedInfoEvents> Channels;

        public static void Initialize()
        {
            Channels = new EventChannels<SharedInfoEvents>(default, VmmMemory.MaxDomains,
                EventLimits.DefaultPortsPerDomain, VmmMemory.MaxVcpusPerDomain);
        }

        // After an operation that may have set a port pending: the vCPU it raised wakes,
        // and so does any vCPU polling a port that is now pending (masked ports raise no
        // upcall).
        public static void Notify(in Upcall upcall)
        {
            if (upcall.Raised) Guests.Wake(upcall.Domain, upcall.Vcpu);
            GuestPolls.WakeIfPending();
        }
    }
}
