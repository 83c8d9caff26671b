using System;
using Ringwall.Abi;
using Ringwall.Core;
using Ringwall.Core.Events;
using Xunit;

namespace Ringwall.Tests.Host.Events;

/// <summary>
/// Random operation sequences over three domains (plus an out-of-range id), run against
/// the real core and a plain reference model of port states, virq bindings and shared
/// bits. After every step the statuses, returned ports and upcalls must agree, and so
/// must every port's state and every pending, mask, selector and upcall bit. Guest-side
/// actions (masking, consuming events) are applied to both. Fixed seeds; a failure
/// names the seed and step.
/// </summary>
public class EventModelTests
{
    const uint Domains = 3, Slots = 4, Ports = 66, Vcpus = 2;   // 66 ports: two 64-bit words, ENOSPC reachable
    const int Steps = 4000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RandomOperationsAgreeWithTheReferenceModel(int seed) => new Run(seed).Go(Steps);

    sealed class Model
    {
        public struct P { public PortState S; public uint Rd, Rp, Virq, Vcpu; }
        public readonly P[,] Port = new P[Slots, Ports];
        public readonly DomainEventState[] State = new DomainEventState[Slots];
        public readonly uint[] VcpuCount = new uint[Slots];
        public readonly uint[] Cursor = new uint[Slots];
        public readonly bool[,] Pending = new bool[Slots, Ports], Mask = new bool[Slots, Ports];
        public readonly bool[,,] Sel = new bool[Slots, Vcpus, 64];
        public readonly bool[,] Upcall = new bool[Slots, Vcpus];

        bool Live(uint d) => d < Slots && State[d] == DomainEventState.Live;
        static bool PerVcpu(uint v) => v == 0 || v == 1 || v == 7 || v == 13;

        public Status Create(uint d, uint vcpus)
        {
            if (d >= Slots) return Status.ESRCH;
            if (State[d] == DomainEventState.Live) return Status.EEXIST;
            if (State[d] == DomainEventState.Dying) return Status.EBUSY;
            if (vcpus == 0 || vcpus > Vcpus) return Status.EINVAL;
            for (uint p = 0; p < Ports; p++) Port[d, p] = default;
            Port[d, 0].S = PortState.Reserved;
            State[d] = DomainEventState.Live; VcpuCount[d] = vcpus; Cursor[d] = 0;
            return Status.Ok;
        }

        int Free(uint d)
        {
            for (uint p = 1; p < Ports; p++) if (Port[d, p].S == PortState.Free) return (int)p;
            return -1;
        }

        uint? Target(uint caller, uint dom)
        {
            uint t = dom == DomId.Self ? caller : dom;
            return t < Slots ? t : null;
        }

        public Status Alloc(uint d, uint remote, out uint port)
        {
            port = 0;
            if (!Live(d)) return Status.ESRCH;
            uint? r = Target(d, remote);
            if (r == null) return Status.ESRCH;
            int f = Free(d);
            if (f < 0) return Status.ENOSPC;
            Port[d, f] = new P { S = PortState.Unbound, Rd = r.Value };
            port = (uint)f;
            return Status.Ok;
        }

        public Status Bind(uint d, uint remote, uint rport, out uint port, out (bool, uint, uint) up)
        {
            port = 0; up = default;
            if (!Live(d)) return Status.ESRCH;
            uint? r = Target(d, remote);
            if (r == null || !Live(r.Value)) return Status.ESRCH;
            int f = Free(d);
            if (f < 0) return Status.ENOSPC;
            if (rport >= Ports) return Status.EINVAL;
            if (Port[r.Value, rport].S != PortState.Unbound || Port[r.Value, rport].Rd != d) return Status.EINVAL;
            Port[d, f] = new P { S = PortState.Interdomain, Rd = r.Value, Rp = rport };
            Port[r.Value, rport] = new P { S = PortState.Interdomain, Rd = d, Rp = (uint)f };
            port = (uint)f;
            up = SetPending(d, 0, port);
            return Status.Ok;
        }

