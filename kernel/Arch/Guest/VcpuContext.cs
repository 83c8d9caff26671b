using Ringwall.Arch.Interrupts;
using Ringwall.Core.Guests;
using Ringwall.Runtime;

namespace Ringwall.Arch.Guest
{
    // A virtual CPU while it is not on the CPU: its registers (in the InterruptFrame
    // shape the entry code uses) and its FPU/SSE state (an FXSAVE image). While it runs,
    // its registers live on the entry stack and its FPU state in the CPU.
    public sealed unsafe class VcpuContext
    {
        public const int FpuAreaBytes = 512;

        public uint Domain;
        public uint Id;
        public bool Runnable;
        // Its domain's weight: time slices in a row, and how many are left this turn.
        public uint Weight = 1;
        public uint SlicesLeft = 1;
        public InterruptFrame Registers;
        public readonly byte* FpuArea;
        // set_trap_table: the ring-1 handlers exceptions are delivered to.
        public readonly TrapTable Traps = new TrapTable();
        // set_gdt: its descriptor table (a validated shadow) and, while it is off the
        // CPU, its DS/ES/FS/GS selectors (GuestDescriptors).
        public readonly Ringwall.Core.Descriptors.GuestGdt Gdt = new Ringwall.Core.Descriptors.GuestGdt();
        // stack_switch: the ring-1 stack for entries from ring 3 (TSS.RSP1); 0 = none.
        public ulong KernelStack;
        // The handler the VMM last sent this vCPU to, until the guest shows it got past
        // its first instruction (0 = none): an exception right there is failsafe.
        public ulong PendingHandler;
        // set_callbacks: where events are delivered (0 = none) and the failsafe entry
        // (registered, not used: Ringwall destroys a domain it cannot return to).
        public ulong EventCallback;
        public ulong FailsafeCallback;
        // sched_op block: waiting for an event (not runnable until one is pending).
        public bool Blocked;
        // sched_op poll: the ports it waits on (pending, masked or not), and until when
        // (system time in ns; 0 = no timeout).
        public const int MaxPollPorts = 128;
        public readonly uint[] PollPorts = new uint[MaxPollPorts];
        public int PollCount;
        public bool Polling;
        public ulong PollDeadline;
        // set_timer_op: system time (ns) at which VIRQ_TIMER fires; 0 = not armed.
        public ulong TimerDeadline;
        // This vCPU's vcpu_info in its domain's shared-info page (direct map).
        public byte* Info;

        public VcpuContext(uint domain, uint id)
        {
            Domain = domain;
            Id = id;
            byte* raw = Arena.Allocate(FpuAreaBytes + 16);
            FpuArea = (byte*)(((ulong)raw + 15) & ~15UL);
            *(ushort*)(FpuArea + 0) = 0x037F;    // x87 control word: all exceptions masked
            *(uint*)(FpuArea + 24) = 0x1F80;     // MXCSR: all SSE exceptions masked
        }
    }
}
