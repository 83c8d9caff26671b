using System.Runtime.InteropServices;

namespace Ringwall.Arch.Entry
{
    // What the entry code reads from the per-CPU page (EntryLayout.PerCpu*). The page
    // is read-only in every mapping of the entry area; the VMM writes it through the
    // direct map. Nothing in it is secret (a guest on this CPU can read it).
    [StructLayout(LayoutKind.Sequential)]
    public struct PerCpuData
    {
        public ulong VmmCr3;
        public ulong GuestCr3;
        public ulong VmmStackTop;
        public ulong FpuArea;
        public uint Mxcsr;
        private uint _pad;
        public ulong EntryTarget;   // the C# function guest entries call (rw_guest_entry or EntryStats' wrapper)
    }
}
