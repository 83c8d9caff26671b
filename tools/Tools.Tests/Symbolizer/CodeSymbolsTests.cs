using Ringwall.Tools.Elf;
using Ringwall.Tools.Symbolizer;
using Xunit;

namespace Ringwall.Tools.Tests.Symbolizer
{
    public class CodeSymbolsTests
    {
        private static readonly CodeSymbols Symbols = new CodeSymbols(new ElfFile(SampleImage.Builder().Build()));
        private const ulong B = SampleImage.B;

        [Fact]
        public void Finds_symbol_and_offset()
        {
            Assert.Equal(SampleImage.Fault + "+0x4", Symbols.Find(B + 4).Text);
            Assert.Equal(SampleImage.Main, Symbols.Find(B + 0x10).Text);
        }

        [Fact]
        public void Prefers_a_global_function_over_a_local_label_at_the_same_address()
        {
            Assert.Equal(SampleImage.Fault, Symbols.Find(B).Symbol.Name);
        }

        [Fact]
        public void Sized_symbol_does_not_cover_the_padding_after_it()
        {
            Assert.Null(Symbols.Find(B + 0x9));
        }

        [Fact]
        public void Unsized_label_reaches_to_the_end_of_its_section()
        {
            Assert.Equal("asm_stub+0x1", Symbols.Find(B + 0x1d).Text);
            Assert.Null(Symbols.Find(B + 0x1f));
        }

        [Fact]
        public void Data_symbols_and_addresses_outside_code_are_not_found()
        {
            Assert.Null(Symbols.Find(B - 1));
            Assert.Null(Symbols.Find(B + 0x1000));
            Assert.Null(Symbols.ByName("some_table"));
        }
    }
}