        public Status BindVirq(uint d, uint virq, uint vcpu, out uint port)
        {
            port = 0;
            if (!Live(d)) return Status.ESRCH;
            if (virq >= 24) return Status.EINVAL;
            if (!PerVcpu(virq) && vcpu != 0) return Status.EINVAL;
            if (vcpu >= VcpuCount[d]) return Status.ENOENT;
            for (uint p = 0; p < Ports; p++)
                if (Port[d, p].S == PortState.Virq && Port[d, p].Virq == virq && Port[d, p].Vcpu == vcpu) return Status.EEXIST;
            int f = Free(d);
            if (f < 0) return Status.ENOSPC;
            Port[d, f] = new P { S = PortState.Virq, Virq = virq, Vcpu = vcpu };
            port = (uint)f;
            return Status.Ok;
        }

        public Status Send(uint d, uint port, out (bool, uint, uint) up)
        {
            up = default;
            if (!Live(d)) return Status.ESRCH;
            if (port >= Ports) return Status.EINVAL;
            P e = Port[d, port];
            if (e.S == PortState.Unbound) return Status.Ok;
            if (e.S != PortState.Interdomain) return Status.EINVAL;
            if (Live(e.Rd)) up = SetPending(e.Rd, 0, e.Rp);
            return Status.Ok;
        }

        public Status Raise(uint d, uint virq, uint vcpu, out (bool, uint, uint) up)
        {
            up = default;
            if (!Live(d)) return Status.ESRCH;
            if (virq >= 24) return Status.EINVAL;
            if (vcpu >= VcpuCount[d]) return Status.ENOENT;
            if (!PerVcpu(virq)) vcpu = 0;
            for (uint p = 0; p < Ports; p++)
                if (Port[d, p].S == PortState.Virq && Port[d, p].Virq == virq && Port[d, p].Vcpu == vcpu)
                    up = SetPending(d, vcpu, p);
            return Status.Ok;
        }

        public Status Unmask(uint d, uint port, out (bool, uint, uint) up)
        {
            up = default;
            if (!Live(d)) return Status.ESRCH;
            if (port >= Ports) return Status.EINVAL;
            uint v = Port[d, port].S == PortState.Virq ? Port[d, port].Vcpu : 0;
            bool was = Mask[d, port];
            Mask[d, port] = false;
            if (was && Pending[d, port] && !Sel[d, v, port / 64])
            {
                Sel[d, v, port / 64] = true;
                up = Mark(d, v);
            }
            return Status.Ok;
        }

        public Status Close(uint d, uint port)
        {
            if (!Live(d)) return Status.ESRCH;
            if (port >= Ports) return Status.EINVAL;
            if (Port[d, port].S == PortState.Free || Port[d, port].S == PortState.Reserved) return Status.EINVAL;
            Release(d, port);
            Pending[d, port] = false;
            return Status.Ok;
        }

        void Release(uint d, uint port)
        {
            P e = Port[d, port];
            if (e.S == PortState.Interdomain) Port[e.Rd, e.Rp] = new P { S = PortState.Unbound, Rd = d };
            Port[d, port] = default;
        }

        public Status CloseAll(uint d, uint budget, out bool more)
        {
            more = false;
            if (d >= Slots || State[d] == DomainEventState.None) return Status.ESRCH;
            if (State[d] == DomainEventState.Live) { State[d] = DomainEventState.Dying; Cursor[d] = 0; }
            if (budget == 0) budget = 1;
            while (Cursor[d] < Ports && budget > 0)
            {
                if (Port[d, Cursor[d]].S == PortState.Reserved) Port[d, Cursor[d]] = default;
                else if (Port[d, Cursor[d]].S != PortState.Free) Release(d, Cursor[d]);
                Cursor[d]++; budget--;
            }
            if (Cursor[d] < Ports) { more = true; return Status.Ok; }
            State[d] = DomainEventState.None; VcpuCount[d] = 0; Cursor[d] = 0;
            return Status.Ok;
        }

        (bool, uint, uint) SetPending(uint d, uint v, uint port)
        {
            if (Pending[d, port]) return default;
            Pending[d, port] = true;
            if (Mask[d, port] || Sel[d, v, port / 64]) return default;
            Sel[d, v, port / 64] = true;
            return Mark(d, v);
        }

