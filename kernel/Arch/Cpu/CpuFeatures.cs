namespace Ringwall.Arch.Cpu
{
    // What the boot CPU offers, read once from CPUID (and MSR_PLATFORM_INFO for CPUID
    // faulting, whose MSR is only read when CPUID says the CPU is Intel-like and the
    // MSR reads as architectural). Nothing is inferred from an instruction "not
    // faulting": QEMU's TCG reads unknown MSRs as zero without #GP.
    public unsafe struct CpuFeatures
    {
        public fixed byte Vendor[13];
        public fixed byte Brand[49];
        public uint Family;
        public uint Model;
        public uint Stepping;
        public uint MaxLeaf;
        public uint MaxExtendedLeaf;
        public uint PhysicalAddressBits;
        public bool Nx, Smep, Smap, Pcid, Invpcid, Pages1G, X2Apic, Xsave, FsGsBase;
        public bool CpuidFaulting, Umip, Pge, Apic, TscDeadline, Sse2;

        public static CpuFeatures Detect()
        {
            CpuFeatures f = default;
            uint* r = stackalloc uint[4];
            Cpu.CpuId(0, 0, r);
            f.MaxLeaf = r[0];
            StoreAscii(f.Vendor, 0, r[1]);
            StoreAscii(f.Vendor, 4, r[3]);
            StoreAscii(f.Vendor, 8, r[2]);

            Cpu.CpuId(1, 0, r);
            uint family = (r[0] >> 8) & 0xF;
            uint model = (r[0] >> 4) & 0xF;
            if (family == 0xF) family += (r[0] >> 20) & 0xFF;
            if (family == 0x6 || family >= 0xF) model |= ((r[0] >> 16) & 0xF) << 4;
            f.Family = family;
            f.Model = model;
            f.Stepping = r[0] & 0xF;
            f.Pcid = Bit(r[2], 17);
            f.X2Apic = Bit(r[2], 21);
            f.TscDeadline = Bit(r[2], 24);
            f.Xsave = Bit(r[2], 26);
            f.Apic = Bit(r[3], 9);
            f.Pge = Bit(r[3], 13);
            f.Sse2 = Bit(r[3], 26);

            if (f.MaxLeaf >= 7)
            {
                Cpu.CpuId(7, 0, r);
                f.FsGsBase = Bit(r[1], 0);
                f.Smep = Bit(r[1], 7);
                f.Invpcid = Bit(r[1], 10);
                f.Smap = Bit(r[1], 20);
                f.Umip = Bit(r[2], 2);
            }

            Cpu.CpuId(0x80000000, 0, r);
            f.MaxExtendedLeaf = r[0];
            if (f.MaxExtendedLeaf >= 0x80000001)
            {
                Cpu.CpuId(0x80000001, 0, r);
                f.Nx = Bit(r[3], 20);
                f.Pages1G = Bit(r[3], 26);
            }
            f.PhysicalAddressBits = 36;
            if (f.MaxExtendedLeaf >= 0x80000008)
            {
                Cpu.CpuId(0x80000008, 0, r);
                f.PhysicalAddressBits = r[0] & 0xFF;
            }
            if (f.MaxExtendedLeaf >= 0x80000004)
            {
                for (uint leaf = 0; leaf < 3; leaf++)
                {
                    Cpu.CpuId(0x80000002 + leaf, 0, r);
                    for (int i = 0; i < 4; i++) StoreAscii(f.Brand, (int)leaf * 16 + i * 4, r[i]);
                }
            }
            // MSR_PLATFORM_INFO exists on Intel family 6 from Nehalem (model 0x1A) on.
            f.CpuidFaulting = f.IsIntel && f.Family == 6 && f.Model >= 0x1A
                && (Cpu.ReadMsr(Cpu.MsrPlatformInfo) & (1UL << 31)) != 0;
            return f;
        }

        public bool IsIntel
        {
            get
            {
                fixed (byte* v = Vendor) return v[0] == (byte)'G' && v[7] == (byte)'I';  // "GenuineIntel"
            }
        }

        private static bool Bit(uint value, int bit) => (value & (1U << bit)) != 0;

        private static void StoreAscii(byte* target, int offset, uint value)
        {
            for (int i = 0; i < 4; i++) target[offset + i] = (byte)(value >> (8 * i));
        }
    }
}
