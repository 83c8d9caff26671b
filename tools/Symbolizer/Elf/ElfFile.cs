using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Ringwall.Tools.Elf
{
    /// <summary>
    /// A minimal reader for little-endian ELF64 files: section headers, section bytes and
    /// the .symtab symbols. Enough for the symbolizer and the image-size figures.
    /// </summary>
    public sealed class ElfFile
    {
        private readonly byte[] data;

        public IReadOnlyList<ElfSection> Sections { get; }
        public ushort Machine { get; }
        public ulong Entry { get; }

        public ElfFile(byte[] bytes)
        {
            data = bytes ?? throw new ArgumentNullException(nameof(bytes));
            if (data.Length < 64 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (data[4] != 2)
                throw new InvalidDataException("not ELF64 (EI_CLASS is not 2)");
            if (data[5] != 1)
                throw new InvalidDataException("not little-endian (EI_DATA is not 1)");

            Machine = U16(0x12);
            Entry = U64(0x18);
            ulong shoff = U64(0x28);
            ushort shentsize = U16(0x3a);
            ushort shnum = U16(0x3c);
            ushort shstrndx = U16(0x3e);
            if (shnum != 0 && shentsize < 64)
                throw new InvalidDataException($"section header size {shentsize} is below 64");
            Check(shoff, (ulong)shnum * shentsize, "section headers");

            var raw = new (uint name, ElfSection s)[shnum];
            for (int i = 0; i < shnum; i++)
            {
                int h = checked((int)(shoff + (ulong)i * shentsize));
                raw[i] = (U32(h), new ElfSection
                {
                    Index = i,
                    Type = U32(h + 4),
                    Flags = U64(h + 8),
                    Address = U64(h + 16),
                    Offset = U64(h + 24),
                    Size = U64(h + 32),
                    Link = U32(h + 40),
                    EntrySize = U64(h + 56),
                });
            }
            ElfSection names = shstrndx < shnum ? raw[shstrndx].s : null;
            var sections = new List<ElfSection>(shnum);
            foreach (var (name, s) in raw)
            {
                sections.Add(new ElfSection
                {
                    Index = s.Index, Name = names == null ? "" : String(names, name), Type = s.Type, Flags = s.Flags,
                    Address = s.Address, Offset = s.Offset, Size = s.Size, Link = s.Link, EntrySize = s.EntrySize,
                });
            }
            Sections = sections;
        }

        public static ElfFile Load(string path) => new ElfFile(File.ReadAllBytes(path));

        public ElfSection Section(string name)
        {
            foreach (var s in Sections)
            {
                if (s.Name == name)
                    return s;
            }
            return null;
        }

        /// <summary>The file bytes of a section (empty for NOBITS such as .bss).</summary>
        public ReadOnlySpan<byte> Contents(ElfSection s)
        {
            if (s.Type == ElfSection.TypeNoBits)
                return ReadOnlySpan<byte>.Empty;
            Check(s.Offset, s.Size, s.Name);
            return data.AsSpan(checked((int)s.Offset), checked((int)s.Size));
        }

        /// <summary>Bytes at a virtual address, up to <paramref name="count"/>, from the allocated section holding it.</summary>
        public ReadOnlySpan<byte> BytesAt(ulong address, int count)
        {
            foreach (var s in Sections)
            {
                if (s.IsAllocated && s.Type != ElfSection.TypeNoBits && s.Contains(address))
                {
                    ulong skip = address - s.Address;
                    int n = (int)Math.Min((ulong)count, s.Size - skip);
                    return Contents(s).Slice((int)skip, n);
                }
            }
            return ReadOnlySpan<byte>.Empty;
        }

        /// <summary>All symbols of .symtab (index 0, the null symbol, left out); empty when stripped.</summary>
        public IReadOnlyList<ElfSymbol> Symbols()
        {
            var result = new List<ElfSymbol>();
            foreach (var symtab in Sections)
            {
                if (symtab.Type != ElfSection.TypeSymTab)
                    continue;
                if (symtab.Link >= Sections.Count)
                    throw new InvalidDataException($"{symtab.Name} links to missing string table {symtab.Link}");
                var strtab = Sections[(int)symtab.Link];
                ulong entry = symtab.EntrySize == 0 ? 24 : symtab.EntrySize;
                Check(symtab.Offset, symtab.Size, symtab.Name);
                for (ulong off = entry; off + 24 <= symtab.Size; off += entry)
                {
                    int p = checked((int)(symtab.Offset + off));
                    byte info = data[p + 4];
                    result.Add(new ElfSymbol
                    {
                        Name = String(strtab, U32(p)),
                        Type = (byte)(info & 0xf),
                        Bind = (byte)(info >> 4),
                        SectionIndex = U16(p + 6),
                        Value = U64(p + 8),
                        Size = U64(p + 16),
                    });
                }
            }
            return result;
        }

        private string String(ElfSection table, uint offset)
        {
            if (offset >= table.Size)
                throw new InvalidDataException($"string offset {offset} outside {table.Name}");
            Check(table.Offset, table.Size, table.Name);
            int start = checked((int)(table.Offset + offset));
            int end = start;
            int limit = checked((int)(table.Offset + table.Size));
            while (end < limit && data[end] != 0)
                end++;
            return Encoding.UTF8.GetString(data, start, end - start);
        }

        private void Check(ulong offset, ulong size, string what)
        {
            if (offset > (ulong)data.Length || size > (ulong)data.Length - offset)
                throw new InvalidDataException($"{what} lies outside the file");
        }

        private ushort U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at));
        private uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at));
        private ulong U64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at));
    }
}
