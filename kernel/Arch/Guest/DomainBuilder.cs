using Ringwall.Abi;
using Ringwall.Arch.Memory;
using Ringwall.Arch.Paging;
using Ringwall.Arch.Startup;
using Ringwall.Core;
using Ringwall.Core.Boot;
using Ringwall.Core.Domains;
using Ringwall.Core.Guests;
using Ringwall.Drivers.Console;
using CoreMemoryAbi = Ringwall.Core.Memory.MemoryAbi;
using CoreMmuExtOp = Ringwall.Core.Memory.MmuExtOpRequest;

namespace Ringwall.Arch.Guest
{
    // Builds a domain from a boot module at boot, in the Xen manner: the kernel ELF at
    // its link addresses, then start_info, the P2M list, the bootstrap page tables and a
    // stack (kernel/Core/Domains/StartOfDayLayout.cs), the M2P entries of its frames,
    // its shared-info page, its hypercall page, and its first vCPU in ring 1 with RSI =
    // start_info. A module that is not a usable image, or too big for its memory, is
    // refused with a message and the other domains still start.
    // Invariants: every frame the domain gets comes from the memory core (scrubbed);
    // the page tables are validated by the core (pinned bottom-up, then the base
    // pointer), never trusted because the builder wrote them; nothing of a refused
    // domain stays allocated.
    public static unsafe class DomainBuilder
    {
        public const ulong MaxDomainBytes = 1UL << 30;   // the P2M array is built in the boot arena
        private static readonly ElfImage s_image = new ElfImage();

        public static bool Build(BootInfo boot, int moduleIndex, uint id)
        {
            BootModule module = boot.Modules[moduleIndex];
            var spec = new DomainSpec();
            DomainSpecStatus specStatus = spec.Parse(boot.Strings, module.CommandLineStart, module.CommandLineLength, moduleIndex);
            if (specStatus != DomainSpecStatus.Ok)
            {
                Log.Error().Text("module ").Decimal((ulong)moduleIndex).Text(": refused: bad domain parameter '")
                    .Ascii(boot.Strings, spec.ProblemStart, spec.ProblemLength).Text("'").End();
                return false;
            }
            var reader = new PhysicalReader();
            ImageStatus imageStatus = ElfImage.Parse(ref reader, module.Start, module.Length, s_image);
            if (imageStatus != ImageStatus.Ok) return Refuse(spec, ImageStatusNames.Describe(imageStatus));
            if (spec.MemoryBytes > MaxDomainBytes) return Refuse(spec, "more than 1 GiB of memory is not supported yet");
            ulong pages = spec.MemoryBytes / 4096;
            LayoutStatus layoutStatus = StartOfDayLayout.Plan(s_image, pages, out StartOfDayLayout layout);
            if (layoutStatus != LayoutStatus.Ok) return Refuse(spec, LayoutStatusNames.Describe(layoutStatus));
            if (pages + 1 > VmmMemory.Core.FreeFrames) return Refuse(spec, "not enough free memory");
            if (Guests.VcpuCount + spec.Vcpus > Guests.MaxVcpus) return Refuse(spec, "no room for its vCPUs (16 in all)");
            if (!Entry.DomainStacks.Allocate(Startup.BootMemory.Frames, id)) return Refuse(spec, "no VMM frames for its entry and IST stacks");
            if (VmmMemory.Core.CreateDomain(id, (uint)pages, spec.Vcpus) != Status.Ok) return Refuse(spec, "no domain slot");

            ulong[] p2m = new ulong[pages];
            for (ulong pfn = 0; pfn < pages; pfn++)
            {
                if (VmmMemory.Core.AllocateFrame(id, out p2m[pfn]) != Status.Ok) return Abandon(spec, id, "frame allocation failed");
                ((ulong*)DirectMap.ToVirtual(VmmMemory.M2pMachineAddress))[p2m[pfn]] = pfn;
            }
            LoadSegments(layout, p2m);
            HypercallPageWriter.Write(Page(layout, p2m, s_image.HypercallPage));
            // The shared-info page comes from the guest pool and goes back there when the
            // domain is gone (Lifecycle.TearDownMemory).
            if (VmmMemory.Core.TakeFrameForVmm(out ulong sharedInfo) != Status.Ok) return Abandon(spec, id, "no shared-info page");
            if (VmmMemory.Core.SetSharedInfo(id, sharedInfo) != Status.Ok)
            {
                VmmMemory.Core.AddFreeFrame(sharedInfo);
                return Abandon(spec, id, "no shared-info page");
            }
            for (uint v = 0; v < spec.Vcpus; v++)   // vcpu_info[v].evtchn_upcall_mask: events masked
                *(DirectMap.ToVirtual(sharedInfo << 12) + v * Ringwall.Abi.VcpuInfo.Size + Ringwall.Abi.VcpuInfo.EvtchnUpcallMaskOffset) = 1;
            for (ulong pfn = 0; pfn < pages; pfn++)
                *(ulong*)(DirectMap.ToVirtual(p2m[layout.P2MPfn + pfn / 512] << 12) + pfn % 512 * 8) = p2m[pfn];
            StartInfoWriter.Write(DirectMap.ToVirtual(p2m[layout.StartInfoPfn] << 12), layout, pages, sharedInfo << 12,
                boot.Strings, spec.GuestCommandLineStart, spec.GuestCommandLineLength);
            BootstrapPageTables.Write(layout, p2m);
            Status validation = Validate(id, layout, p2m);
            if (validation != Status.Ok) return Abandon(spec, id, "bootstrap page tables refused by the memory core");

            if (Ringwall.Arch.Events.VmmEvents.Channels.CreateDomain(id, spec.Vcpus) != Status.Ok) return Abandon(spec, id, "no event-channel table");
            var domain = new Domain();
            domain.Id = id;
            domain.State = RunState.Running;
            domain.SetName(spec.Name, spec.NameLength);
            domain.Vcpus.Reset(spec.Vcpus);
            Guests.Domains[id] = domain;
            if (spec.Console) SerialConsoleInput.Claim(id);
            for (uint v = 0; v < spec.Vcpus; v++)
            {
                VcpuContext vcpu = Guests.AddVcpu(id, v);
                vcpu.Weight = spec.Weight;
                vcpu.SlicesLeft = spec.Weight;
            }
            VcpuStart.Prepare(Guests.VcpuOf(id, 0), s_image.Entry, layout.StackTop, 0);
            Guests.VcpuOf(id, 0).Registers.Rsi = layout.StartInfoVa;
            Guests.VcpuOf(id, 0).Runnable = true;
            Log.Info().Text("domain ").Decimal(id).Text(" (").Ascii(spec.Name, 0, spec.NameLength).Text("): ")
                .Decimal(pages * 4).Text(" KiB, entry ").Hex(s_image.Entry).Text(", start_info ").Hex(layout.StartInfoVa)
                .Text(", ").Decimal(layout.PageTableCount).Text(" bootstrap tables, weight ").Decimal(spec.Weight)
                .Text(", ").Decimal(spec.Vcpus).Text(spec.Vcpus == 1 ? " vCPU" : " vCPUs").End();
            return true;
        }

