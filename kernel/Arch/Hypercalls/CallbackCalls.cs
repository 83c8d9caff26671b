using Ringwall.Abi;
using Ringwall.Arch.Guest;
using Ringwall.Core;
using Ringwall.Core.Guests;

namespace Ringwall.Arch.Hypercalls
{
    // set_callbacks(event, failsafe, syscall): the event callback the VMM enters for
    // upcalls and the failsafe entry, in ring 1; addresses canonical and outside the
    // VMM range (0 unregisters). Ringwall has no SYSCALL entry (guest system calls use
    // the 0x80 gate), so the syscall address must be 0. set_timer_op(deadline): arms
    // the vCPU's one-shot timer (system time in ns; 0 cancels).
    public static class CallbackCalls
    {
        public static long SetCallbacks(VcpuContext vcpu, ulong eventAddress, ulong failsafeAddress, ulong syscallAddress)
        {
            if (!Valid(eventAddress) || !Valid(failsafeAddress) || syscallAddress != 0) return (long)Errno.EINVAL;
            vcpu.EventCallback = eventAddress;
            vcpu.FailsafeCallback = failsafeAddress;
            Guests.Wake(vcpu.Domain, vcpu.Id);   // a pending upcall may now be deliverable
            return 0;
        }

        public static long SetTimer(VcpuContext vcpu, ulong deadline)
        {
            GuestTimers.Arm(vcpu, deadline);
            return 0;
        }

        private static bool Valid(ulong address) => address == 0 || (Bits.IsCanonical(address) && !TrapTable.InReservedRange(address));
    }
}
