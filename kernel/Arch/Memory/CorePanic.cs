using Ringwall.Core.Memory;
using Ringwall.Drivers.Console;
using Ringwall.Runtime;

namespace Ringwall.Arch.Memory
{
    // The memory core found one of its own invariants broken: stop the machine.
    public struct CorePanic : IPanicHandler
    {
        public void Panic(PanicReason reason, ulong detail)
        {
            Log.Error().Text("memory core invariant broken: reason ").Decimal((ulong)reason).Text(" detail ").Hex(detail).End();
            Ringwall.Runtime.Panic.Halt("memory core invariant broken (see the line above)");
        }
    }
}
