using Ringwall.Abi;
using Ringwall.Arch.Guest;

namespace Ringwall.Arch.Hypercalls
{
    // console_io(cmd, count, buffer).
    // CONSOLEIO_write copies `count` bytes from the guest (each byte read once) to the
    // domain's console line. CONSOLEIO_read copies up to `count` bytes of serial input
    // (SerialConsoleInput) into the guest buffer and returns how many (0: none waiting);
    // only the console-owning domain may read (-EPERM otherwise). Both take at most
    // MaxCount bytes a call (-EINVAL beyond: "negative" counts are huge unsigned ones).
    // A read whose buffer is not writable guest memory is -EFAULT and consumes nothing
    // (Xen keeps what it copied in earlier chunks; here the input stays whole).
    public static unsafe class ConsoleIoCall
    {
        public const ulong MaxCount = 65536;
        private const int Chunk = 256;

        public static long Handle(VcpuContext vcpu, ulong command, ulong count, ulong buffer)
        {
            if (command == ConsoleIoCmd.Write) return Write(vcpu, count, buffer);
            if (command == ConsoleIoCmd.Read) return Read(vcpu, count, buffer);
            return (long)Errno.ENOSYS;
        }

        private static long Write(VcpuContext vcpu, ulong count, ulong buffer)
        {
            if (count > MaxCount) return (long)Errno.EINVAL;
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

        private static long Read(VcpuContext vcpu, ulong count, ulong buffer)
        {
            var input = SerialConsoleInput.Input;
            if (!input.Owns(vcpu.Domain)) return (long)Errno.EPERM;
            if (count > MaxCount) return (long)Errno.EINVAL;
            byte[] scratch = SerialConsoleInput.ReadScratch;
            int n = input.Copy(vcpu.Domain, scratch, (int)count);
            if (n == 0) return 0;
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(vcpu);
            fixed (byte* bytes = scratch)
                if (!guest.TryWriteBytes(buffer, bytes, (ulong)n)) return (long)Errno.EFAULT;
            input.Consume(n);
            return n;
        }
    }
}
