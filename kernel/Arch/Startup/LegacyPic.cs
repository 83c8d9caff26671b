using Ringwall.Runtime;

namespace Ringwall.Arch.Startup
{
    // The 8259 pair firmware may leave enabled: masked, so no legacy IRQ reaches the
    // VMM (the local APIC will be used for timers).
    public static class LegacyPic
    {
        public static void MaskAll()
        {
            Machine.OutByte(0x21, 0xFF);
            Machine.OutByte(0xA1, 0xFF);
        }
    }
}
