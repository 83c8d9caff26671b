using System.Runtime;
using Ringwall.Arch.Entry;
using Ringwall.Arch.Interrupts;
using Ringwall.Arch.Paging;
using Ringwall.Drivers.Console;

namespace Ringwall.Arch.Guest
{
    // The `entrystats` option: the longest single VMM entry (figure vmm.longest_entry).
    // Off, it costs nothing: the entry code calls the C# function named by the per-CPU
    // page (PerCpuData.EntryTarget), which is then rw_guest_entry itself. On, that slot
    // names Measured, which reads the time-stamp counter around rw_guest_entry (from
    // its start to the return into the entry code's exit path); under
    // `-icount shift=0,sleep=off` the counter counts instructions exactly, elsewhere it
    // counts cycles. A piece is one measured interval: an entry, or the parts of one
    // that RestartMeasurement cuts it into (a long operation that opens an interrupt
    // window between bounded pieces calls it after each, so each piece counts as its
    // own entry); the halt of the idle loop (Halt) is cut out, and the timer ticks the
    // CPU takes while halted are not counted. Not counted either: the entry stubs,
    // isr_common and the exit path (hypercall.entry_exit_floor in docs/bench.md), and
    // the first entry into each guest at boot.
    // At the end (Lifecycle.AllDomainsStopped) Report prints exactly one line:
    //   vmm: longest entry <N> instructions (<description>) over <M> entries
    // with <description> "hypercall <nr> arg0 0x<rdi>" for a hypercall, else
    // "vector <v>"; other tools parse it, so the format stays.
    public static unsafe class EntryStats
    {
        private const ulong HypercallVector = 0x82;   // only from ring 1: its gate has DPL 1

        private static bool s_enabled;
        private static bool s_measuring;        // inside Measured
        private static ulong s_start;           // time stamp where the current piece began
        private static ulong s_vector, s_number, s_arg0;
        private static ulong s_longest, s_longestVector, s_longestNumber, s_longestArg0;
        private static ulong s_pieces;

        public static bool Enabled => s_enabled;

        // Makes every later guest entry go through Measured.
        public static void Enable(in ImageLayout layout)
        {
            s_enabled = true;
            EntryArea.PerCpu->EntryTarget = layout.GuestEntryMeasured;
        }

        [RuntimeExport("rw_guest_entry_measured")]
        private static void Measured(InterruptFrame* frame)
        {
            // What the entry is, read before rw_guest_entry may put another vCPU's
            // registers in the frame.
            s_vector = frame->Vector;
            s_number = frame->Rax;
            s_arg0 = frame->Rdi;
            s_measuring = true;
            s_start = Cpu.Cpu.ReadTimestamp();
            GuestEntry.Enter(frame);
            EndPiece();
            s_measuring = false;
        }

        // Ends the current piece (recording it) and starts the next one now. Outside a
        // measured entry, or with the option off, it does nothing.
        public static void RestartMeasurement()
        {
            if (!s_measuring) return;
            EndPiece();
            s_start = Cpu.Cpu.ReadTimestamp();
        }

        // The idle loop's halt: the piece so far is recorded, the time halted (and the
        // ticks taken meanwhile) belongs to no piece, and a new piece starts on waking.
        public static void Halt()
        {
            if (s_measuring) EndPiece();
            Cpu.Cpu.WaitForInterrupt();
            if (s_measuring) s_start = Cpu.Cpu.ReadTimestamp();
        }

        private static void EndPiece()
        {
            ulong length = Cpu.Cpu.ReadTimestamp() - s_start;
            s_pieces++;
            if (length <= s_longest) return;
            s_longest = length;
            s_longestVector = s_vector;
            s_longestNumber = s_number;
            s_longestArg0 = s_arg0;
        }

        // The one report line (nothing when the option is off). Called when every domain
        // has stopped; the entry that stopped the last one counts up to here.
        public static void Report()
        {
            if (!s_enabled) return;
            if (s_measuring)
            {
                EndPiece();
                s_measuring = false;
            }
            LogLine line = Log.Info().Text("vmm: longest entry ").Decimal(s_longest).Text(" instructions (");
            if (s_longestVector == HypercallVector)
                line.Text("hypercall ").Decimal(s_longestNumber).Text(" arg0 ").Hex(s_longestArg0);
            else
                line.Text("vector ").Decimal(s_longestVector);
            line.Text(") over ").Decimal(s_pieces).Text(" entries").End();
        }
    }
}
