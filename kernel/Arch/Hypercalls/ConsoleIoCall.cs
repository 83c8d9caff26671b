using Ringwall.Abi;
using Ringwall.Arch.Guest;
using Ringwall.Arch.Interrupts;

namespace Ringwall.Arch.Hypercalls
{
    // console_io(cmd, count, buffer).
    // CONSOLEIO_write copies `count` bytes from the guest (each byte read once) to the
    // domain's console line. The UART is written synchronously with interrupts off, so
    // one entry writes at most about OutputBudget bytes to it (a line of newlines
    // would otherwise print a "[name] " prefix per byte: over a megabyte, minutes at
    // 115200 baud); the rest continues with the arguments advanced (Hypercalls.Continue),
    // so the guest can be preempted between the pieces. CONSOLEIO_read copies up to `count` bytes of serial input
    // (SerialConsoleInput) into the guest buffer and returns how many (0: none waiting);
    // only the console-owning domain may read (-EPERM otherwise). Both take at most
    // MaxCount bytes a call (-EINVAL beyond: "negative" counts are huge unsigned ones).
    // A read whose buffer is not writable guest memory is -EFAULT and consumes nothing
    // (Xen keeps what it copied in earlier chunks; here the input stays whole).
    public static unsafe class ConsoleIoCall
    {
        public const ulong MaxCount = 65536;
        private const int Chunk = 256;
        public const ulong OutputBudget = 512;

        public static long Handle(VcpuContext vcpu, InterruptFrame* f)
        {
            if (f->Rdi == ConsoleIoCmd.Write) return Write(vcpu, f);
            if (f->Rdi == ConsoleIoCmd.Read) return Read(vcpu, f->Rsi, f->Rdx);
            return (long)Errno.ENOSYS;
        }

        // One piece: at most Chunk bytes read, and bytes taken until the UART has had
        // OutputBudget bytes; then the call continues with count and buffer advanced.
        private static long Write(VcpuContext vcpu, InterruptFrame* f)
        {
            ulong count = f->Rsi, buffer = f->Rdx;
            if (count > MaxCount) return (long)Errno.EINVAL;
            ulong n = count < Chunk ? count : Chunk;
            byte* bytes = stackalloc byte[Chunk];
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(vcpu);
            if (!guest.TryReadBytes(buffer, bytes, n)) return (long)Errno.EFAULT;
            ulong taken = 0, emitted = 0;
            while (taken < n && emitted < OutputBudget) emitted += GuestConsole.Write(vcpu.Domain, bytes[taken++]);
            if (taken == count) return 0;
            f->Rsi = count - taken;
            f->Rdx = buffer + taken;
            return Hypercalls.Continue(f);
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
