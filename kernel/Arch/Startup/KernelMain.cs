using System.Runtime;
using System.Runtime.CompilerServices;
using Ringwall.Arch.Cpu;
using Ringwall.Arch.Entry;
using Ringwall.Arch.Guest;
using Ringwall.Arch.Memory;
using Ringwall.Arch.Paging;
using Ringwall.Core.Boot;
using Ringwall.Drivers.Console;
using Ringwall.Drivers.Uart;
using Ringwall.Runtime;

namespace Ringwall.Arch.Startup
{
    // The boot sequence of the VMM, from the first C# instruction to a running system.
    // Invariants: the console and the fault path exist before anything that can fault;
    // the boot information is copied into BootInfo before any frame is handed out; the
    // VMM runs on its own page table (W^X, guard pages, nothing at low addresses)
    // before the arena is sealed; after Seal nothing allocates.
    public static unsafe class KernelMain
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_boot_entry_tsc")]
        private static extern ulong BootEntryTimestamp();

        [RuntimeExport("rw_kernel_main")]
        public static void Main(uint protocol, ulong bootInfoAddress)
        {
            ulong entryTsc = BootEntryTimestamp();
            Uart16550.Initialize();
            ImageLayout layout = ImageLayout.Read();
            SymbolTable.Initialize(layout.SymbolTable);
            PanicReporter.Initialize(layout);
            InstallBootDescriptorTables(layout);
            LegacyPic.MaskAll();

            ulong bannerTsc = Cpu.Cpu.ReadTimestamp();
            Log.Info().Text("Ringwall ").Text(Version.Text).Text(" (x86-64 paravirtualizing VMM, C# on NativeAOT)").End();

            BootInfo boot = ReadBootInfo(protocol, bootInfoAddress, out ulong bootInfoBytes);
            BootOptions options = ReadOptions(boot);
            CpuFeatures features = CpuFeatures.Detect();
            BootReport.Cpu(features);
            BootReport.MemoryMap(boot);

            BootMemory.Initialize(boot, layout, bootInfoAddress, bootInfoBytes);
            ulong root = VmmAddressSpace.Build(BootMemory.Frames, boot, layout, features.Nx, out ulong tables);
            VmmAddressSpace.Activate(root);
            Pcid.Enable(features);
            EntryArea.Build(BootMemory.Frames, root, layout, features.Smap);
            PanicReporter.AddStackRange(EntryLayout.StackBottom(0), EntryLayout.StackTop(EntryLayout.StackCount - 1));
            CpuSetup.EnableProtections(features);
            BootReport.Memory(BootMemory.Frames, tables);
            VmmMemory.Initialize(BootMemory.Frames, features);

            if (options.Fault != FaultTest.None) FaultInjector.Commit(options.Fault);
            if (options.SelfTest) Machine.Exit(RuntimeSelfTest.Run() ? ExitStatus.Success : ExitStatus.Failure);
            if (options.Bench)
            {
                BenchReport.Start(entryTsc);
                BenchReport.Boot(bannerTsc - entryTsc);
                ulong before = Cpu.Cpu.ReadTimestamp();
                bool measured = MemoryBench.Run() && SyscallBench.Run(BootMemory.Frames, root);
                BenchReport.Exclude(Cpu.Cpu.ReadTimestamp() - before);
                if (!measured) Machine.Exit(ExitStatus.Failure);
            }

            if (options.EntryStats) EntryStats.Enable(layout);
            GuestRoot.Initialize(BootMemory.Frames);
            Ringwall.Arch.Events.VmmEvents.Initialize();
            SerialConsoleInput.Initialize();
            uint domains = BuildDomains(boot);
            VmmMemory.ReclaimBootModules();
            Arena.Seal();
            if (domains > 0)
            {
                Log.Info().Text("Ringwall: boot complete; starting ").Decimal(domains).Text(" domains").End();
                SchedulerTick.Start(BootMemory.Frames, root, features);
                SerialConsoleInput.Start(BootMemory.Frames, root, domains);
                Guests.Start();
            }
            if (boot.ModuleCount > 0)
            {
                Log.Error().Text("Ringwall: no domain could be built from the boot modules").End();
                Machine.Exit(ExitStatus.Failure);
            }
            Log.Info().Text("Ringwall: boot complete; no guest modules given, shutting down").End();
            Machine.Exit(ExitStatus.Success);
        }

