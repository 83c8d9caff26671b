using System.Runtime;
using Ringwall.Runtime;

namespace Ringwall.Arch.Startup
{
    public static unsafe class KernelMain
    {
        [RuntimeExport("rw_kernel_main")]
        public static void Main(uint protocol, ulong bootInfo)
        {
            RawSerial.Write("Ringwall 0.1.0\n");
            Machine.Exit(ExitStatus.Success);
        }
    }
}
