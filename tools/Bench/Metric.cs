namespace Ringwall.Tools.Bench
{
    /// <summary>One figure of docs/bench.json (architecture.md section 10).</summary>
    public sealed class Metric
    {
        public static readonly string[] Units = { "instructions", "bytes", "ratio", "seconds" };
        public static readonly string[] Methods = { "icount", "tcg-wall", "static", "hardware" };

        public string Id { get; init; }
        public long Value { get; init; }
        public string Unit { get; init; }
        public long? Baseline { get; init; }
        public string BaselineOf { get; init; }
        public string Method { get; init; }
    }
}