        // One domain per boot module (module packs are unpacked first); a refused
        // module is reported and skipped.
        private static uint BuildDomains(BootInfo boot)
        {
            var reader = new PhysicalReader();
            if (!ModulePack.Expand(ref reader, boot)) Log.Error().Text("a module pack is malformed: its modules are ignored").End();
            uint built = 0;
            // Every domain slot is free here: the memory bench's scratch domain (slot
            // MaxDomains - 1) is torn down whole before this runs.
            for (int i = 0; i < boot.ModuleCount; i++)
            {
                if (built == VmmMemory.MaxDomains)
                {
                    Log.Error().Text("boot module ").Decimal((ulong)i).Text(" and later ignored: at most ")
                        .Decimal(VmmMemory.MaxDomains).Text(" domains").End();
                    break;
                }
                if (DomainBuilder.Build(boot, i, built)) built++;
            }
            Guests.DomainCount = built;
            return built;
        }

        // Early tables in arena memory on the image's stacks, until the entry area exists.
        private static void InstallBootDescriptorTables(in ImageLayout layout)
        {
            var p = new DescriptorTables.Placement();
            p.Gdt = Arena.Allocate(DescriptorTables.GdtBytes);
            p.GdtVirtual = (ulong)p.Gdt;
            p.Tss = (TaskStateSegment*)Arena.Allocate(TaskStateSegment.Size);
            p.TssVirtual = (ulong)p.Tss;
            p.Idt = Arena.Allocate(DescriptorTables.IdtBytes);
            p.IdtVirtual = (ulong)p.Idt;
            p.Stubs = (ulong*)layout.InterruptStubTable;
            p.StubBias = 0;
            p.Rsp0 = layout.StackTop(ImageLayout.BootStackSlot);
            p.IstDoubleFaultTop = layout.StackTop(1);
            p.IstNmiTop = layout.StackTop(2);
            p.IstMachineCheckTop = layout.StackTop(3);
            p.IstDebugTop = layout.StackTop(4);
            DescriptorTables.Install(p);
        }

        private static BootInfo ReadBootInfo(uint protocol, ulong address, out ulong bytes)
        {
            var boot = new BootInfo();
            var reader = new PhysicalReader();
            BootParseResult result;
            if (protocol == (uint)BootProtocol.Multiboot2)
            {
                result = Multiboot2Info.Parse(ref reader, address, boot);
                bytes = reader.Read32(address);
            }
            else
            {
                result = PvhStartInfo.Parse(ref reader, address, boot);
                bytes = 56;
            }
            if (result != BootParseResult.Ok)
            {
                Log.Error().Text("boot information unusable (").Text(BootReport.Name(result)).Text(")").End();
                PanicReporter.Fatal("cannot read the boot loader's information", ExitStatus.Failure);
            }
            if (boot.Truncated) Log.Warn().Text("boot information truncated: more regions, modules or text than the VMM keeps").End();
            return boot;
        }

        private static BootOptions ReadOptions(BootInfo boot)
        {
            var options = new BootOptions();
            options.Parse(boot.Strings, boot.CommandLineStart, boot.CommandLineLength);
            Log.Threshold = (LogLevel)options.LogLevel;
            Log.Info().Text("command line: ").Ascii(boot.Strings, boot.CommandLineStart, boot.CommandLineLength).End();
            for (int i = 0; i < options.ProblemCount; i++)
                Log.Warn().Text("unknown option '").Ascii(boot.Strings, options.Problems[i].TokenStart, options.Problems[i].TokenLength)
                    .Text("' ignored").End();
            return options;
        }
    }
}
