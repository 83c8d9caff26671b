using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Ringwall.Tools.Bench
{
    /// <summary>docs/bench.json: one object mapping metric id to {value, unit, baseline, baseline_of, method}, ids sorted.</summary>
    public static class BenchJson
    {
        public static string Render(IEnumerable<Metric> metrics)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                foreach (var m in metrics.OrderBy(m => m.Id, System.StringComparer.Ordinal))
                {
                    w.WriteStartObject(m.Id);
                    w.WriteNumber("value", m.Value);
                    w.WriteString("unit", m.Unit);
                    if (m.Baseline is long b)
                        w.WriteNumber("baseline", b);
                    else
                        w.WriteNull("baseline");
                    if (m.BaselineOf != null)
                        w.WriteString("baseline_of", m.BaselineOf);
                    else
                        w.WriteNull("baseline_of");
                    w.WriteString("method", m.Method);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n") + "\n";
        }
    }
}