        private static void LoadSegments(in StartOfDayLayout layout, ulong[] p2m)
        {
            for (int s = 0; s < s_image.SegmentCount; s++)
            {
                ElfSegment seg = s_image.Segments[s];
                for (ulong offset = 0; offset < seg.FileSize; offset++)
                {
                    ulong va = seg.VirtualAddress + offset;
                    *(Page(layout, p2m, va) + (va & 0xFFF)) = *DirectMap.ToVirtual(seg.SourceAddress + offset);
                }
            }
        }

        // The direct-map address of the frame holding guest virtual address `va`
        // (inside the bootstrap region).
        private static byte* Page(in StartOfDayLayout layout, ulong[] p2m, ulong va)
            => DirectMap.ToVirtual(p2m[(va - layout.VirtualBase) >> 12] << 12);

        // Pins bottom-up (the core validates one table per request), loads the base
        // pointer, then drops the lower pins: the L4's references keep the tree typed.
        private static Status Validate(uint id, in StartOfDayLayout layout, ulong[] p2m)
        {
            ulong l3First = layout.PageTablePfn + 1, l2First = l3First + layout.L3Count, l1First = l2First + layout.L2Count;
            Status s = PinRange(id, p2m, l1First, layout.L1Count, CoreMemoryAbi.PinL1Table);
            if (s == Status.Ok) s = PinRange(id, p2m, l2First, layout.L2Count, CoreMemoryAbi.PinL2Table);
            if (s == Status.Ok) s = PinRange(id, p2m, l3First, layout.L3Count, CoreMemoryAbi.PinL3Table);
            if (s == Status.Ok) s = PinRange(id, p2m, layout.PageTablePfn, 1, CoreMemoryAbi.PinL4Table);
            if (s == Status.Ok) s = Op(id, CoreMemoryAbi.NewBasePtr, p2m[layout.PageTablePfn]);
            for (ulong pfn = l3First; s == Status.Ok && pfn < l1First + layout.L1Count; pfn++)
                s = Op(id, CoreMemoryAbi.UnpinTable, p2m[pfn]);
            return s;
        }

        private static Status PinRange(uint id, ulong[] p2m, ulong first, ulong count, uint command)
        {
            for (ulong pfn = first; pfn < first + count; pfn++)
            {
                Status s = Op(id, command, p2m[pfn]);
                if (s != Status.Ok) return s;
            }
            return Status.Ok;
        }

        private static Status Op(uint id, uint command, ulong mfn)
        {
            var op = new CoreMmuExtOp();
            op.Command = command;
            op.Arg1 = mfn;
            var none = new ArrayGuestMemory(new ulong[0], 0);
            return VmmMemory.Core.ApplyMmuExtOp(ref none, id, 0, op);
        }

        private static bool Refuse(DomainSpec spec, string reason)
        {
            Log.Error().Text("domain ").Ascii(spec.Name, 0, spec.NameLength).Text(": refused: ").Text(reason).End();
            return false;
        }

        private static bool Abandon(DomainSpec spec, uint id, string reason)
        {
            Lifecycle.TearDownMemory(id);
            return Refuse(spec, reason);
        }
    }
}
