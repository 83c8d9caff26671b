using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Ringwall.Tools.Tests.Support
{
    /// <summary>
    /// Writes a small synthetic ELF64 (x86-64, EXEC) in memory: .text, .rodata, .data, .bss,
    /// .symtab, .strtab, .shstrtab. Enough to test the ELF reader and the symbolizer without a toolchain.
    /// </summary>
    public sealed class ElfBuilder
    {
        public const ulong Base = 0xFFFFFFFF80000000;

        private sealed class Section
        {
            public string Name;
            public uint Type;
            public ulong Flags;
            public ulong Address;
            public byte[] Data;
            public ulong Size;
            public uint Link;
            public uint Info;
            public ulong EntSize;
            public ulong Offset;
            public uint NameOffset;
        }

        private readonly List<Section> sections = new List<Section>();
        private readonly List<(string name, ulong value, ulong size, byte type, byte bind, int section)> symbols = new();

        public byte[] Text { get; set; } = Array.Empty<byte>();
        public ulong TextAddress { get; set; } = Base;
        public int RodataSize { get; set; } = 0x30;
        public int DataSize { get; set; } = 0x20;
        public ulong BssSize { get; set; } = 0x1000;

        /// <summary>Adds a symbol; section 1 is .text, 2 .rodata, 3 .data, 4 .bss.</summary>
        public ElfBuilder Symbol(string name, ulong value, ulong size = 0, byte type = 2, byte bind = 1, int section = 1)
        {
            symbols.Add((name, value, size, type, bind, section));
            return this;
        }

        public byte[] Build()
        {
            sections.Clear();
            ulong rodataAddr = Align(TextAddress + (ulong)Text.Length, 0x1000);
            ulong dataAddr = Align(rodataAddr + (ulong)RodataSize, 0x1000);
            ulong bssAddr = Align(dataAddr + (ulong)DataSize, 0x1000);
            sections.Add(new Section { Name = "" });
            sections.Add(new Section { Name = ".text", Type = 1, Flags = 0x6, Address = TextAddress, Data = Text });
            sections.Add(new Section { Name = ".rodata", Type = 1, Flags = 0x2, Address = rodataAddr, Data = new byte[RodataSize] });
            sections.Add(new Section { Name = ".data", Type = 1, Flags = 0x3, Address = dataAddr, Data = new byte[DataSize] });
            sections.Add(new Section { Name = ".bss", Type = 8, Flags = 0x3, Address = bssAddr, Data = Array.Empty<byte>(), Size = BssSize });

            var strtab = new MemoryStream();
            strtab.WriteByte(0);
            var symtab = new MemoryStream();
            symtab.Write(new byte[24]);
            int locals = 1;
            var ordered = new List<(string name, ulong value, ulong size, byte type, byte bind, int section)>();
            ordered.AddRange(symbols.FindAll(s => s.bind == 0));
            ordered.AddRange(symbols.FindAll(s => s.bind != 0));
            foreach (var s in ordered)
            {
                if (s.bind == 0)
                    locals++;
                uint nameOff = (uint)strtab.Length;
                strtab.Write(Encoding.UTF8.GetBytes(s.name));
                strtab.WriteByte(0);
                var e = new byte[24];
                BitConverter.TryWriteBytes(e.AsSpan(0), nameOff);
                e[4] = (byte)((s.bind << 4) | s.type);
                BitConverter.TryWriteBytes(e.AsSpan(6), (ushort)s.section);
                BitConverter.TryWriteBytes(e.AsSpan(8), s.value);
                BitConverter.TryWriteBytes(e.AsSpan(16), s.size);
                symtab.Write(e);
            }
            int symtabIndex = sections.Count;
            sections.Add(new Section { Name = ".symtab", Type = 2, Data = symtab.ToArray(), Link = (uint)symtabIndex + 1, Info = (uint)locals, EntSize = 24 });
            sections.Add(new Section { Name = ".strtab", Type = 3, Data = strtab.ToArray() });
            var shstr = new MemoryStream();
            shstr.WriteByte(0);
            var shstrSection = new Section { Name = ".shstrtab", Type = 3 };
            sections.Add(shstrSection);
            foreach (var s in sections)
            {
                if (s.Name.Length == 0)
                    continue;
                s.NameOffset = (uint)shstr.Length;
                shstr.Write(Encoding.ASCII.GetBytes(s.Name));
                shstr.WriteByte(0);
            }
            shstrSection.Data = shstr.ToArray();

            var file = new MemoryStream();
            file.Write(new byte[64]);
            foreach (var s in sections)
            {
                if (s.Data == null)
                    continue;
                while (file.Length % 16 != 0)
                    file.WriteByte(0);
                s.Offset = (ulong)file.Length;
                file.Write(s.Data);
                if (s.Type != 8)
                    s.Size = (ulong)s.Data.Length;
            }
            while (file.Length % 8 != 0)
                file.WriteByte(0);
            ulong shoff = (ulong)file.Length;
            foreach (var s in sections)
            {
                var h = new byte[64];
                BitConverter.TryWriteBytes(h.AsSpan(0), s.NameOffset);
                BitConverter.TryWriteBytes(h.AsSpan(4), s.Type);
                BitConverter.TryWriteBytes(h.AsSpan(8), s.Flags);
                BitConverter.TryWriteBytes(h.AsSpan(16), s.Address);
                BitConverter.TryWriteBytes(h.AsSpan(24), s.Offset);
                BitConverter.TryWriteBytes(h.AsSpan(32), s.Size);
                BitConverter.TryWriteBytes(h.AsSpan(40), s.Link);
                BitConverter.TryWriteBytes(h.AsSpan(44), s.Info);
                BitConverter.TryWriteBytes(h.AsSpan(48), 1UL);
                BitConverter.TryWriteBytes(h.AsSpan(56), s.EntSize);
                file.Write(h);
            }
            byte[] bytes = file.ToArray();
            byte[] ident = { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1 };
            ident.CopyTo(bytes, 0);
            BitConverter.TryWriteBytes(bytes.AsSpan(0x10), (ushort)2);     // ET_EXEC
            BitConverter.TryWriteBytes(bytes.AsSpan(0x12), (ushort)62);    // EM_X86_64
            BitConverter.TryWriteBytes(bytes.AsSpan(0x14), 1u);
            BitConverter.TryWriteBytes(bytes.AsSpan(0x18), TextAddress);
            BitConverter.TryWriteBytes(bytes.AsSpan(0x28), shoff);
            BitConverter.TryWriteBytes(bytes.AsSpan(0x34), (ushort)64);
            BitConverter.TryWriteBytes(bytes.AsSpan(0x3a), (ushort)64);
            BitConverter.TryWriteBytes(bytes.AsSpan(0x3c), (ushort)sections.Count);
            BitConverter.TryWriteBytes(bytes.AsSpan(0x3e), (ushort)(sections.Count - 1));
            return bytes;
        }

        public string WriteTo(string path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path));
            File.WriteAllBytes(path, Build());
            return path;
        }

        private static ulong Align(ulong v, ulong a) => (v + a - 1) & ~(a - 1);
    }
}
