using System.Linq;
using Ringwall.Tests.Boot.Harness;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    // docs/guests.md allows 16 modules in a pack: all 16 become domains and run (the
    // memory bench's scratch domain slot, 15, is torn down before domains are built; it
    // used to keep the 16th module from starting, without a word).
    public class ModuleLimitTests
    {
        [Fact]
        public void SixteenModulesStartSixteenDomainsThatAllRun()
        {
            var modules = Enumerable.Range(0, 16)
                .Select(i => (GuestRun.Guest("hello"), "name=d" + i + " mem=8M -- who=d" + i + " exit=" + i)).ToArray();
            var r = GuestRun.Boot("sixteen-domains", o => o.Memory = "256M", modules);
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^Ringwall: boot complete; starting 16 domains$").Success, Vm.Explain(r));
            for (int i = 0; i < 16; i++)
            {
                Assert.True(SerialLog.Find(r.SerialLog, @"^domain " + i + @" \(d" + i + @"\): shutdown reason=poweroff code=" + i + "$").Success,
                    "domain " + i + " did not run to its exit\n" + Vm.Explain(r));
                Assert.Contains("hello: all checks ok, exiting with code " + i, GuestRun.ConsoleOf(r, "d" + i));
            }
            Assert.DoesNotContain("ignored: at most", r.SerialLog);
        }
    }
}
