using Ringwall.Tools.Symbolizer;
using Xunit;

namespace Ringwall.Tools.Tests.Symbolizer
{
    public class IlcNamesTests
    {
        [Theory]
        [InlineData("Ringwall_Kernel_Ringwall_Kernel_Panic__Fault", "Ringwall.Kernel.Panic.Fault")]
        [InlineData("S_P_CoreLib_System_String__Concat", "System.String.Concat")]
        [InlineData("corelib_System_Object__GetType", "System.Object.GetType")]
        [InlineData("Ringwall_Kernel_Ringwall_Kernel_Frames__ctor", "Ringwall.Kernel.Frames.ctor")]
        [InlineData("Ringwall_Kernel_Ringwall_Kernel_Frames___ctor", "Ringwall.Kernel.Frames..ctor")]
        [InlineData("Ringwall_Kernel_Ringwall_Kernel_Frames___cctor", "Ringwall.Kernel.Frames..cctor")]
        [InlineData("Ringwall_Core_Ringwall_Core_List_1__Add", "Ringwall.Core.List`1.Add")]
        [InlineData("Ringwall_Kernel_Ringwall_Kernel_Cpu__get_Vendor", "Ringwall.Kernel.Cpu.get_Vendor")]
        [InlineData("Ringwall_Kernel_Ringwall_Core_Frames__Alloc", "Ringwall.Core.Frames.Alloc")]
        [InlineData("Ringwall_CoreLib_Ringwall_Runtime_Arena__Allocate", "Ringwall.Runtime.Arena.Allocate")]
        [InlineData("Ringwall_Kernel_Ringwall_Arch_Startup_KernelMain__Main", "Ringwall.Arch.Startup.KernelMain.Main")]
        [InlineData("Ringwall_Core_Ringwall_Core_Frames__Alloc", "Ringwall.Core.Frames.Alloc")]
        [InlineData("Other_Asm_Some_Type__M", null)]
        [InlineData("Internal_CompilerGenerated__Module___NativeLibraryStartup", null)]
        [InlineData("RhpFallbackFailFast", null)]
        [InlineData("__managedcode_a", null)]
        [InlineData("pvh_entry", null)]
        [InlineData("Ringwall_Core_Walker_1<Ringwall_Kernel_DirectMap>__Walk", null)]
        public void Demangles_only_what_is_unambiguous(string symbol, string expected)
        {
            Assert.Equal(expected, IlcNames.Demangle(symbol));
        }
    }
}
