using System.IO;
using System.Linq;
using Ringwall.Tools.Elf;
using Xunit;

namespace Ringwall.Tools.Tests.Symbolizer
{
    public class ElfReaderTests
    {
        [Fact]
        public void Reads_sections_and_symbols_of_a_synthetic_image()
        {
            var elf = new ElfFile(SampleImage.Builder().Build());
            Assert.Equal(62, elf.Machine);
            var text = elf.Section(".text");
            Assert.Equal(SampleImage.B, text.Address);
            Assert.Equal((ulong)SampleImage.Text.Length, text.Size);
            Assert.True(text.IsExecutable);
            Assert.Equal(0x1000UL, elf.Section(".bss").Size);
            Assert.Equal(0, elf.Contents(elf.Section(".bss")).Length);
            var fault = elf.Symbols().Single(s => s.Name == SampleImage.Fault);
            Assert.Equal(9UL, fault.Size);
            Assert.Equal(ElfSymbol.TypeFunc, fault.Type);
            Assert.Equal(0x48, elf.BytesAt(SampleImage.B + 4, 1)[0]);
        }

        [Fact]
        public void Reads_a_real_toolchain_elf()
        {
            // /bin/true is stripped of .symtab but has ordinary sections.
            var elf = ElfFile.Load("/bin/true");
            Assert.NotNull(elf.Section(".text"));
            Assert.True(elf.Section(".text").Size > 0);
        }

        [Fact]
        public void Refuses_what_is_not_elf64()
        {
            Assert.Throws<InvalidDataException>(() => new ElfFile(new byte[100]));
            var bytes = SampleImage.Builder().Build();
            bytes[4] = 1;
            Assert.Throws<InvalidDataException>(() => new ElfFile(bytes));
            var truncated = SampleImage.Builder().Build()[..200];
            Assert.Throws<InvalidDataException>(() => new ElfFile(truncated));
        }
    }
}
