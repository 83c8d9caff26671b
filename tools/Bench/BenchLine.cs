using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Ringwall.Tools.Bench
{
    /// <summary>
    /// Parses the VMM's measurement lines, exactly:
    /// <c>BENCH &lt;metric-id&gt; value=&lt;integer&gt; unit=&lt;instructions|bytes|ratio|seconds&gt; [baseline=&lt;integer&gt; baseline_of="&lt;text&gt;"]</c>.
    /// A line that starts with "BENCH " but does not fit is an error, never skipped.
    /// </summary>
    public static class BenchLine
    {
        public const string Prefix = "BENCH ";

        private static readonly Regex Form = new Regex(
            @"^BENCH (?<id>[a-z0-9_]+(?:\.[a-z0-9_]+)+) value=(?<value>-?[0-9]+) unit=(?<unit>instructions|bytes|ratio|seconds)"
            + @"(?: baseline=(?<baseline>-?[0-9]+) baseline_of=""(?<of>[^""]*)"")?$",
            RegexOptions.CultureInvariant);

        private static readonly Regex GuestPrefix = new Regex(@"^\[[a-z0-9_-]+\] ", RegexOptions.CultureInvariant);

        /// <summary>All BENCH lines of a serial log, in order, as metrics with the given method.</summary>
        public static List<Metric> ParseAll(string log, string method)
        {
            var result = new List<Metric>();
            var seen = new HashSet<string>();
            foreach (string raw in (log ?? "").Split('\n'))
            {
                // A guest's lines carry its domain name: "[bench] BENCH ...".
                string line = GuestPrefix.Replace(raw.TrimEnd('\r'), "");
                if (!line.StartsWith(Prefix, StringComparison.Ordinal))
                    continue;
                var m = Parse(line, method);
                if (!seen.Add(m.Id))
                    throw new FormatException($"metric '{m.Id}' is reported twice");
                result.Add(m);
            }
            return result;
        }

        public static Metric Parse(string line, string method)
        {
            var m = Form.Match(line);
            if (!m.Success)
                throw new FormatException($"malformed BENCH line: \"{line}\" (expected: BENCH <id> value=<integer> unit=<instructions|bytes|ratio|seconds> [baseline=<integer> baseline_of=\"<text>\"])");
            return new Metric
            {
                Id = m.Groups["id"].Value,
                Value = long.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture),
                Unit = m.Groups["unit"].Value,
                Baseline = m.Groups["baseline"].Success ? long.Parse(m.Groups["baseline"].Value, CultureInfo.InvariantCulture) : null,
                BaselineOf = m.Groups["of"].Success ? m.Groups["of"].Value : null,
                Method = method,
            };
        }
    }
}