        (bool, uint, uint) Mark(uint d, uint v)
        {
            if (Upcall[d, v]) return default;
            Upcall[d, v] = true;
            return (true, d, v);
        }
    }

    sealed class Run
    {
        readonly int seed;
        readonly Random rng;
        readonly EventWorld w;
        readonly Model m = new();
        int step;
        string op = "";
        // Coverage: the sequence must reach the interesting paths, or the test proves little.
        int binds, upcalls, droppedOnUnbound, enospc, teardowns, eexist;

        public Run(int seed)
        {
            this.seed = seed;
            rng = new Random(seed);
            w = new EventWorld(domains: 0, ports: Ports, maxDomains: Slots, maxVcpus: Vcpus);
            for (uint d = 0; d < Domains; d++)
            {
                Assert.Equal(m.Create(d, Vcpus), w.Core.CreateDomain(d, Vcpus));
            }
        }

        string Where => $"seed {seed}, step {step}: {op}";

        void Same<T>(T expected, T actual, string what)
        {
            if (!Equals(expected, actual))
                Assert.Fail($"{Where}: {what}: model {expected}, core {actual}");
        }

        static (bool, uint, uint) U(Upcall u) => u.Raised ? (true, u.Domain, u.Vcpu) : default;

        uint Dom()
        {
            int r = rng.Next(20);
            if (r < 17) return (uint)(r % 3);
            return r == 17 ? 3u : r == 18 ? DomId.Self : 0xFFFF_FFFFu;
        }

        uint PortNo()
        {
            int r = rng.Next(20);
            if (r < 12) return (uint)rng.Next(8);
            if (r < 18) return (uint)rng.Next((int)Ports + 2);
            return r == 18 ? 0x8000_0000u : 0xFFFF_FFFFu;
        }

