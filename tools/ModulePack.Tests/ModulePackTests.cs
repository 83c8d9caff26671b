using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace Ringwall.Tools.ModulePack.Tests
{
    public sealed class ModulePackTests : IDisposable
    {
        private readonly string dir = Path.Combine(Path.GetTempPath(), "modulepack-tests-" + Guid.NewGuid().ToString("N"));

        public ModulePackTests() => Directory.CreateDirectory(dir);

        public void Dispose() => Directory.Delete(dir, true);

        private string File(string name, byte[] data)
        {
            string path = Path.Combine(dir, name);
            System.IO.File.WriteAllBytes(path, data);
            return path;
        }

        private static byte[] Bytes(int n, byte seed) => Enumerable.Range(0, n).Select(i => (byte)(seed + i)).ToArray();

        private static ulong U64(byte[] b, int at) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at));
        private static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));

        [Fact]
        public void TwoModulesHaveTheExactLayout()
        {
            byte[] a = Bytes(5000, 1), b = Bytes(10, 7);
            string out_ = Path.Combine(dir, "out.pack");
            ModulePack.Write(out_, new[] {
                (File("a.elf", a), "name=a mem=16M -- exit=3"),
                (File("b.elf", b), "name=b"),
            });
            byte[] p = System.IO.File.ReadAllBytes(out_);

            Assert.Equal(Encoding.ASCII.GetBytes("RWPACK1\0"), p.Take(8).ToArray());
            Assert.Equal(2u, U32(p, 8));
            Assert.Equal(0u, U32(p, 12));
            // Entry 0 at +16, entry 1 at +272; data from 4096, each file 4096-aligned.
            Assert.Equal(4096ul, U64(p, 16));
            Assert.Equal(5000ul, U64(p, 24));
            Assert.Equal(12288ul, U64(p, 16 + 256));
            Assert.Equal(10ul, U64(p, 24 + 256));
            var cmd0 = Encoding.ASCII.GetBytes("name=a mem=16M -- exit=3");
            Assert.Equal(cmd0, p.Skip(32).Take(cmd0.Length).ToArray());
            Assert.All(p.Skip(32 + cmd0.Length).Take(240 - cmd0.Length), x => Assert.Equal(0, x));
            Assert.Equal(Encoding.ASCII.GetBytes("name=b"), p.Skip(32 + 256).Take(6).ToArray());
            Assert.All(p.Skip(32 + 256 + 6).Take(234), x => Assert.Equal(0, x));
            // Between the table and the first file, and between the files: zeros.
            Assert.All(p.Skip(16 + 2 * 256).Take(4096 - 16 - 2 * 256), x => Assert.Equal(0, x));
            Assert.Equal(a, p.Skip(4096).Take(5000).ToArray());
            Assert.All(p.Skip(4096 + 5000).Take(12288 - 4096 - 5000), x => Assert.Equal(0, x));
            Assert.Equal(b, p.Skip(12288).ToArray());
            Assert.Equal(12288 + 10, p.Length);
        }

        [Fact]
        public void SixteenModulesFitAndTheTableStaysInTheFirstPages()
        {
            var mods = Enumerable.Range(0, 16).Select(i => (Bytes(100 + i, (byte)i), $"name=g{i}")).ToList();
            byte[] p = ModulePack.Build(mods);
            Assert.Equal(16u, U32(p, 8));
            // Table: 16 + 16 * 256 = 4112 bytes, so the first file starts at 8192.
            Assert.Equal(8192ul, U64(p, 16));
            for (int i = 0; i < 16; i++) {
                ulong off = U64(p, 16 + 256 * i);
                Assert.Equal(0ul, off % 4096);
                Assert.Equal((ulong)(100 + i), U64(p, 24 + 256 * i));
                Assert.Equal(mods[i].Item1, p.Skip((int)off).Take(100 + i).ToArray());
            }
        }

        [Fact]
        public void EmptyFileIsAllowedAndAligned()
        {
            byte[] p = ModulePack.Build(new List<(byte[], string)> { (Array.Empty<byte>(), "name=e"), (Bytes(3, 9), "name=f") });
            Assert.Equal(4096ul, U64(p, 16));
            Assert.Equal(0ul, U64(p, 24));
            Assert.Equal(4096ul, U64(p, 16 + 256));
            Assert.Equal(4096 + 3, p.Length);
        }

        [Fact]
        public void CommandLineOf239BytesFits()
        {
            string cmd = new string('x', 239);
            byte[] p = ModulePack.Build(new List<(byte[], string)> { (Bytes(1, 0), cmd) });
            Assert.Equal((byte)'x', p[32 + 238]);
            Assert.Equal(0, p[32 + 239]);
        }

        [Fact]
        public void RefusesNoModules() =>
            Assert.Contains("1 to 16", Assert.Throws<ModulePackException>(
                () => ModulePack.Write(Path.Combine(dir, "o"), Array.Empty<(string, string)>())).Message);

        [Fact]
        public void RefusesSeventeenModules()
        {
            string f = File("a.elf", Bytes(1, 0));
            var mods = Enumerable.Range(0, 17).Select(i => (f, $"name=g{i}"));
            Assert.Throws<ModulePackException>(() => ModulePack.Write(Path.Combine(dir, "o"), mods));
            Assert.False(System.IO.File.Exists(Path.Combine(dir, "o")));
        }

        [Fact]
        public void RefusesCommandLineOf240Bytes() =>
            Assert.Contains("at most 239", Assert.Throws<ModulePackException>(
                () => ModulePack.Build(new List<(byte[], string)> { (Bytes(1, 0), new string('x', 240)) })).Message);

        [Theory]
        [InlineData("name=é")]
        [InlineData("name=a\nmem=1M")]
        [InlineData("name=a\0")]
        [InlineData("name=\u007f")]
        public void RefusesNonAsciiOrControlCharacters(string cmd) =>
            Assert.Contains("not printable ASCII", Assert.Throws<ModulePackException>(
                () => ModulePack.Build(new List<(byte[], string)> { (Bytes(1, 0), cmd) })).Message);

        [Fact]
        public void RefusesNullCommandLine() =>
            Assert.Throws<ModulePackException>(() => ModulePack.Build(new List<(byte[], string)> { (Bytes(1, 0), null) }));

        [Fact]
        public void RefusesMissingFile()
        {
            var e = Assert.Throws<ModulePackException>(() => ModulePack.Write(Path.Combine(dir, "o"),
                new[] { (Path.Combine(dir, "missing.elf"), "name=a") }));
            Assert.Contains("does not exist", e.Message);
            Assert.False(System.IO.File.Exists(Path.Combine(dir, "o")));
        }

        [Fact]
        public void RefusesEmptyOutputPath() =>
            Assert.Throws<ModulePackException>(() => ModulePack.Write("", new[] { (File("a", Bytes(1, 0)), "name=a") }));

        [Fact]
        public void CliWritesAPack()
        {
            string a = File("a.elf", Bytes(20, 3)), o = Path.Combine(dir, "cli.pack");
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int rc = CommandLine.Run(new[] { "-o", o, a, "name=a mem=16M -- exit=3", a, "name=b" }, stdout, stderr);
            Assert.Equal(0, rc);
            Assert.Equal("", stderr.ToString());
            byte[] p = System.IO.File.ReadAllBytes(o);
            Assert.Equal(2u, U32(p, 8));
            Assert.Equal(Encoding.ASCII.GetBytes("name=a mem=16M -- exit=3"), p.Skip(32).Take(24).ToArray());
        }

        [Theory]
        [InlineData("")]
        [InlineData("a.elf|name=a")]              // no -o
        [InlineData("-o")]                        // -o without a path
        [InlineData("-o|x.pack")]                 // no modules
        [InlineData("-o|x.pack|a.elf")]           // file without command line
        [InlineData("-o|x|-o|y|a|b")]             // two outputs
        public void CliUsageErrors(string joined)
        {
            string[] args = joined.Split('|', StringSplitOptions.RemoveEmptyEntries);
            var stderr = new StringWriter();
            Assert.Equal(2, CommandLine.Run(args, new StringWriter(), stderr));
            Assert.Contains("usage", stderr.ToString());
        }

        [Fact]
        public void CliReportsRefusals()
        {
            var stderr = new StringWriter();
            int rc = CommandLine.Run(new[] { "-o", Path.Combine(dir, "o"), Path.Combine(dir, "nope.elf"), "name=a" },
                new StringWriter(), stderr);
            Assert.Equal(1, rc);
            Assert.Contains("does not exist", stderr.ToString());
        }
    }
}
