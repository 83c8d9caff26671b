using Ringwall.Runtime;

namespace Ringwall.Drivers.Uart
{
    // A 16550-compatible UART on the legacy COM1 ports. Output is polled; input raises
    // the UART's receive interrupt (ISA IRQ 4) once EnableReceiveInterrupt ran.
    // Invariants: Initialize runs once before the first Write; output never blocks
    // forever (a UART that never signals "transmitter empty" gets one bounded wait,
    // then its bytes are dropped until it does, so a stuck port cannot hang the VMM);
    // only the "received data" interrupt is ever enabled (never "transmitter empty",
    // which would fire endlessly).
    public static class Uart16550
    {
        public const ushort Com1 = 0x3F8;
        private const int Data = 0, InterruptEnable = 1, FifoControl = 2, LineControl = 3;
        private const int ModemControl = 4, LineStatus = 5, DivisorLow = 0, DivisorHigh = 1;
        private const byte TransmitterEmpty = 0x20, DataReady = 0x01;
        private const byte ReceivedDataInterrupt = 0x01, Out2 = 0x08;

        private static bool s_present;
        private static bool s_stuck;

        public static bool Present => s_present;

        // 115200 baud, 8 data bits, no parity, one stop bit, FIFOs on.
        public static void Initialize()
        {
            Machine.OutByte(Com1 + InterruptEnable, 0x00);
            Machine.OutByte(Com1 + LineControl, 0x80);      // divisor latch access
            Machine.OutByte(Com1 + DivisorLow, 0x01);       // 115200 / 1
            Machine.OutByte(Com1 + DivisorHigh, 0x00);
            Machine.OutByte(Com1 + LineControl, 0x03);      // 8N1, latch off
            Machine.OutByte(Com1 + FifoControl, 0x07);      // enable, clear, interrupt from 1 byte
            Machine.OutByte(Com1 + ModemControl, 0x03);     // DTR, RTS
            s_present = Machine.InByte(Com1 + LineStatus) != 0xFF;
        }

        // Input raises IRQ 4: "received data available" on, and OUT2, which on a PC
        // gates the UART's interrupt line to the interrupt controller.
        public static void EnableReceiveInterrupt()
        {
            Machine.OutByte(Com1 + ModemControl, 0x03 | Out2);
            Machine.OutByte(Com1 + InterruptEnable, ReceivedDataInterrupt);
        }

        // Receive interrupt off and on: if bytes are still waiting, the interrupt line
        // drops and rises again, a fresh edge for an edge-triggered controller.
        public static void RearmReceiveInterrupt()
        {
            Machine.OutByte(Com1 + InterruptEnable, 0x00);
            Machine.OutByte(Com1 + InterruptEnable, ReceivedDataInterrupt);
        }

        // One received byte, if the UART holds one.
        public static bool TryRead(out byte value)
        {
            if ((Machine.InByte(Com1 + LineStatus) & DataReady) == 0)
            {
                value = 0;
                return false;
            }
            value = Machine.InByte(Com1 + Data);
            return true;
        }

        // Waits for the transmitter to be empty (so the FIFO never holds more than this
        // byte: a UART, or QEMU's, that is written while its FIFO is full drops a byte),
        // for at most about 50 million status reads: seconds, far longer than any real
        // UART needs (87 us per byte at 115200 baud) or a QEMU chardev whose reader is
        // briefly descheduled takes (100,000 reads were too few: a test's log lost text).
        // A transmitter that stays busy that long is taken as stuck: from then on each
        // byte is dropped (and counted) unless the transmitter is empty at once, until
        // it empties again, so a stuck UART costs one long wait, not one per byte.
        public static void Write(byte value)
        {
            if (s_stuck)
            {
                if ((Machine.InByte(Com1 + LineStatus) & TransmitterEmpty) == 0)
                {
                    Dropped++;
                    return;
                }
                s_stuck = false;
            }
            for (int spin = 0; spin < 50000000; spin++)
            {
                if ((Machine.InByte(Com1 + LineStatus) & TransmitterEmpty) != 0)
                {
                    Machine.OutByte(Com1 + Data, value);
                    return;
                }
            }
            s_stuck = true;
            Dropped++;
        }

        // Bytes Write dropped because the transmitter was stuck.
        public static ulong Dropped;
    }
}
