using Ringwall.Runtime;

namespace Ringwall.Drivers.Apic
{
    // The legacy PIT's channel 2 as a one-shot stopwatch for calibrating the local
    // APIC timer: counts down at 1.193182 MHz with its gate on and the speaker off,
    // and raises port 0x61 bit 5 when it reaches zero.
    public static class Pit
    {
        public const uint Hz = 1193182;

        public static void WaitOneMillisecond()
        {
            const uint count = Hz / 1000;
            byte gate = Machine.InByte(0x61);
            Machine.OutByte(0x61, (byte)((gate & ~0x02) | 0x01));
            Machine.OutByte(0x43, 0xB0);                      // channel 2, lobyte/hibyte, mode 0
            Machine.OutByte(0x42, (byte)(count & 0xFF));
            Machine.OutByte(0x42, (byte)(count >> 8));
            for (uint spin = 0; spin < 100000000; spin++)
                if ((Machine.InByte(0x61) & 0x20) != 0) return;
        }
    }
}
