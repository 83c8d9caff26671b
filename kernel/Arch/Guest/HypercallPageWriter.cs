using Ringwall.Abi;
using Ringwall.Arch.Cpu;

namespace Ringwall.Arch.Guest
{
    // Fills a guest's hypercall page: stub N at N * 32 is `mov eax, N; int 0x82; ret`
    // (B8 imm32, CD 82, C3), the rest of each stub `int3`. The VMM owns the encoding,
    // so it may change the entry instruction without touching guests.
    public static unsafe class HypercallPageWriter
    {
        public static void Write(byte* page)
        {
            for (int n = 0; n < HypercallPage.Max; n++)
            {
                byte* stub = page + n * HypercallPage.StubSize;
                for (int i = 0; i < HypercallPage.StubSize; i++) stub[i] = 0xCC;
                stub[0] = 0xB8;
                *(uint*)(stub + 1) = (uint)n;
                stub[5] = 0xCD;
                stub[6] = (byte)DescriptorTables.HypercallVector;
                stub[7] = 0xC3;
            }
        }
    }
}
