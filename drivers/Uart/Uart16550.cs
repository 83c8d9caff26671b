using Ringwall.Runtime;

namespace Ringwall.Drivers.Uart
{
    // A 16550-compatible UART on the legacy COM1 ports, polled (no interrupts).
    // Invariants: Initialize runs once before the first Write; output never blocks
    // forever (a UART that never signals "transmitter empty" is written anyway after a
    // bounded spin, so a missing port cannot hang the VMM).
    public static class Uart16550
    {
        public const ushort Com1 = 0x3F8;
        private const int Data = 0, InterruptEnable = 1, FifoControl = 2, LineControl = 3;
        private const int ModemControl = 4, LineStatus = 5, DivisorLow = 0, DivisorHigh = 1;
        private const byte TransmitterEmpty = 0x20;

        private static bool s_present;

        public static bool Present => s_present;

        // 115200 baud, 8 data bits, no parity, one stop bit, FIFOs on.
        public static void Initialize()
        {
            Machine.OutByte(Com1 + InterruptEnable, 0x00);
            Machine.OutByte(Com1 + LineControl, 0x80);      // divisor latch access
            Machine.OutByte(Com1 + DivisorLow, 0x01);       // 115200 / 1
            Machine.OutByte(Com1 + DivisorHigh, 0x00);
            Machine.OutByte(Com1 + LineControl, 0x03);      // 8N1, latch off
            Machine.OutByte(Com1 + FifoControl, 0xC7);      // enable, clear, 14-byte threshold
            Machine.OutByte(Com1 + ModemControl, 0x03);     // DTR, RTS
            s_present = Machine.InByte(Com1 + LineStatus) != 0xFF;
        }

        public static void Write(byte value)
        {
            for (int spin = 0; spin < 100000; spin++)
                if ((Machine.InByte(Com1 + LineStatus) & TransmitterEmpty) != 0) break;
            Machine.OutByte(Com1 + Data, value);
        }
    }
}
