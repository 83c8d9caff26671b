using System;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Ringwall.Tests.Boot.Harness;
using Ringwall.Tools.Qemu;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    // Console input (docs/guests.md, "Console input"): bytes typed on COM1 reach the
    // console-owning domain through VIRQ_CONSOLE and CONSOLEIO_read; other domains are
    // refused; input nobody listens for is kept (up to the buffer) or dropped and counted.
    public class ConsoleInputTests
    {
        static void AllPassed(QemuResult r, string domain)
        {
            var console = GuestRun.ConsoleOf(r, domain);
            var failures = console.Where(l => l.StartsWith("RESULT ") && l.Contains(" FAIL")).ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + Vm.Explain(r));
            Assert.True(console.Any(l => Regex.IsMatch(l, @"^RESULT done passed=\d+ failed=0$")), Vm.Explain(r));
        }

        static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2")));

        static uint Fnv1a(byte[] bytes, int count)
        {
            uint h = 2166136261;
            for (int i = 0; i < count; i++)
            {
                h ^= bytes[i];
                h *= 16777619;
            }
            return h;
        }

        // The owner is the second domain (its `console` option overrides the default, the
        // first domain built); the first is refused (A3 counts and bad buffers in the
        // owner). Every byte value class goes through: NUL, control characters, CR/LF,
        // DEL, bytes above 0x7F.
        [Fact]
        public void OwnerReadsExactlyTheTypedBytesAndOthersAreRefused()
        {
            byte[] typed = Encoding.ASCII.GetBytes("hello, ringwall\r\n")
                .Concat(new byte[] { 0x00, 0x01, 0x03, 0x1B, 0x7F, 0x80, 0xC3, 0xFF })
                .Concat(Encoding.ASCII.GetBytes("end")).ToArray();
            var r = GuestRun.BootWithInput("console-input-owner",
                new[] { new SerialInput("[owner] consolein: ready for " + typed.Length + " bytes", typed) },
                (GuestRun.Guest("testguest"), "name=other -- scenarios=consolein role=other"),
                (GuestRun.Guest("testguest"), "name=owner console -- scenarios=consolein role=owner expect=" + typed.Length));
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Assert.Equal(1, r.SerialInputsSent);
            AllPassed(r, "other");
            AllPassed(r, "owner");
            Assert.Contains(GuestRun.ConsoleOf(r, "owner"), l => l == $"consolein: got {typed.Length} bytes: {Hex(typed)}");
            Assert.Contains("console input: COM1 IRQ 4 via the I/O APIC", r.SerialLog);
            Assert.Matches(@"console input: .*for domain 1 \(owner\)", r.SerialLog);
            Assert.Contains($"console input: {typed.Length} bytes received, 0 dropped, 0 unread", r.SerialLog);
            Assert.DoesNotContain("RINGWALL PANIC", r.SerialLog);
        }

        // Input while the owner has not bound VIRQ_CONSOLE: it sleeps on its timer
        // undisturbed (no upcall, no wake), and the VMM keeps the first 1024 bytes (its
        // buffer) and drops and counts the rest; bound afterwards, the guest reads exactly
        // the kept bytes. No `console` option: the first (only) domain owns input.
        [Fact]
        public void InputBeforeBindingIsKeptUpToTheBufferAndTheRestCounted()
        {
            var typed = new byte[1500];
            for (int i = 0; i < typed.Length; i++) typed[i] = (byte)(i * 7 + i / 256);
            const int kept = 1024;
            var r = GuestRun.BootWithInput("console-input-late",
                new[] { new SerialInput("[late] consolein: not listening", typed) },
                (GuestRun.Guest("testguest"), $"name=late -- scenarios=consolein role=late expect={kept} quiet=2000"));
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            AllPassed(r, "late");
            Assert.Contains(GuestRun.ConsoleOf(r, "late"), l => l == $"consolein: late got {kept} bytes fnv={Fnv1a(typed, kept):x8}");
            Assert.Contains($"console input: {typed.Length} bytes received, {typed.Length - kept} dropped, 0 unread", r.SerialLog);
            Assert.Contains("console input: buffer full, input dropped", r.SerialLog);
            Assert.DoesNotContain("RINGWALL PANIC", r.SerialLog);
        }

        // Typing at a VMM whose guests never listen changes nothing: the event and timer
        // scenarios pass, the input waits unread and is reported.
        [Fact]
        public void InputNobodyReadsDisturbsNothing()
        {
            byte[] typed = Encoding.ASCII.GetBytes("typed at nobody\n");
            var r = GuestRun.BootWithInput("console-input-unread",
                new[] { new SerialInput("[tg] testguest: command line", typed) },
                (GuestRun.Guest("testguest"), "name=tg -- scenarios=events,sched"));
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Assert.Equal(1, r.SerialInputsSent);
            AllPassed(r, "tg");
            Assert.Matches(@"console input: \d+ bytes received, 0 dropped, \d+ unread", r.SerialLog);
            Assert.DoesNotContain("RINGWALL PANIC", r.SerialLog);
        }
    }
}