        public void Go(int steps)
        {
            for (step = 0; step < steps; step++)
            {
                uint d = (uint)rng.Next(3);
                if (rng.Next(30) == 0) d = Dom();
                int kind = rng.Next(100);
                if (kind >= 97)
                    kind = rng.Next(4) == 0 ? 97 : 99;     // teardowns start rarely...
                for (uint k = 0; k < Domains; k++)
                    if (m.State[k] != DomainEventState.Live && rng.Next(5) == 0) { d = k; kind = 98; }   // ...and finish soon
                Status ms, cs;
                uint mp, cp;
                (bool, uint, uint) mu;
                Upcall cu;
                if (kind < 18)
                {
                    int burst = rng.Next(25) == 0 ? (int)Ports : 1;   // sometimes fill the table
                    for (int b = 0; b < burst; b++)
                    {
                        uint r = Dom();
                        op = $"AllocUnbound({d}, {r})";
                        ms = m.Alloc(d, r, out mp); cs = w.Core.AllocUnbound(d, r, out cp);
                        Same(ms, cs, "status"); Same(mp, cp, "port");
                        if (cs == Status.ENOSPC) enospc++;
                    }
                }
                else if (kind < 30)
                {
                    uint r = Dom(), rp = PortNo();
                    if (rng.Next(10) < 7 && r < Slots) rp = OfferedPort(r, d);
                    op = $"BindInterdomain({d}, {r}, {rp})";
                    ms = m.Bind(d, r, rp, out mp, out mu); cs = w.Core.BindInterdomain(d, r, rp, out cp, out cu);
                    Same(ms, cs, "status"); Same(mp, cp, "port"); Same(mu, U(cu), "upcall");
                    if (cs == Status.Ok) binds++;
                    if (cs == Status.ENOSPC) enospc++;
                    if (cu.Raised) upcalls++;
                }
                else if (kind < 35)
                {
                    uint virq = rng.Next(2) == 0 ? (uint)rng.Next(3) : (uint)rng.Next(26), vcpu = (uint)rng.Next(4);
                    op = $"BindVirq({d}, {virq}, {vcpu})";
                    ms = m.BindVirq(d, virq, vcpu, out mp); cs = w.Core.BindVirq(d, virq, vcpu, out cp);
                    Same(ms, cs, "status"); Same(mp, cp, "port");
                    if (cs == Status.EEXIST) eexist++;
                    if (cs == Status.ENOSPC) enospc++;
                }
                else if (kind < 54)
                {
                    uint p = rng.Next(10) < 6 && d < Slots ? BoundPort(d) : PortNo();
                    op = $"Send({d}, {p})";
                    ms = m.Send(d, p, out mu); cs = w.Core.Send(d, p, out cu);
                    Same(ms, cs, "status"); Same(mu, U(cu), "upcall");
                    if (cu.Raised) upcalls++;
                    if (cs == Status.Ok && d < Slots && m.Port[d, p].S == PortState.Unbound) droppedOnUnbound++;
                }
                else if (kind < 62)
                {
                    uint virq = (uint)rng.Next(4) == 0 ? (uint)rng.Next(26) : 0u, vcpu = (uint)rng.Next(3);
                    op = $"RaiseVirq({d}, {virq}, {vcpu})";
                    ms = m.Raise(d, virq, vcpu, out mu); cs = w.Core.RaiseVirq(d, virq, vcpu, out cu);
                    Same(ms, cs, "status"); Same(mu, U(cu), "upcall");
                    if (cu.Raised) upcalls++;
                }
                else if (kind < 72)
                {
                    uint p = PortNo();
                    op = $"Close({d}, {p})";
                    Same(m.Close(d, p), w.Core.Close(d, p), "status");
                }
                else if (kind < 78)
                {
                    uint p = PortNo();
                    op = $"Unmask({d}, {p})";
                    ms = m.Unmask(d, p, out mu); cs = w.Core.Unmask(d, p, out cu);
                    Same(ms, cs, "status"); Same(mu, U(cu), "upcall");
                    if (cu.Raised) upcalls++;
                }
                else if (kind < 81)
                {
                    uint p = PortNo();
                    op = $"GetStatus({d}, {p})";
                    cs = w.Core.GetStatus(d, p, out PortInfo _);
                    Same(d < Slots && m.State[d] == DomainEventState.Live ? (p < Ports ? Status.Ok : Status.EINVAL) : Status.ESRCH, cs, "status");
                }
                else if (kind < 97)
                {
                    GuestAction();
                }
                else if (kind < 98 || (kind == 98 && m.State[d < Slots ? d : 0] == DomainEventState.Dying))
                {
                    uint budget = (uint)rng.Next(40);
                    op = $"CloseAll({d}, {budget})";
                    Same(m.CloseAll(d, budget, out bool mm), w.Core.CloseAll(d, budget, out bool cm), "status");
                    Same(mm, cm, "moreToDo");
                    if (!cm && w.Core.DomainState(d) == DomainEventState.None) teardowns++;
                }
                else
                {
                    uint v = rng.Next(8) == 0 ? (uint)rng.Next(5) : 1u + (uint)rng.Next(2);
                    op = $"CreateDomain({d}, {v})";
                    Same(m.Create(d, v), w.Core.CreateDomain(d, v), "status");
                }
                Compare();
            }
            Assert.True(binds > 20 && upcalls > 20 && droppedOnUnbound > 5 && enospc > 0 && teardowns > 0 && eexist > 0,
                $"seed {seed}: weak coverage: binds {binds}, upcalls {upcalls}, dropped {droppedOnUnbound}, ENOSPC {enospc}, teardowns {teardowns}, EEXIST {eexist}");
        }

        /// <summary>An Interdomain or Unbound port of <paramref name="d"/> (else a random one).</summary>
        uint BoundPort(uint d)
        {
            int start = rng.Next((int)Ports);
            for (int i = 0; i < Ports; i++)
            {
                uint p = (uint)((start + i) % Ports);
                if (m.Port[d, p].S == PortState.Interdomain || (m.Port[d, p].S == PortState.Unbound && rng.Next(3) == 0)) return p;
            }
            return (uint)rng.Next((int)Ports);
        }

