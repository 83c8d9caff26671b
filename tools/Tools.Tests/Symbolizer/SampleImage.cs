using System.IO;
using Ringwall.Tools.Qemu;
using Ringwall.Tools.Tests.Support;

namespace Ringwall.Tools.Tests.Symbolizer
{
    /// <summary>A synthetic VMM image at 0xFFFFFFFF80000000 with three code symbols.</summary>
    public static class SampleImage
    {
        public const ulong B = ElfBuilder.Base;
        public const string Fault = "Ringwall_Kernel_Ringwall_Kernel_Panic__Fault";
        public const string Main = "Ringwall_Kernel_Ringwall_Kernel_Boot__Main";

        public static readonly byte[] Text =
        {
            // Fault @+0x00, size 9
            0x55,                           // 00 push rbp
            0x48, 0x89, 0xe5,               // 01 mov rbp,rsp
            0x48, 0x89, 0x08,               // 04 mov [rax],rcx   <- the faulting instruction
            0x5d,                           // 07 pop rbp
            0xc3,                           // 08 ret
            0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc,
            // Main @+0x10, size 0xc
            0x55,                           // 10 push rbp
            0xe8, 0xea, 0xff, 0xff, 0xff,   // 11 call Fault      (returns to +0x16)
            0x5d,                           // 16 pop rbp
            0xe8, 0xe4, 0xff, 0xff, 0xff,   // 17 call Fault      (returns to +0x1c, the end of Main)
            // asm_stub @+0x1c, NOTYPE local, no size
            0xf4,                           // 1c hlt
            0xeb, 0xfd,                     // 1d jmp asm_stub
        };

        public static ElfBuilder Builder() => new ElfBuilder { Text = Text }
            .Symbol(Fault, B, 9)
            .Symbol("alias_of_fault", B, 0, type: 0, bind: 0)
            .Symbol(Main, B + 0x10, 0xc)
            .Symbol("asm_stub", B + 0x1c, 0, type: 0, bind: 0)
            .Symbol("some_table", B + 0x1000 * 1, 0x10, type: 1, section: 2);

        public static string Path(string name) =>
            Builder().WriteTo(System.IO.Path.Combine(RepoPaths.Build, "test-fixtures", name + ".elf"));
    }
}
