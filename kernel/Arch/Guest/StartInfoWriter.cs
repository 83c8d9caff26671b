using Ringwall.Abi;
using Ringwall.Core.Domains;

namespace Ringwall.Arch.Guest
{
    // Fills a domain's start_info page (layout: guestabi, struct start_info).
    public static unsafe class StartInfoWriter
    {
        public static void Write(byte* page, in StartOfDayLayout layout, ulong pages, ulong sharedInfoMachine,
            byte[] strings, int commandLineStart, int commandLineLength)
        {
            for (int i = 0; i < 4096; i++) page[i] = 0;
            string magic = StartInfoMagic.Magic;
            for (int i = 0; i < magic.Length && i < StartInfo.MagicCount - 1; i++) page[StartInfo.MagicOffset + i] = (byte)magic[i];
            *(ulong*)(page + StartInfo.NrPagesOffset) = pages;
            *(ulong*)(page + StartInfo.SharedInfoOffset) = sharedInfoMachine;
            *(ulong*)(page + StartInfo.PtBaseOffset) = layout.PageTableVa;
            *(ulong*)(page + StartInfo.NrPtFramesOffset) = layout.PageTableCount;
            *(ulong*)(page + StartInfo.MfnListOffset) = layout.P2MVa;
            int n = commandLineLength < StartInfo.CmdLineCount - 1 ? commandLineLength : StartInfo.CmdLineCount - 1;
            for (int i = 0; i < n; i++) page[StartInfo.CmdLineOffset + i] = strings[commandLineStart + i];
        }
    }
}
