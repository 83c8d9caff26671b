using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Ringwall.Tools.Qemu
{
    /// <summary>
    /// The runner's end of COM1 when a run has <see cref="QemuOptions.SerialInput"/>: connects
    /// to QEMU's Unix socket (QEMU waits for it before starting the machine); a reader thread
    /// copies everything COM1 prints to the serial log as it arrives, and a sender thread
    /// sends each step's bytes once its text has appeared. The log is written from the socket
    /// rather than by QEMU's chardev logfile, which records a byte twice when the socket was
    /// momentarily full and QEMU retried it. Dedicated threads (not the thread pool) keep the
    /// output drained, so the guest's serial output never waits on a busy test process.
    /// </summary>
    internal sealed class SerialFeeder
    {
        private readonly IReadOnlyList<SerialInput> steps;
        private readonly string socketPath;
        private readonly string logPath;
        private readonly object gate = new object();
        private readonly StringBuilder seen = new StringBuilder();
        private bool ended;
        private int sent;

        public SerialFeeder(string socketPath, string logPath, IReadOnlyList<SerialInput> steps)
        {
            this.socketPath = socketPath;
            this.logPath = logPath;
            this.steps = steps;
        }

        public int Sent => Volatile.Read(ref sent);

        /// <summary>A socket path short enough for sockaddr_un (108 bytes) and free of commas.</summary>
        public static string NewSocketPath() =>
            Path.Combine(Path.GetTempPath(), "rw-com1-" + Guid.NewGuid().ToString("N").Substring(0, 12) + ".sock");

        public async Task RunAsync(Process qemu, CancellationToken cancel)
        {
            using Socket socket = await ConnectAsync(qemu, cancel).ConfigureAwait(false);
            if (socket == null)
                return;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var reader = new Thread(() => Read(socket)) { IsBackground = true, Name = "com1-reader" };
            var sender = new Thread(() => Send(socket)) { IsBackground = true, Name = "com1-sender" };
            using CancellationTokenRegistration stop = cancel.Register(() => End());
            reader.Start();
            sender.Start();
            await Task.Run(() => { reader.Join(); End(); sender.Join(); }).ConfigureAwait(false);
        }

        private void End()
        {
            lock (gate)
            {
                ended = true;
                Monitor.PulseAll(gate);
            }
        }

        private void Read(Socket socket)
        {
            using var log = new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[4096];
            while (true)
            {
                int n;
                try
                {
                    n = socket.Receive(buffer);
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                {
                    return;
                }
                if (n == 0)
                    return;
                log.Write(buffer, 0, n);
                log.Flush();
                lock (gate)
                {
                    // Latin-1 keeps one char per byte.
                    seen.Append(Encoding.Latin1.GetString(buffer, 0, n));
                    Monitor.PulseAll(gate);
                }
            }
        }

        private void Send(Socket socket)
        {
            int searchFrom = 0;
            foreach (SerialInput step in steps)
            {
                lock (gate)
                {
                    while (step.After != null)
                    {
                        int at = seen.ToString().IndexOf(step.After, searchFrom, StringComparison.Ordinal);
                        if (at >= 0)
                        {
                            searchFrom = at + step.After.Length;
                            break;
                        }
                        if (ended)
                            return;
                        Monitor.Wait(gate);
                    }
                    if (ended)
                        return;
                }
                try
                {
                    int done = 0;
                    while (done < step.Bytes.Length)
                        done += socket.Send(step.Bytes, done, step.Bytes.Length - done, SocketFlags.None);
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                {
                    return;
                }
                Interlocked.Increment(ref sent);
            }
        }

        // QEMU creates the socket shortly after it starts; retries until it accepts, QEMU
        // exits, or the run is cancelled (null then).
        private async Task<Socket> ConnectAsync(Process qemu, CancellationToken cancel)
        {
            while (!cancel.IsCancellationRequested && !qemu.HasExited)
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel).ConfigureAwait(false);
                    return socket;
                }
                catch (Exception e) when (e is SocketException || e is OperationCanceledException)
                {
                    socket.Dispose();
                }
                try
                {
                    await Task.Delay(20, cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }
            return null;
        }
    }
}
