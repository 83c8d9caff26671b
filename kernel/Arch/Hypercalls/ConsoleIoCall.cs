using Ringwall.Abi;
using Ringwall.Arch.Guest;

namespace Ringwall.Arch.Hypercalls
{
    // console_io: CONSOLEIO_write copies `count` bytes from the guest (each byte read
    // once) to the domain's console line; at most MaxWrite bytes a call (-EINVAL
    // beyond). CONSOLEIO_read is not implemented (-ENOSYS, as docs/abi.md says).
    public static unsafe class ConsoleIoCall
    {
        public const ulong MaxWrite = 65536;
        private const int Chunk = 256;

        public static long Handle(VcpuContext vcpu, ulong command, ulong count, ulong buffer)
        {
            if (command != ConsoleIoCmd.Write) return (long)Errno.ENOSYS;
            if (count > MaxWrite) return (long)Errno.EINVAL;
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(vcpu);
            byte* bytes = stackalloc byte[Chunk];
            for (ulong done = 0; done < count; done += Chunk)
            {
                ulong n = count - done < Chunk ? count - done : Chunk;
                if (!guest.TryReadBytes(buffer + done, bytes, n)) return (long)Errno.EFAULT;
                for (ulong i = 0; i < n; i++) GuestConsole.Write(vcpu.Domain, bytes[i]);
            }
            return 0;
        }
    }
}
