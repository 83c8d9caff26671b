using System.Runtime;

namespace Ringwall.Runtime
{
    // The last resort for a broken invariant: print a message and stop the machine.
    // The kernel installs a handler that adds registers and a backtrace; before it does
    // (or if the handler itself panics), the runtime prints through the raw COM1 port
    // and exits with ExitStatus.Panic. The message is a string literal or, from
    // assembly, a NUL-terminated ASCII string.
    public static unsafe class Panic
    {
        private static delegate*<string, byte*, void> s_handler;
        private static bool s_inPanic;

        public static void SetHandler(delegate*<string, byte*, void> handler) => s_handler = handler;

        public static void Halt(string message) => Stop(message, null);

        [RuntimeExport("rw_runtime_panic_helper")]
        public static void HaltAscii(byte* message) => Stop(null, message);

        private static void Stop(string message, byte* ascii)
        {
            if (!s_inPanic && s_handler != null)
            {
                s_inPanic = true;
                s_handler(message, ascii);
            }
            RawSerial.Write("*** RINGWALL PANIC: ");
            RawSerial.Write(message);
            RawSerial.WriteAscii(ascii);
            RawSerial.Write("\n*** END PANIC\n");
            Machine.Exit(ExitStatus.Panic);
        }
    }
}
