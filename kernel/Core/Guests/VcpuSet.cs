using Ringwall.Abi;

namespace Ringwall.Core.Guests
{
    // The online state of one domain's vCPUs (vcpu_op): which have a state to run from
    // (initialised) and which may run (up). vCPU 0 is initialised and up when the domain
    // is built; the others start neither.
    // Invariants: up implies initialised; a vCPU is initialised at most once (its state
    // comes from the builder or from one VCPUOP_initialise); while the domain runs, at
    // least one vCPU is up (the last one cannot be taken down); ids at or past Count are
    // refused with ENOENT before anything else is looked at.
    public sealed class VcpuSet
    {
        public const uint MaxVcpus = 4;
        private readonly bool[] initialised = new bool[MaxVcpus];
        private readonly bool[] up = new bool[MaxVcpus];

        public uint Count { get; private set; }

        // A new domain with `count` vCPUs (1..MaxVcpus): vCPU 0 initialised and up.
        public Status Reset(uint count)
        {
            if (count == 0 || count > MaxVcpus) return Status.EINVAL;
            Count = count;
            for (int i = 0; i < MaxVcpus; i++)
            {
                initialised[i] = i == 0;
                up[i] = i == 0;
            }
            return Status.Ok;
        }

        public bool Exists(ulong vcpu) => vcpu < Count;

        public bool IsUp(uint vcpu) => vcpu < Count && up[vcpu];

        public bool IsInitialised(uint vcpu) => vcpu < Count && initialised[vcpu];

        // VCPUOP_initialise's checks, before the block is read: the vCPU exists and has
        // no state yet.
        public Status CanInitialise(ulong vcpu)
        {
            if (!Exists(vcpu)) return Status.ENOENT;
            return initialised[vcpu] ? Status.EEXIST : Status.Ok;
        }

        // The block's own checks: flags 0, entry point and stack canonical and outside
        // the VMM's reserved range.
        public static Status CheckStart(ulong rip, ulong rsp, ulong flags)
        {
            if (flags != 0) return Status.EINVAL;
            if (!Bits.IsCanonical(rip) || TrapTable.InReservedRange(rip)) return Status.EINVAL;
            if (!Bits.IsCanonical(rsp) || TrapTable.InReservedRange(rsp)) return Status.EINVAL;
            return Status.Ok;
        }

        public void MarkInitialised(uint vcpu) => initialised[vcpu] = true;

        // VCPUOP_up: true when the vCPU was down and is now up (the caller makes it
        // runnable); already up is not an error.
        public Status Up(ulong vcpu, out bool changed)
        {
            changed = false;
            if (!Exists(vcpu)) return Status.ENOENT;
            if (!initialised[vcpu]) return Status.EINVAL;
            changed = !up[vcpu];
            up[vcpu] = true;
            return Status.Ok;
        }

        // VCPUOP_down: refused for the last vCPU that is up; already down is not an error.
        public Status Down(ulong vcpu, out bool changed)
        {
            changed = false;
            if (!Exists(vcpu)) return Status.ENOENT;
            if (!up[vcpu]) return Status.Ok;
            uint upCount = 0;
            for (uint i = 0; i < Count; i++)
                if (up[i]) upCount++;
            if (upCount == 1) return Status.EBUSY;
            up[vcpu] = false;
            changed = true;
            return Status.Ok;
        }
    }
}
