using Ringwall.Arch.Cpu;
using Ringwall.Arch.Interrupts;
using Ringwall.Arch.Paging;
using Ringwall.Runtime;
using Con = Ringwall.Drivers.Console.Console;

namespace Ringwall.Arch.Startup
{
    // Prints the panic block (format: docs/tools.md, read by tools/Symbolizer and the
    // booted tests) and ends the machine:
    //   *** RINGWALL PANIC: <reason>
    //   vector=0x0e (#PF) error=0x... cr2=0x...          (CPU exceptions only)
    //   rip=... cs=... rflags=... rsp=... ss=...         (CPU exceptions only)
    //   rax=... (general registers, four a line)         (CPU exceptions only)
    //   cr0=... cr2=... cr3=... cr4=... efer=...
    //   backtrace:
    //     #0 ffffffff80101234 Symbol+0x1a
    //   *** END PANIC
    // The backtrace follows the RBP chain while it stays on a VMM stack.
    public static unsafe class PanicReporter
    {
        private const int MaxFrames = 32;
        private static ImageLayout s_layout;
        private static bool s_ready;

        public static void Initialize(in ImageLayout layout)
        {
            s_layout = layout;
            s_ready = true;
            Panic.SetHandler(&SoftwarePanic);
        }

        private static void SoftwarePanic(string message, byte* ascii) => Report(message, ascii, ExitStatus.Panic);

        // A panic with its own exit status (for example OutOfMemory at boot).
        public static void Fatal(string message, ExitStatus status) => Report(message, null, status);

        private static void Report(string message, byte* ascii, ExitStatus status)
        {
            Con.Write("\n*** RINGWALL PANIC: ");
            Con.Write(message);
            Con.WriteAscii(ascii);
            Con.Write('\n');
            ControlRegisters();
            Backtrace(0, Cpu.Cpu.ReadRbp());
            Con.Write("*** END PANIC\n");
            Machine.Exit(status);
        }

        public static void CpuException(InterruptFrame* f)
        {
            Con.Write("\n*** RINGWALL PANIC: CPU exception ");
            Con.Write(ExceptionNames.Mnemonic(f->Vector));
            Con.Write(" (");
            Con.Write(ExceptionNames.Description(f->Vector));
            Con.Write(") in the VMM\n");
            Con.Write("vector=0x"); Con.WriteHex(f->Vector, 2);
            Con.Write(" ("); Con.Write(ExceptionNames.Mnemonic(f->Vector)); Con.Write(")");
            Con.Write(" error=0x"); Con.WriteHex(f->ErrorCode, 16);
            Con.Write(" cr2=0x"); Con.WriteHex(Cpu.Cpu.ReadCr2(), 16);
            Con.Write('\n');
            Register("rip", f->Rip, false); Register("cs", f->Cs, false, 4); Register("rflags", f->Rflags, false);
            Register("rsp", f->Rsp, false); Register("ss", f->Ss, true, 4);
            Register("rax", f->Rax, false); Register("rbx", f->Rbx, false); Register("rcx", f->Rcx, false); Register("rdx", f->Rdx, true);
            Register("rsi", f->Rsi, false); Register("rdi", f->Rdi, false); Register("rbp", f->Rbp, false); Register("r8", f->R8, true);
            Register("r9", f->R9, false); Register("r10", f->R10, false); Register("r11", f->R11, false); Register("r12", f->R12, true);
            Register("r13", f->R13, false); Register("r14", f->R14, false); Register("r15", f->R15, true);
            ControlRegisters();
            Backtrace(f->Rip, f->Rbp);
            Con.Write("*** END PANIC\n");
            Machine.Exit(ExitStatus.CpuException);
        }

        private static void Register(string name, ulong value, bool endLine, int digits = 16)
        {
            Con.Write(name);
            Con.Write('=');
            Con.WriteHex(value, digits);
            Con.Write(endLine ? '\n' : ' ');
        }

        private static void ControlRegisters()
        {
            Register("cr0", Cpu.Cpu.ReadCr0(), false);
            Register("cr2", Cpu.Cpu.ReadCr2(), false);
            Register("cr3", Cpu.Cpu.ReadCr3(), false);
            Register("cr4", Cpu.Cpu.ReadCr4(), false);
            Register("efer", Cpu.Cpu.ReadMsr(Cpu.Cpu.MsrEfer), true);
        }

        private static void Backtrace(ulong rip, ulong rbp)
        {
            Con.Write("backtrace:\n");
            int n = 0;
            if (rip != 0) Frame(n++, rip);
            for (; n < MaxFrames && rbp != 0 && (rbp & 7) == 0 && OnStack(rbp) && OnStack(rbp + 8); n++)
            {
                ulong returnAddress = *(ulong*)(rbp + 8);
                if (returnAddress == 0) break;
                Frame(n, returnAddress);
                ulong next = *(ulong*)rbp;
                if (next <= rbp && !CrossesStacks(rbp, next)) break;
                rbp = next;
            }
        }

        private static ulong s_extraStart, s_extraEnd;

        // Another stack region the backtrace may walk (the entry area's stacks).
        public static void AddStackRange(ulong start, ulong end)
        {
            s_extraStart = start;
            s_extraEnd = end;
        }

        private static bool OnStack(ulong address)
            => s_ready && (s_layout.IsOnAStack(address) || (address >= s_extraStart && address < s_extraEnd));

        // An IST handler's chain continues on the interrupted stack (another slot).
        private static bool CrossesStacks(ulong from, ulong to)
            => (from - s_layout.StacksStart) / ImageLayout.StackSlotBytes != (to - s_layout.StacksStart) / ImageLayout.StackSlotBytes;

        private static void Frame(int index, ulong address)
        {
            Con.Write("  #");
            Con.WriteDecimal((ulong)index);
            Con.Write(' ');
            Con.WriteHex(address, 16);
            if (SymbolTable.Find(address, out byte* name, out ulong offset))
            {
                Con.Write(' ');
                Con.WriteAscii(name);
                Con.Write("+0x");
                Con.WriteHex(offset, offset > 0xFFFF ? 8 : 4);
            }
            Con.Write('\n');
        }
    }
}
