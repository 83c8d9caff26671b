using System;
using System.Globalization;

namespace Ringwall.Tools.Fuzz
{
    /// <summary>
    /// Bounds the verdict holds the measured figures to. The longest VMM entry is held to
    /// issue 9's target (1,000,000 instructions) when the VMM reports it; the heartbeat's
    /// longest time off the CPU to 50 ms (five 10 ms slices: with three domains of weight 1
    /// it is about one slice when every VMM entry is short). FUZZ_MAX_ENTRY (instructions)
    /// and FUZZ_MAX_GAP_MS override them.
    /// </summary>
    public sealed class FuzzLimits
    {
        public const long DefaultMaxEntryInstructions = 1_000_000;
        public const long DefaultMaxGapNs = 50_000_000;

        public long MaxEntryInstructions { get; init; } = DefaultMaxEntryInstructions;
        public long MaxGapNs { get; init; } = DefaultMaxGapNs;

        public static FuzzLimits FromEnvironment()
        {
            return new FuzzLimits
            {
                MaxEntryInstructions = Read("FUZZ_MAX_ENTRY", DefaultMaxEntryInstructions, 1),
                MaxGapNs = Read("FUZZ_MAX_GAP_MS", DefaultMaxGapNs / 1_000_000, 1_000_000),
            };
        }

        private static long Read(string name, long fallback, long scale)
        {
            string text = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrWhiteSpace(text))
                return fallback * scale;
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value <= 0)
                throw new ArgumentException($"{name}={text}: expected a positive whole number");
            return value * scale;
        }
    }
}
