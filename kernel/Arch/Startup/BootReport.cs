using Ringwall.Arch.Cpu;
using Ringwall.Core.Boot;
using Ringwall.Core.Physical;
using Ringwall.Drivers.Console;

namespace Ringwall.Arch.Startup
{
    // The boot log lines that describe the machine. Their formats are read by the
    // booted tests (tests/Boot): keep them stable.
    //   cpu: <vendor> family <f> model <m> stepping <s> "<brand>"
    //   features: nx smep ... (each present feature; absent ones after "absent:")
    //   memmap: <start>-<end> <kind>           (one per region, end exclusive)
    //   memory: usable <KiB> KiB in <n> regions, highest usable address <hex>
    //   frames: <free> free of <limit> (<KiB> KiB free), page tables <n>
    public static unsafe class BootReport
    {
        public static void Cpu(in CpuFeatures f)
        {
            fixed (byte* vendor = f.Vendor)
            fixed (byte* brand = f.Brand)
            {
                Log.Info().Text("cpu: ").Ascii(vendor).Text(" family ").Decimal(f.Family).Text(" model ").Decimal(f.Model)
                    .Text(" stepping ").Decimal(f.Stepping).Text(" \"").Ascii(brand).Text("\"").End();
            }
            Log.Info().Text("features:").Flag("nx", f.Nx).Flag("smep", f.Smep).Flag("smap", f.Smap).Flag("pcid", f.Pcid)
                .Flag("invpcid", f.Invpcid).Flag("1g-pages", f.Pages1G).Flag("x2apic", f.X2Apic).Flag("xsave", f.Xsave)
                .Flag("fsgsbase", f.FsGsBase).Flag("cpuid-faulting", f.CpuidFaulting).Flag("umip", f.Umip)
                .Text(" absent:").Flag("nx", !f.Nx).Flag("smep", !f.Smep).Flag("smap", !f.Smap).Flag("pcid", !f.Pcid)
                .Flag("invpcid", !f.Invpcid).Flag("1g-pages", !f.Pages1G).Flag("x2apic", !f.X2Apic).Flag("xsave", !f.Xsave)
                .Flag("fsgsbase", !f.FsGsBase).Flag("cpuid-faulting", !f.CpuidFaulting).Flag("umip", !f.Umip).End();
        }

        public static void MemoryMap(BootInfo boot)
        {
            Log.Info().Text("boot: ").Text(boot.Protocol == BootProtocol.Pvh ? "PVH" : "multiboot2").Text(", ")
                .Decimal((ulong)boot.ModuleCount).Text(" modules, ACPI RSDP ").Hex(boot.RsdpAddress).End();
            ulong highest = 0;
            int usableRegions = 0;
            for (int i = 0; i < boot.RegionCount; i++)
            {
                MemoryRegion r = boot.Regions[i];
                Log.Info().Text("memmap: ").Hex(r.Start).Char('-').Hex(r.End).Char(' ').Text(KindName(r.Kind)).End();
                if (r.Kind == MemoryKind.Usable)
                {
                    usableRegions++;
                    if (r.End > highest) highest = r.End;
                }
            }
            Log.Info().Text("memory: usable ").Decimal(boot.UsableBytes >> 10).Text(" KiB in ").Decimal((ulong)usableRegions)
                .Text(" regions, highest usable address ").Hex(highest).End();
            for (int i = 0; i < boot.ModuleCount; i++)
                Log.Info().Text("module ").Decimal((ulong)i).Text(": ").Hex(boot.Modules[i].Start).Text(" ")
                    .Decimal(boot.Modules[i].Length).Text(" bytes, command line '")
                    .Ascii(boot.Strings, boot.Modules[i].CommandLineStart, boot.Modules[i].CommandLineLength).Text("'").End();
        }

        public static void Memory(FrameAllocator frames, ulong tables)
        {
            Log.Info().Text("frames: ").Decimal(frames.FreeFrames).Text(" free of ").Decimal(frames.FrameLimit)
                .Text(" (").Decimal(frames.FreeFrames * 4).Text(" KiB free), page tables ").Decimal(tables).End();
        }

        public static string KindName(MemoryKind kind)
        {
            switch (kind)
            {
                case MemoryKind.Usable: return "usable";
                case MemoryKind.Reserved: return "reserved";
                case MemoryKind.AcpiReclaimable: return "acpi-reclaimable";
                case MemoryKind.AcpiNvs: return "acpi-nvs";
                case MemoryKind.Bad: return "bad";
                default: return "other";
            }
        }

        public static string Name(BootParseResult result)
        {
            switch (result)
            {
                case BootParseResult.BadMagic: return "bad magic";
                case BootParseResult.UnsupportedVersion: return "unsupported version";
                case BootParseResult.Unreadable: return "unreadable";
                case BootParseResult.Malformed: return "malformed";
                default: return "ok";
            }
        }
    }
}
