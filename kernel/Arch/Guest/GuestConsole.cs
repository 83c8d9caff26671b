using Ringwall.Core.Guests;
using Con = Ringwall.Drivers.Console.Console;

namespace Ringwall.Arch.Guest
{
    // Guest console output on COM1, one line at a time, each prefixed with the
    // domain's name in brackets: "[hello] text". Not subject to the VMM's log level.
    public static class GuestConsole
    {
        // Adds a byte to the domain's line; returns how many bytes went to the UART (0
        // while the line is only buffered).
        public static ulong Write(uint domain, byte b)
        {
            Domain d = Guests.Domains[domain];
            return d.Console.Add(b) ? Emit(d) : 0;
        }

        public static void Flush(uint domain)
        {
            Domain d = Guests.Domains[domain];
            if (d.Console.Length > 0) Emit(d);
        }

        private static ulong Emit(Domain d)
        {
            ulong bytes = (ulong)(d.NameLength + d.Console.Length) + 4;   // "[", "] ", "\n"
            Con.Write('[');
            Con.WriteAscii(d.Name, 0, d.NameLength);
            Con.Write("] ");
            Con.WriteAscii(d.Console.Bytes, 0, d.Console.Length);
            Con.Write('\n');
            d.Console.Clear();
            return bytes;
        }
    }
}
