using System.Linq;
using Ringwall.Tools.Bench;
using Xunit;

namespace Ringwall.Tools.Tests.Bench
{
    public class BaselineLinksTests
    {
        [Fact]
        public void The_native_line_becomes_the_guest_figures_baseline_and_stays_a_metric()
        {
            var metrics = BenchLine.ParseAll(
                "BENCH syscall.native_round_trip value=4 unit=instructions\n[bench] BENCH syscall.guest_round_trip value=5 unit=instructions\n",
                "icount");
            var linked = BaselineLinks.Apply(metrics);
            var guest = linked.Single(m => m.Id == "syscall.guest_round_trip");
            Assert.Equal(5, guest.Value);
            Assert.Equal(4, guest.Baseline);
            Assert.Contains("ring 0", guest.BaselineOf);
            Assert.Contains(linked, m => m.Id == "syscall.native_round_trip" && m.Baseline == null);
        }

        [Fact]
        public void Without_the_native_line_nothing_is_made_up()
        {
            var metrics = BenchLine.ParseAll("BENCH syscall.guest_round_trip value=5 unit=instructions\n", "icount");
            Assert.Null(BaselineLinks.Apply(metrics).Single().Baseline);
        }
    }
}
