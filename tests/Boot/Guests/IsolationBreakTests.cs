using System.Linq;
using Ringwall.Tests.Boot.Harness;
using Ringwall.Tools.Qemu;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    // Issue 9, findings 1 and 2 (scenario classes A10, A11): hostile guests that try to
    // make the CPU, or the VMM's own walk of guest tables, follow tables the VMM no
    // longer validates. Each attacker (testguest scenarios a10root / a11batch, one
    // shape per domain, tests/guests/testguest/a10root.c and a11batch.c) reports ok
    // only with the outcome a safe VMM gives, and FAIL with what it could read or
    // write; a sentinel bystander next to them verifies its own memory. The attackers
    // overwrite the sentinel's marker pages when they can reach them, so a breach also
    // shows as "SENTINEL bystander CORRUPT".
    public class IsolationBreakTests
    {
        private static (byte[] image, string commandLine) Attacker(string name, string scenario, string args, string domainOptions = "")
            => (GuestRun.Guest("testguest"), $"name={name} mem=8M {domainOptions} -- scenarios={scenario} {args}".Replace("  ", " "));

        private static QemuResult BootWithBystander(string run, params (byte[] image, string commandLine)[] attackers)
            => GuestRun.Boot(run, o => o.Memory = "256M",
                attackers.Concat(new[] { Sentinel.Bystander("by", ms: 3000) }).ToArray());

        private static void AssertHeld(QemuResult r, string domain, string scenario, params string[] checks)
            => GuestRun.AssertAllChecksPassed(r, domain, checks.Length, scenario, checks);

        // A10, the review's shape: one mmuext_op UNPIN X; NEW_BASEPTR Y; COPY_PAGE(X <- S);
        // NEW_BASEPTR X, with S = X whose kernel slot links a copy of the kernel's L3.
        // Then the old L3 is mapped writable, gets an L3 entry to an L2 of 2 MiB entries
        // over machine memory, and is read through.
        // Unfixed VMM (12fe9d4): the CPU kept walking the old root copy:
        //   RESULT a10root.copy.forged_walk FAIL read machine frame 100 (not this
        //   domain's) through the forged walk: e85250d6; 63488 foreign frames readable,
        //   68 hold the sentinel marker, 68 overwritten
        //   SENTINEL bystander CORRUPT frame=56 word=3 got=5a expected=38
        // (e85250d6: the VMM image's multiboot2 header, at 1 MiB.)
        [Fact]
        public void A10_StaleRootCopyGivesNoWayToMachineMemory()
        {
            var r = BootWithBystander("a10-root-copy", Attacker("att", "a10root", "shape=copy"));
            AssertHeld(r, "att", "a10root", "copy.forged_walk");
            Sentinel.AssertIntact(r, "by", 64);
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Sentinel.AssertEveryFrameReturned(r, 2);
        }

        // A10, variations (tests/guests/testguest/a10root.c lists them): the same steps
        // split over two mmuext_ops, across the VMM's 64-element continuation, as four
        // multicall entries, with ABA base changes, on an empty spare slot (3) instead of
        // the kernel's, one level down (old L3 and old L2 both unlinked; 2 MiB entries
        // written into the old L2), and made by vCPU 1 of a 2-vCPU domain while vCPU 0
        // runs on another base. Two more are guards that already hold on the unfixed
        // VMM and must keep holding: the L4 slot rewritten by mmu_update while X is not
        // the base (the root is marked stale), and CLEAR_PAGE X (the rest of the batch
        // then cannot be read through the cleared X; a safe VMM instead runs the domain
        // on an empty L4 and destroys it: no FAIL either way).
        // Unfixed VMM: split, continuation, multicall, aba, l2level, spare (slot 3) and
        // vcpu1 each printed
        //   RESULT a10root.<shape>.forged_walk FAIL read machine frame 100 (not this
        //   domain's) through the forged walk: e85250d6; 63488 foreign frames readable,
        //   68 hold the sentinel marker, 68 overwritten
        // and the bystander reported CORRUPT; mmuupdate (both slots) and clear passed.
        [Fact]
        public void A10_StaleRootCopyVariationsGiveNoWayToMachineMemory()
        {
            string[] shapes = { "split", "continuation", "multicall", "aba", "l2level", "mmuupdate" };
            var attackers = shapes.Select(s => Attacker(s, "a10root", "shape=" + s)).ToList();
            attackers.Add(Attacker("spare", "a10root", "shape=copy slot=3"));
            attackers.Add(Attacker("sparemmu", "a10root", "shape=mmuupdate slot=3"));
            attackers.Add(Attacker("vcpu1", "a10root", "shape=vcpu1", "vcpus=2"));
            attackers.Add(Attacker("clear", "a10root", "shape=clear"));
            var r = BootWithBystander("a10-root-variations", attackers.ToArray());
            foreach (string s in shapes)
                AssertHeld(r, s, "a10root", s + ".forged_walk");
            AssertHeld(r, "spare", "a10root", "copy.forged_walk");
            AssertHeld(r, "sparemmu", "a10root", "mmuupdate.forged_walk");
            AssertHeld(r, "vcpu1", "a10root", "vcpu1.forged_walk", "vcpu1.finished");
            var clear = GuestRun.ConsoleOf(r, "clear");
            Assert.Contains("RESULT a10root.clear.attempt ok", clear);
            Assert.True(!clear.Any(l => l.Contains(" FAIL")), string.Join("\n", clear) + "\n" + Vm.Explain(r));
            Sentinel.AssertIntact(r, "by", 64);
            Assert.DoesNotContain("RINGWALL PANIC", r.SerialLog);
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Sentinel.AssertEveryFrameReturned(r, attackers.Count + 1);
        }

        // A11, the review's shape: inside one mmuext_op, UNPIN X; NEW_BASEPTR Y;
        // COPY_PAGE(X <- F) with F a forged "L4" in an ordinary frame, then one more
        // element; pdone's address is translated by F into another domain's frame (the
        // sentinel's first filled frame, found in the M2P), word 2.
        // Unfixed VMM: the count went there:
        //   RESULT a11batch.pdone_foreign.round0 FAIL answered 0, pdone at its address
        //   ffffffff (expected 0 and 4): the count went to machine frame ef2f, another
        //   domain's
        //   SENTINEL bystander CORRUPT frame=0 word=2 got=8a64b0700000004 expected=8a64b07b54df8d4
        [Fact]
        public void A11_BatchCannotWriteThroughABaseItLeft()
        {
            var r = BootWithBystander("a11-batch-pdone", Attacker("att", "a11batch", "shape=pdone_foreign"));
            AssertHeld(r, "att", "a11batch", "pdone_foreign.target_found", "pdone_foreign.round0");
            Sentinel.AssertIntact(r, "by", 64);
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Sentinel.AssertEveryFrameReturned(r, 2);
        }

        // A11, variations: what the VMM reads or writes after the switch inside the
        // batch comes from the tables the vCPU holds then, never from the abandoned
        // frame: the request array itself (with NEW_BASEPTR before or after UNPIN), the
        // pdone write (into a frame of the attacker that nothing maps writable), the vCPU
        // mask of TLB_FLUSH_MULTI and INVLPG_MULTI, the entries of a multicall, the
        // request array of an inner mmu_update, and the multicall's result write.
        // Unfixed VMM, one FAIL each:
        //   array/order: answered 0 with pdone ffffffff (own tables give -EINVAL and 3)
        //   pdone: pdone at its address ffffffff; a frame nothing maps writable now holds 4
        //   mask, mask_invlpg: answered -EINVAL, pdone ffffffff (own tables give 0 and 4)
        //   mc_entries: answered 0 (own tables: -EPERM); mc_inner: answered 0, inner result 0
        //   mc_results: result word 5e57000000000000; a frame nothing maps writable now holds 0
        [Fact]
        public void A11_BatchReadsAndWritesOnlyThroughTheBaseItHolds()
        {
            var checks = new (string shape, string[] checks)[]
            {
                ("array", new[] { "array.element3_from_own_tables" }),
                ("order", new[] { "order.element3_from_own_tables" }),
                ("pdone", new[] { "pdone.pdone_written", "pdone.nothing_else_written" }),
                ("mask", new[] { "mask.mask_from_own_tables" }),
                ("mask_invlpg", new[] { "mask_invlpg.mask_from_own_tables" }),
                ("mc_entries", new[] { "mc_entries.entry1_from_own_tables" }),
                ("mc_inner", new[] { "mc_inner.request_from_own_tables" }),
                ("mc_results", new[] { "mc_results.result_at_its_entry", "mc_results.nothing_else_written" }),
            };
            var r = BootWithBystander("a11-batch-variations",
                checks.Select(c => Attacker(c.shape.Replace("_", ""), "a11batch", "shape=" + c.shape)).ToArray());
            foreach (var c in checks)
                AssertHeld(r, c.shape.Replace("_", ""), "a11batch", c.checks);
            Sentinel.AssertIntact(r, "by", 64);
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Sentinel.AssertEveryFrameReturned(r, checks.Length + 1);
        }

        // A11: a forged table entry (at L2, and at L3) naming a frame far outside RAM,
        // met by the VMM's walk of the batch's next element: the VMM must neither fault
        // nor follow it.
        // Unfixed VMM: "*** RINGWALL PANIC: CPU exception #GP (general protection) in the
        // VMM" in GuestVirtualMemory.Translate (from TryRead64 <- ReadMmuExtOp <-
        // MmuExtOp <- MemoryCalls.Batch), QEMU exit 0x71 (CPU exception).
        [Fact]
        public void A11_ForgedTableOutsideRamCannotFaultTheVmm()
        {
            var r = BootWithBystander("a11-batch-outside",
                Attacker("l2", "a11batch", "shape=outside"),
                Attacker("l3", "a11batch", "shape=outside_l3"));
            Assert.DoesNotContain("RINGWALL PANIC", r.SerialLog);
            AssertHeld(r, "l2", "a11batch", "outside.pdone_written", "outside.nothing_else_written");
            AssertHeld(r, "l3", "a11batch", "outside.pdone_written", "outside.nothing_else_written");
            Sentinel.AssertIntact(r, "by", 64);
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Sentinel.AssertEveryFrameReturned(r, 3);
        }
    }
}
