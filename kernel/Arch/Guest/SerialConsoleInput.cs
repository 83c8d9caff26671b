using Ringwall.Abi;
using Ringwall.Arch.Events;
using Ringwall.Arch.Paging;
using Ringwall.Core;
using Ringwall.Core.Events;
using Ringwall.Core.Guests;
using Ringwall.Core.Physical;
using Ringwall.Drivers.Apic;
using Ringwall.Drivers.Console;
using Ringwall.Drivers.Uart;

namespace Ringwall.Arch.Guest
{
    // Console input: bytes typed on COM1 reach the console-owning domain.
    // The UART's receive interrupt (ISA IRQ 4) is routed through the I/O APIC to
    // Vector on this CPU, so input is noticed whether a guest runs (rw_guest_entry) or
    // every vCPU is blocked and the VMM halts (rw_interrupt_dispatch); nothing polls.
    // Each interrupt drains the UART into the ConsoleInput buffer (kernel/Core: full
    // buffer: dropped and counted) and raises VIRQ_CONSOLE on the owner's vCPU 0 when a
    // byte was stored. Invariants: the handler never waits and reads at most
    // MaxBytesPerInterrupt bytes; every interrupt is acknowledged (EOI); IRQ 4 is
    // edge-triggered, so the handler ends by turning the UART's receive interrupt off
    // and on again, which makes a new edge if bytes arrived meanwhile (none is lost to
    // an edge that came while the line was already high).
    public static unsafe class SerialConsoleInput
    {
        public const uint Vector = 0x24;          // 0x20 + ISA IRQ 4
        private const uint ComIrq = 4;            // COM1; GSI 4 on every PC (no MADT override)
        private const int MaxBytesPerInterrupt = 64;

        public static ConsoleInput Input;
        // CONSOLEIO_read copies through this (as large as the buffer; boot-allocated).
        public static byte[] ReadScratch;
        private static bool s_started;
        private static bool s_warnedDrop;
        public static ulong Interrupts;

        public static bool Started => s_started;

        // Boot, before the domains are built (the arena is not sealed yet).
        public static void Initialize()
        {
            Input = new ConsoleInput(ConsoleInput.DefaultCapacity);
            ReadScratch = new byte[ConsoleInput.DefaultCapacity];
        }

        // A domain's command line says `console`: the first such domain owns input.
        public static void Claim(uint domain)
        {
            if (!Input.Claim(domain))
                Log.Warn().Text("domain ").Decimal(domain).Text(": console input already belongs to domain ")
                    .Decimal(Input.Owner).Text("; its 'console' option is ignored").End();
        }

        // After the domains are built and the local APIC is on: the default owner, and
        // the receive interrupt. Without a UART, local APIC or I/O APIC, input is off
        // (logged) and CONSOLEIO_read simply finds nothing.
        public static void Start(FrameAllocator frames, ulong vmmRoot, uint domains)
        {
            if (domains == 0) return;
            Input.SetDefaultOwner(0);
            if (!Uart16550.Present || !LocalApic.Enabled)
            {
                Log.Warn().Text("console input: off (").Text(Uart16550.Present ? "no local APIC" : "no UART").Text(")").End();
                return;
            }
            byte* mmio = MmioWindow.Map(frames, vmmRoot, IoApic.StandardAddress);
            if (!IoApic.Probe(mmio))
            {
                Log.Warn().Text("console input: off (no I/O APIC at ").Hex(IoApic.StandardAddress).Text(")").End();
                return;
            }
            IoApic.Route(ComIrq, Vector, LocalApic.Id);
            Uart16550.EnableReceiveInterrupt();
            s_started = true;
            Domain owner = Guests.Domains[Input.Owner];
            Log.Info().Text("console input: COM1 IRQ 4 via the I/O APIC, vector ").Hex(Vector).Text(", for domain ")
                .Decimal(Input.Owner).Text(" (").Ascii(owner.Name, 0, owner.NameLength).Text("), buffer ")
                .Decimal((ulong)Input.Capacity).Text(" bytes").End();
        }

        // The UART's interrupt arrived (interrupts are off while this runs).
        public static void Interrupt()
        {
            Interrupts++;
            bool stored = false;
            ulong droppedBefore = Input.Dropped;
            for (int i = 0; i < MaxBytesPerInterrupt; i++)
            {
                if (!Uart16550.TryRead(out byte b)) break;
                stored |= Input.Receive(b);
            }
            LocalApic.Eoi();
            Uart16550.RearmReceiveInterrupt();
            if (Input.Dropped != droppedBefore && !s_warnedDrop)
            {
                s_warnedDrop = true;
                Log.Warn().Text("console input: ").Text(Input.HasOwner ? "buffer full" : "no owner")
                    .Text(", input dropped (counted; reported at the end)").End();
            }
            if (!stored) return;
            Status s = VmmEvents.Channels.RaiseVirq(Input.Owner, Virq.Console, 0, out Upcall upcall);
            if (s == Status.Ok) VmmEvents.Notify(upcall);
        }

        // The domain went away: if it owned the console, input is dropped from now on.
        public static void DomainGone(uint domain) => Input?.Release(domain);

        // The end-of-run summary line.
        public static void Report()
        {
            if (!s_started) return;
            Log.Info().Text("console input: ").Decimal(Input.Received).Text(" bytes received, ")
                .Decimal(Input.Dropped).Text(" dropped, ").Decimal((ulong)Input.Count).Text(" unread").End();
        }
    }
}
