using Ringwall.Arch.Memory;
using Ringwall.Core;

using Ringwall.Core.Guests;
using Ringwall.Drivers.Console;
using Ringwall.Runtime;

namespace Ringwall.Arch.Guest
{
    // How domains end, and how the machine ends when they all have.
    // A guest that asks to stop (sched_op shutdown) is Shutdown with its reason and exit
    // code; one the VMM stops (a fault it cannot take, a broken frame) is Destroyed with
    // a logged reason. Either way its vCPUs never run again, its event ports close at
    // once, and all its memory returns to the free pool in bounded pieces
    // (DomainReaper). When no vCPU is left the VMM finishes every pending teardown,
    // reports every domain and ends the machine: under QEMU the debug-exit value
    // is ExitStatus.GuestExitBase + the first domain's exit code (0..63), or
    // GuestCrashed when that domain was destroyed or crashed.
    public static class Lifecycle
    {
        public static void Shutdown(uint domain, ShutdownReason reason, int code)
        {
            Domain d = Guests.Domains[domain];
            d.State = RunState.Shutdown;
            d.Reason = reason;
            d.ExitCode = code;
            Release(domain);
        }

        public static void Destroy(uint domain, string because, ulong detail)
        {
            Domain d = Guests.Domains[domain];
            d.State = RunState.Destroyed;
            d.DestroyedBecause = because;
            d.DestroyDetail = detail;
            Log.Warn().Text("domain ").Decimal(domain).Text(" (").Ascii(d.Name, 0, d.NameLength).Text(") destroyed: ")
                .Text(because).Text(" (").Hex(detail).Text(")").End();
            Release(domain);
        }

        private static void Release(uint domain)
        {
            Guests.StopDomain(domain);
            GuestConsole.Flush(domain);
            SerialConsoleInput.DomainGone(domain);
            // Its ports close first: the peers' ends go back to unbound.
            if (Ringwall.Arch.Events.VmmEvents.Channels.CloseAll(domain, uint.MaxValue, out bool more) != Status.Ok || more)
                Panic.Halt("event-channel teardown did not finish");
            DomainReaper.Begin(domain);
        }

        // Every frame of a domain the builder abandons back to the free pool (boot time:
        // no guest runs yet, so the pieces run back to back).
        public static void TearDownMemory(uint domain)
        {
            DomainReaper.Begin(domain);
            DomainReaper.FinishAll();
        }

        public static void AllDomainsStopped()
        {
            DomainReaper.FinishAll();
            Log.Info().Text("all domains have stopped").End();
            EntryStats.Report();
            SerialConsoleInput.Report();
            if (Ringwall.Drivers.Uart.Uart16550.Dropped > 0)
                Log.Warn().Text("console output: ").Decimal(Ringwall.Drivers.Uart.Uart16550.Dropped)
                    .Text(" bytes dropped while the UART's transmitter was stuck").End();
            for (uint i = 0; i < Guests.DomainCount; i++)
            {
                Domain d = Guests.Domains[i];
                LogLine line = Log.Info().Text("domain ").Decimal(i).Text(" (").Ascii(d.Name, 0, d.NameLength).Text("): ");
                if (d.State == RunState.Shutdown)
                    line.Text("shutdown reason=").Text(ReasonName(d.Reason)).Text(" code=").Signed(d.ExitCode).End();
                else if (d.State == RunState.Destroyed)
                    line.Text("destroyed: ").Text(d.DestroyedBecause).End();
                else
                    line.Text("not started").End();
            }
            Machine.Exit(ExitValue());
        }

        private static ExitStatus ExitValue()
        {
            if (Guests.DomainCount == 0) return ExitStatus.Success;
            Domain first = Guests.Domains[0];
            if (first.State != RunState.Shutdown || first.Reason == ShutdownReason.Crash) return ExitStatus.GuestCrashed;
            return (ExitStatus)((int)ExitStatus.GuestExitBase + (first.ExitCode & 0x3F));
        }

        public static string ReasonName(ShutdownReason reason)
        {
            switch (reason)
            {
                case ShutdownReason.Poweroff: return "poweroff";
                case ShutdownReason.Reboot: return "reboot";
                case ShutdownReason.Suspend: return "suspend";
                case ShutdownReason.Crash: return "crash";
                case ShutdownReason.Watchdog: return "watchdog";
                case ShutdownReason.SoftReset: return "soft_reset";
                default: return "unknown";
            }
        }
    }
}
