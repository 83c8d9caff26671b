using System;
using System.Collections.Generic;
using Ringwall.Tools.Qemu;

namespace Ringwall.Tools.Bench
{
    /// <summary>Boots the image under -icount with "bench" on its command line and collects its BENCH lines.</summary>
    public static class BenchRun
    {
        public static QemuOptions Options(string elfPath, TimeSpan timeout, string logName = "bench") => new QemuOptions
        {
            Name = logName,
            Image = elfPath,
            Boot = BootMode.Pvh,
            Append = "bench",
            Icount = true,
            Timeout = timeout,
        };

        /// <summary>
        /// Runs QEMU and returns the metrics, or throws <see cref="BenchException"/> with QEMU's
        /// account when the run did not end with <paramref name="expectedExit"/> or printed a panic.
        /// </summary>
        public static (List<Metric> Metrics, QemuResult Run) Measure(QemuOptions options, int expectedExit)
        {
            var run = QemuRunner.Run(options);
            if (run.HasPanic)
                throw new BenchException("the VMM panicked during the benchmark run\n" + run.Describe());
            if (!run.IsDebugExit(expectedExit))
                throw new BenchException($"the benchmark run did not end with debug-exit 0x{expectedExit:x2}\n" + run.Describe());
            try
            {
                return (BenchLine.ParseAll(run.SerialLog, "icount"), run);
            }
            catch (FormatException e)
            {
                throw new BenchException(e.Message + "\nserial log: " + run.LogPath);
            }
        }
    }

    /// <summary>A measurement that cannot be trusted; the runner reports it and writes nothing.</summary>
    public sealed class BenchException : Exception
    {
        public BenchException(string message) : base(message)
        {
        }
    }
}
