using System.Runtime.CompilerServices;
using Ringwall.Arch.Cpu;
using Ringwall.Arch.Interrupts;
using Ringwall.Core;

namespace Ringwall.Arch.Guest
{
    // What a frame must look like before IRETQ takes the CPU back to a guest, whatever
    // the guest wrote into its saved state: a code and stack selector pair IRETQ
    // accepts without a fault as the GDT now stands (GuestDescriptors.IsReturnable:
    // ring 1 or 3, 64-bit code, writable stack, present, accessed; the vCPU's own
    // set_gdt selectors qualify), otherwise the fixed guest pair of the frame's ring,
    // a canonical RIP and RSP, and RFLAGS with IOPL 0, NT, VM,
    // RF and VIF/VIP clear and IF set (the guest's interrupt flag is virtual: it lives
    // in shared memory, and POPF/IRETQ at CPL 1 cannot change the real one).
    public static unsafe class FrameSanitizer
    {
        private const ulong FlagIf = 1UL << 9;
        private const ulong Allowed = 0x0000_0000_0024_0FD5UL; // CF PF AF ZF SF TF IF DF OF AC ID
        private const ulong Reserved1 = 1UL << 1;

        // False when the frame cannot be made safe (the vCPU must not run again).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong SafeFlags(ulong rflags) => (rflags & Allowed) | Reserved1 | FlagIf;

        public static bool Sanitize(InterruptFrame* f)
        {
            f->Rflags = SafeFlags(f->Rflags);
            if (GuestDescriptors.IsReturnable(f->Cs, f->Ss))
            {
                // a code and stack segment pair IRETQ accepts as the GDT stands now
                // (the fixed guest selectors, or the vCPU's own set_gdt slots)
            }
            else if ((f->Cs & 3) == 3)
            {
                f->Cs = Selectors.GuestUserCode;
                f->Ss = Selectors.GuestUserData;
            }
            else
            {
                f->Cs = Selectors.GuestKernelCode;
                f->Ss = Selectors.GuestKernelData;
            }
            return Bits.IsCanonical(f->Rip) && Bits.IsCanonical(f->Rsp);
        }
    }
}
