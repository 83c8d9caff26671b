using System.Runtime;
using System.Runtime.CompilerServices;

namespace Ringwall.Arch.Cpu
{
    // Privileged instructions, one assembly function each (kernel/Arch/Asm/Cpu.asm).
    public static unsafe class Cpu
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_cpuid")]
        public static extern void CpuId(uint leaf, uint subleaf, uint* result);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_read_cr0")]
        public static extern ulong ReadCr0();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_read_cr2")]
        public static extern ulong ReadCr2();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_read_cr3")]
        public static extern ulong ReadCr3();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_read_cr4")]
        public static extern ulong ReadCr4();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_write_cr0")]
        public static extern void WriteCr0(ulong value);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_write_cr3")]
        public static extern void WriteCr3(ulong value);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_write_cr4")]
        public static extern void WriteCr4(ulong value);
        // rdmsr / wrmsr are bound once, in the runtime (Ringwall.Runtime.Machine), which the
        // drivers use too.
        public static ulong ReadMsr(uint msr) => Ringwall.Runtime.Machine.ReadMsr(msr);
        public static void WriteMsr(uint msr, ulong value) => Ringwall.Runtime.Machine.WriteMsr(msr, value);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_xgetbv")]
        public static extern ulong ReadXcr(uint index);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_xsetbv")]
        public static extern void WriteXcr(uint index, ulong value);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_lgdt")]
        public static extern void LoadGdt(void* pseudoDescriptor);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_lidt")]
        public static extern void LoadIdt(void* pseudoDescriptor);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_ltr")]
        public static extern void LoadTaskRegister(ushort selector);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_load_segments")]
        public static extern void LoadSegments(ushort code, ushort data);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_read_data_selectors")]
        public static extern void ReadDataSelectors(ushort* dsEsFsGs);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_load_data_selectors")]
        public static extern void LoadDataSelectors(ushort ds, ushort es, ushort fs, ushort gs, ushort flat);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_read_rbp")]
        public static extern ulong ReadRbp();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_read_rsp")]
        public static extern ulong ReadRsp();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_invlpg")]
        public static extern void InvalidatePage(ulong address);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_rdtsc")]
        public static extern ulong ReadTimestamp();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_invpcid")]
        public static extern void InvalidatePcid(ulong type, ulong pcid, ulong address);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_wait_for_interrupt")]
        public static extern void WaitForInterrupt();
        // Interrupts on for one instruction (sti; nop; cli): a pending one is taken.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_open_interrupt_window")]
        public static extern void OpenInterruptWindow();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_wbinvd")]
        public static extern void WriteBackInvalidateCaches();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_read_rflags")]
        public static extern ulong ReadFlags();

        public const uint MsrEfer = 0xC0000080;
        public const uint MsrPlatformInfo = 0xCE;
        public const uint MsrMiscFeaturesEnables = 0x140;

        public const ulong Cr0WriteProtect = 1UL << 16;
        public const ulong Cr4Pge = 1UL << 7;
        public const ulong Cr4OsFxsr = 1UL << 9;
        public const ulong Cr4OsXmmExcpt = 1UL << 10;
        public const ulong Cr4Umip = 1UL << 11;
        public const ulong Cr4FsGsBase = 1UL << 16;
        public const ulong Cr4Pcide = 1UL << 17;
        public const ulong Cr4OsXsave = 1UL << 18;
        public const ulong Cr4Smep = 1UL << 20;
        public const ulong Cr4Smap = 1UL << 21;
        public const ulong EferNxe = 1UL << 11;
    }
}
