using System.Linq;
using System.Text.RegularExpressions;
using Ringwall.Tests.Boot.Harness;
using Ringwall.Tools.Qemu;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    // Guest descriptor tables (set_gdt, update_descriptor) re-enacted by the test guest's
    // gdt scenario (tests/guests/testguest/gdt.c).
    public class DescriptorTableTests
    {

        // A17: descriptors naming ring 0, call gates, TSS and LDT descriptors, conforming
        // and 32-bit code, garbage in not-present or reserved entries, too many entries,
        // foreign, unowned or page-table frames and bad machine addresses are refused
        // with the documented errors and the installed table stays; good descriptors work
        // from rings 1 and 3, and replacing the code segment the guest runs on does not
        // make the VMM's return fault.
        [Fact]
        public void A17_BadGuestDescriptorsAreRefusedAndGoodOnesWork()
        {
            var r = GuestRun.Boot("a17-gdt", (GuestRun.Guest("testguest"), "name=tg -- scenarios=gdt"));
            GuestRun.AssertAllChecksPassed(r, "tg", 60, "gdt",
                "refuse_dpl0_data", "refuse_dpl0_code64", "refuse_call_gate", "refuse_tss", "refuse_ldt",
                "refuse_conforming", "refuse_code32", "refuse_reserved_entry", "refuse_33_entries",
                "refuse_foreign_frame", "refuse_frames_unmapped", "refuse_update_misaligned",
                "refuse_update_page_table", "refuse_update_call_gate", "refuse_update_foreign",
                "load_ds", "far_ring1_code", "cs_kept", "cs_replaced_falls_back", "ring3_own_segments",
                "set_ldt_not_implemented", "removed");
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
        }

        // A27: descriptors given with the accessed bit clear are installed with it set
        // (seen in the CPU's GDT and through lar), so loading them never makes the CPU
        // write the read-only table, in ring 1 or in ring 0.
        [Fact]
        public void A27_AccessedBitIsForcedSoTheCpuNeverWritesTheGdt()
        {
            var r = GuestRun.Boot("a27-gdt-accessed", (GuestRun.Guest("testguest"), "name=tg -- scenarios=gdt"));
            GuestRun.AssertAllChecksPassed(r, "tg", 60, "gdt", "gdt_installed_accessed", "lar_accessed_bit", "frame_not_written",
                "load_ds", "load_fs", "read_through_fs", "selectors_kept", "update_visible");
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
        }

        // A17 across domains: one domain's descriptors and loaded selectors are never
        // visible to another; the owner's DS/FS come back after every switch, and come
        // back null once their descriptor is gone (the VMM does not fault reloading them).
        [Fact]
        public void A17_DescriptorsAndSelectorsDoNotCrossDomains()
        {
            var r = GuestRun.Boot("a17-gdt-pair",
                (GuestRun.Guest("testguest"), "name=owner -- scenarios=gdt role=owner"),
                (GuestRun.Guest("testguest"), "name=peer -- scenarios=gdt role=peer"));
            GuestRun.AssertAllChecksPassed(r, "owner", 5, "gdt", "owner_selectors_restored", "owner_removed_selector_nulled");
            GuestRun.AssertAllChecksPassed(r, "peer", 4, "gdt", "peer_registers_not_leaked", "peer_sees_only_its_descriptors");
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
        }
    }
}
