using System.Collections.Generic;
using System.Linq;

namespace Ringwall.Tools.Bench
{
    /// <summary>
    /// Figures whose baseline another line of the same run reports: the guest cannot see the
    /// VMM's native measurement, so the VMM prints it as its own metric and it is attached
    /// here (and kept as a metric of its own).
    /// </summary>
    public static class BaselineLinks
    {
        public static readonly (string Metric, string BaselineMetric, string BaselineOf)[] Links =
        {
            ("syscall.guest_round_trip", "syscall.native_round_trip",
             "the same loop from ring 3 to ring 0, native (VMM at boot, same run)"),
        };

        /// <summary>The metrics with each linked figure's baseline filled in from its partner, when both are present.</summary>
        public static List<Metric> Apply(List<Metric> metrics)
        {
            var result = new List<Metric>(metrics);
            foreach (var (id, baselineId, of) in Links)
            {
                int i = result.FindIndex(m => m.Id == id);
                var baseline = result.FirstOrDefault(m => m.Id == baselineId);
                if (i < 0 || baseline == null || result[i].Baseline != null)
                    continue;
                var m = result[i];
                result[i] = new Metric { Id = m.Id, Value = m.Value, Unit = m.Unit, Baseline = baseline.Value, BaselineOf = of, Method = m.Method };
            }
            return result;
        }
    }
}