        /// <summary>A port of <paramref name="r"/> left Unbound for <paramref name="d"/> (else a random one).</summary>
        uint OfferedPort(uint r, uint d)
        {
            int start = rng.Next((int)Ports);
            for (int i = 0; i < Ports; i++)
            {
                uint p = (uint)((start + i) % Ports);
                if (m.Port[r, p].S == PortState.Unbound && (m.Port[r, p].Rd == d || rng.Next(4) == 0)) return p;
            }
            return (uint)rng.Next((int)Ports);
        }

        /// <summary>The guest of a domain plays with its own bits, as a real kernel (or a hostile one) would.</summary>
        void GuestAction()
        {
            uint d = (uint)rng.Next(3), p = (uint)rng.Next((int)Ports), v = (uint)rng.Next((int)Vcpus);
            switch (rng.Next(5))
            {
                case 0:
                    op = $"guest {d} masks {p}";
                    w.Pages.GuestSetMask(d, p, true); m.Mask[d, p] = true; break;
                case 1:
                    op = $"guest {d} clears mask {p}";
                    w.Pages.GuestSetMask(d, p, false); m.Mask[d, p] = false; break;
                case 2:
                    op = $"guest {d} clears pending {p}";
                    w.Pages.GuestClearPending(d, p); m.Pending[d, p] = false; break;
                case 3:
                    op = $"guest {d} vcpu {v} handles its upcall (clears upcall, selector, pending)";
                    w.Pages.GuestClearUpcall(d, v); m.Upcall[d, v] = false;
                    w.Pages.GuestClearSelector(d, v);
                    for (int i = 0; i < 64; i++) m.Sel[d, v, i] = false;
                    for (uint q = 0; q < Ports; q++)
                        if (rng.Next(4) != 0) { w.Pages.GuestClearPending(d, q); m.Pending[d, q] = false; }
                    break;
                default:
                    op = $"guest {d} vcpu {v} clears upcall only";
                    w.Pages.GuestClearUpcall(d, v); m.Upcall[d, v] = false; break;
            }
        }

        void Compare()
        {
            for (uint d = 0; d < Slots; d++)
            {
                Same(m.State[d], w.Core.DomainState(d), $"state of domain {d}");
                bool live = m.State[d] == DomainEventState.Live;
                for (uint p = 0; p < Ports; p++)
                {
                    Same(m.Pending[d, p], w.Pages.IsPending(d, p), $"pending {d}:{p}");
                    Same(m.Mask[d, p], w.Pages.IsMasked(d, p), $"mask {d}:{p}");
                    if (!live) continue;
                    Assert.Equal(Status.Ok, w.Core.GetStatus(d, p, out PortInfo i));
                    Model.P e = m.Port[d, p];
                    PortState expect = e.S == PortState.Reserved ? PortState.Free : e.S;
                    Same(expect, i.State, $"port {d}:{p}");
                    if (e.S == PortState.Unbound || e.S == PortState.Interdomain) Same(e.Rd, i.RemoteDomain, $"remote domain {d}:{p}");
                    if (e.S == PortState.Interdomain) Same(e.Rp, i.RemotePort, $"remote port {d}:{p}");
                    if (e.S == PortState.Virq) Same((e.Virq, e.Vcpu), (i.Virq, i.Vcpu), $"virq {d}:{p}");
                }
                for (uint v = 0; v < Vcpus; v++)
                {
                    Same(m.Upcall[d, v], w.Pages.Upcall(d, v), $"upcall {d}/{v}");
                    for (uint word = 0; word < 64; word++)
                        Same(m.Sel[d, v, word], w.Pages.SelectorBit(d, v, word), $"selector {d}/{v}/{word}");
                }
            }
            // Symmetry of interdomain ports (invariant 3), checked on the model's mirror of the core.
            for (uint d = 0; d < Slots; d++)
                for (uint p = 0; p < Ports; p++)
                    if (m.Port[d, p].S == PortState.Interdomain)
                    {
                        Model.P peer = m.Port[m.Port[d, p].Rd, m.Port[d, p].Rp];
                        if (peer.S != PortState.Interdomain || peer.Rd != d || peer.Rp != p)
                            Assert.Fail($"{Where}: asymmetric channel at {d}:{p}");
                    }
        }
    }
}
