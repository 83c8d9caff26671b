using Ringwall.Abi;
using Ringwall.Core.Guests;

namespace Ringwall.Arch.Guest
{
    // System time: nanoseconds since the clock started (TSC-based), and what a guest
    // needs to compute it itself (vcpu_time_info: a TSC timestamp, the system time at
    // that moment, and the scale). The TSC is assumed invariant (constant rate), so a
    // guest's time info is written once; the rate is measured against the PIT at boot
    // (kernel/Arch/Guest/SchedulerTick.cs). Not measured yet: a TSC that changes rate
    // with power states (such machines would need updates on every switch).
    public static unsafe class Clock
    {
        private static ulong s_startTsc;
        private static TimeScale s_scale;
        private static bool s_ready;

        public static bool Ready => s_ready;
        public static TimeScale Scale => s_scale;

        public static void Start(ulong startTsc, ulong tscPerSecond)
        {
            s_startTsc = startTsc;
            s_scale = TimeScale.For(tscPerSecond);
            s_ready = tscPerSecond != 0;
        }

        public static ulong NowNanoseconds() => s_ready ? s_scale.ToNanoseconds(Cpu.Cpu.ReadTimestamp() - s_startTsc) : 0;

        // Fills a vcpu_time_info (the version goes odd while it changes, even after).
        public static void Publish(byte* timeInfo)
        {
            if (!s_ready) return;
            uint* version = (uint*)(timeInfo + VcpuTimeInfo.VersionOffset);
            *version = *version + 1;
            ulong tsc = Cpu.Cpu.ReadTimestamp();
            *(ulong*)(timeInfo + VcpuTimeInfo.TscTimestampOffset) = tsc;
            *(ulong*)(timeInfo + VcpuTimeInfo.SystemTimeOffset) = s_scale.ToNanoseconds(tsc - s_startTsc);
            *(uint*)(timeInfo + VcpuTimeInfo.TscToSystemMulOffset) = s_scale.Multiplier;
            *(sbyte*)(timeInfo + VcpuTimeInfo.TscShiftOffset) = (sbyte)s_scale.Shift;
            *version = *version + 1;
        }
    }
}
