using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Ringwall.Tools.Qemu
{
    /// <summary>Starts QEMU, waits for it under the run's timeout, and collects a <see cref="QemuResult"/>.</summary>
    public static class QemuRunner
    {
        public static QemuResult Run(QemuOptions options) => RunAsync(options).GetAwaiter().GetResult();

        public static async Task<QemuResult> RunAsync(QemuOptions options, CancellationToken cancel = default)
        {
            QemuCommandLine.Validate(options);
            string logDir = Path.GetFullPath(options.LogDirectory ?? RepoPaths.TestLogs);
            Directory.CreateDirectory(logDir);
            string logPath = Path.Combine(logDir, options.Name + ".log");
            File.Delete(logPath);

            string socketPath = options.SerialInput.Count > 0 ? SerialFeeder.NewSocketPath() : null;
            var args = QemuCommandLine.Build(options, logPath, socketPath);
            var psi = new ProcessStartInfo(options.QemuPath)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in args)
                psi.ArgumentList.Add(a);

            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            var clock = Stopwatch.StartNew();
            using var process = new Process { StartInfo = psi };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException($"Cannot start '{options.QemuPath}': {e.Message}. Is QEMU installed?", e);
            }
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            bool timedOut = false;
            SerialFeeder feeder = null;
            Task feeding = Task.CompletedTask;
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                limit.CancelAfter(options.Timeout);
                if (socketPath != null)
                {
                    feeder = new SerialFeeder(socketPath, logPath, options.SerialInput);
                    feeding = feeder.RunAsync(process, limit.Token);
                }
                try
                {
                    await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    timedOut = !cancel.IsCancellationRequested;
                    KillTree(process);
                    if (!timedOut)
                        throw;
                }
                if (socketPath != null)
                {
                    // QEMU is gone (or killed), so its end of the socket closes and the feeder ends.
                    process.WaitForExit();
                    await Task.WhenAny(feeding, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
                    File.Delete(socketPath);
                }
            }
            // Let the asynchronous readers drain to end of stream.
            process.WaitForExit();
            clock.Stop();

            string err;
            lock (stderr) err = stderr.ToString();
            string output;
            lock (stdout) output = stdout.ToString();
            int code = timedOut ? -1 : process.ExitCode;
            var (outcome, value) = timedOut ? (QemuOutcome.Timeout, (int?)null) : ExitStatus.Decode(code, err);

            return new QemuResult
            {
                Name = options.Name,
                ExitCode = code,
                Outcome = outcome,
                ExitValue = value,
                SerialLog = ReadLog(logPath),
                LogPath = logPath,
                StdErr = err,
                StdOut = output,
                SerialInputsSent = feeder?.Sent ?? 0,
                WallTime = clock.Elapsed,
                Timeout = options.Timeout,
                CommandLine = Quote(options.QemuPath) + " " + string.Join(" ", args.Select(Quote)),
            };
        }

        private static void KillTree(Process process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited between the timeout and the kill.
            }
        }

        private static string ReadLog(string path)
        {
            if (!File.Exists(path))
                return "";
            // QEMU may still hold the file briefly; share it for reading.
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(fs, new UTF8Encoding(false, false));
            return reader.ReadToEnd();
        }

        private static string Quote(string s)
        {
            if (s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "-_.,/:=+@%".IndexOf(c) >= 0))
                return s;
            return "'" + s.Replace("'", "'\\''") + "'";
        }
    }
}
