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
    /// to QEMU's Unix socket (QEMU waits for it before starting the machine), reads
    /// everything COM1 prints and sends each step's bytes once its text has appeared.
    /// Ends when QEMU closes the socket or the run is cancelled.
    /// </summary>
    internal sealed class SerialFeeder
    {
        private readonly IReadOnlyList<SerialInput> steps;
        private readonly string path;
        private int sent;

        public SerialFeeder(string socketPath, IReadOnlyList<SerialInput> steps)
        {
            path = socketPath;
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
            // Latin-1 keeps one char per byte, so positions in the text are byte positions.
            var seen = new StringBuilder();
            int searchFrom = 0;
            var buffer = new byte[4096];
            searchFrom = await SendDueAsync(socket, seen, searchFrom, cancel).ConfigureAwait(false);
            while (!cancel.IsCancellationRequested)
            {
                int n;
                try
                {
                    n = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancel).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException || e is OperationCanceledException || e is ObjectDisposedException)
                {
                    return;
                }
                if (n == 0)
                    return;
                seen.Append(Encoding.Latin1.GetString(buffer, 0, n));
                searchFrom = await SendDueAsync(socket, seen, searchFrom, cancel).ConfigureAwait(false);
            }
        }

        // Sends every step whose text is now in `seen` (in order); returns where the next
        // step's text is searched from.
        private async Task<int> SendDueAsync(Socket socket, StringBuilder seen, int searchFrom, CancellationToken cancel)
        {
            while (sent < steps.Count)
            {
                SerialInput step = steps[sent];
                if (step.After != null)
                {
                    int at = seen.ToString().IndexOf(step.After, searchFrom, StringComparison.Ordinal);
                    if (at < 0)
                        return searchFrom;
                    searchFrom = at + step.After.Length;
                }
                try
                {
                    int done = 0;
                    while (done < step.Bytes.Length)
                        done += await socket.SendAsync(step.Bytes.AsMemory(done), SocketFlags.None, cancel).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException || e is OperationCanceledException || e is ObjectDisposedException)
                {
                    return searchFrom;
                }
                Interlocked.Increment(ref sent);
            }
            return searchFrom;
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
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancel).ConfigureAwait(false);
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
