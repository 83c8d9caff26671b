using Ringwall.Abi;
using Ringwall.Arch.Guest;
using Ringwall.Arch.Interrupts;

namespace Ringwall.Arch.Hypercalls
{
    // The hypercall dispatcher: RAX = number; RDI, RSI, RDX, R10, R8 = arguments;
    // RAX = result (0, a non-negative value, or a negative Xen errno).
    // Invariants: every handler treats its arguments as hostile (guest memory is
    // read once through GuestVirtualMemory, never touched directly); an unknown or
    // unimplemented number answers -ENOSYS; a handler that stops part-way through a
    // batch rewrites the argument registers, moves RIP back over `int 0x82` and
    // returns the hypercall number as its result, so the guest re-executes the call
    // (Continue): the preemption point of long batches.
    public static unsafe class Hypercalls
    {
        private const ulong GateInstructionBytes = 2;   // CD 82

        public static void Dispatch(VcpuContext vcpu, InterruptFrame* f)
        {
            long result;
            switch (f->Rax)
            {
                case Hypercall.SetTrapTable: result = TrapCalls.SetTrapTable(vcpu, f->Rdi); break;
                case Hypercall.StackSwitch: result = TrapCalls.StackSwitch(vcpu, f->Rdi, f->Rsi); break;
                case Hypercall.SetCallbacks: result = CallbackCalls.SetCallbacks(vcpu, f->Rdi, f->Rsi, f->Rdx); break;
                case Hypercall.SetTimerOp: result = CallbackCalls.SetTimer(vcpu, f->Rdi); break;
                case Hypercall.EventChannelOp: result = EventCalls.Handle(vcpu, f->Rdi, f->Rsi); break;
                case Hypercall.ConsoleIo: result = ConsoleIoCall.Handle(vcpu, f); break;
                case Hypercall.VcpuOp: result = VcpuOpCall.Handle(vcpu, f->Rdi, f->Rsi, f->Rdx); break;
                case Hypercall.SchedOp: result = SchedOpCall.Handle(vcpu, f->Rdi, f->Rsi); break;
                case Hypercall.XenVersion: result = XenVersionCall.Handle(vcpu, f->Rdi, f->Rsi); break;
                case Hypercall.SetGdt: result = DescriptorCalls.SetGdt(vcpu, f->Rdi, f->Rsi); Guests.RootMayHaveChanged(); break;
                case Hypercall.UpdateDescriptor: result = DescriptorCalls.UpdateDescriptor(vcpu, f->Rdi, f->Rsi); Guests.RootMayHaveChanged(); break;
                case Hypercall.MmuUpdate: result = MemoryCalls.MmuUpdate(vcpu, f); Guests.RootMayHaveChanged(); break;
                case Hypercall.MmuextOp: result = MemoryCalls.MmuExtOp(vcpu, f); Guests.RootMayHaveChanged(); break;
                case Hypercall.UpdateVaMapping: result = MemoryCalls.UpdateVaMapping(vcpu, f->Rdi, f->Rsi, f->Rdx); Guests.RootMayHaveChanged(); break;
                case Hypercall.Multicall: result = MemoryCalls.Multicall(vcpu, f); Guests.RootMayHaveChanged(); break;
                default: result = (long)Errno.ENOSYS; break;
            }
            f->Rax = (ulong)result;
        }

        // Makes the guest execute the same hypercall again (with the registers as the
        // caller left them in `f`); the value to return from the handler.
        public static long Continue(InterruptFrame* f)
        {
            f->Rip -= GateInstructionBytes;
            return (long)f->Rax;
        }

        public static GuestVirtualMemory GuestMemoryOf(VcpuContext vcpu)
            => new GuestVirtualMemory(vcpu.Domain, vcpu.Id);
    }
}
