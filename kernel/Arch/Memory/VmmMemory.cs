using Ringwall.Arch.Cpu;
using Ringwall.Arch.Paging;
using Ringwall.Arch.Startup;
using Ringwall.Core;
using Ringwall.Core.Memory;
using Ringwall.Core.Physical;
using Ringwall.Drivers.Console;
using Ringwall.Runtime;
using PvMemory = Ringwall.Core.Memory.MemoryCore<Ringwall.Arch.Memory.DirectMapMachineMemory, Ringwall.Arch.Memory.TlbFlusher, Ringwall.Arch.Memory.CorePanic>;

namespace Ringwall.Arch.Memory
{
    // The PV memory core of the running VMM, and the hand-over of frames to it.
    // Invariants: the M2P table is machine-contiguous, shared read-only with every
    // domain, and starts with every entry invalid; every frame the core can give to a
    // domain was free in the boot allocator and is no longer in it; the VMM keeps a
    // reserve in the boot allocator for its own later needs (roots, vCPU state).
    public static unsafe class VmmMemory
    {
        public const uint MaxDomains = 16;
        public const uint MaxVcpusPerDomain = Ringwall.Core.Guests.VcpuSet.MaxVcpus;   // one limit: the vcpus= option's
        public const ulong VmmReserveFrames = 1024;   // 4 MiB

        public static PvMemory Core;
        public static ulong M2pMachineAddress;
        public static ulong M2pFrames;

        public static void Initialize(FrameAllocator frames, in CpuFeatures features)
        {
            ulong frameCount = frames.FrameLimit;
            if (frameCount > 0xFFFFFFFFUL) Panic.Halt("more RAM than the frame table addresses");
            M2pFrames = (frameCount * 8 + 4095) / 4096;
            if (!frames.TryAllocateContiguous(M2pFrames, 1, frameCount, out ulong m2p))
                PanicReporter.Fatal("no contiguous memory for the M2P table", ExitStatus.OutOfMemory);
            M2pMachineAddress = m2p << 12;
            ulong* table = (ulong*)DirectMap.ToVirtual(M2pMachineAddress);
            for (ulong i = 0; i < M2pFrames * 512; i++) table[i] = MemoryCoreConstants.InvalidM2pEntry;

            var config = new MemoryConfig();
            config.FrameCount = (uint)frameCount;
            config.MaxDomains = MaxDomains;
            config.MaxVcpusPerDomain = MaxVcpusPerDomain;
            config.M2pMachineAddress = M2pMachineAddress;
            config.PhysicalAddressBits = features.PhysicalAddressBits;
            config.L1tfSafeAddress = 1UL << (int)(features.PhysicalAddressBits - 1);
            if (config.L1tfSafeAddress < frameCount << 12) Panic.Halt("RAM reaches the L1TF-safe address");
            Core = new PvMemory(default, default, default, config);

            for (ulong f = m2p; f < m2p + M2pFrames; f++)
                if (Core.MarkSharedReadOnly(f) != Status.Ok) Panic.Halt("M2P frame refused by the memory core");
            ulong handed = 0;
            while (frames.FreeFrames > VmmReserveFrames && frames.TryAllocate(out ulong frame))
            {
                if (Core.AddFreeFrame(frame) != Status.Ok) Panic.Halt("free frame refused by the memory core");
                handed++;
            }
            Log.Info().Text("guest memory: ").Decimal(handed).Text(" frames (").Decimal(handed * 4).Text(" KiB) for domains, M2P ")
                .Decimal(M2pFrames).Text(" frames at ").Hex(M2pMachineAddress).End();
        }

        // Every domain is built: the boot modules' frames join the guest pool (nothing
        // reads them any more), so the memory they held is not lost.
        public static void ReclaimBootModules()
        {
            ulong taken = Startup.BootMemory.ReclaimModules(&GiveToPool);
            if (taken > 0)
                Log.Info().Text("boot modules: ").Decimal(taken).Text(" frames (").Decimal(taken * 4)
                    .Text(" KiB) returned to the guest pool").End();
        }

        private static bool GiveToPool(ulong frame) => Core.AddFreeFrame(frame) == Status.Ok;
    }
}