using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Ringwall.Tools.ModulePack
{
    /// <summary>A module pack was refused: the message says why.</summary>
    public sealed class ModulePackException : Exception
    {
        public ModulePackException(string message) : base(message) { }
    }

    /// <summary>
    /// Writes a Ringwall module pack: several guest kernels, each with its VMM command line
    /// (<c>name=&lt;name&gt; mem=&lt;size&gt; -- &lt;guest command line&gt;</c>), in the one boot module
    /// QEMU's PVH boot passes (-initrd). Layout, little-endian:
    /// +0 magic "RWPACK1\0"; +8 u32 entry count (1..16); +12 u32 0; +16 entries of 256 bytes
    /// {u64 offset from the pack start, u64 size, char cmdline[240] NUL-terminated and NUL-padded};
    /// then the files, each at a 4096-byte-aligned offset after the entry table.
    /// </summary>
    public static class ModulePack
    {
        public static readonly byte[] Magic = Encoding.ASCII.GetBytes("RWPACK1\0");
        public const int HeaderSize = 16;
        public const int EntrySize = 256;
        public const int CommandLineSize = 240;
        public const int MaxEntries = 16;
        public const int FileAlignment = 4096;

        /// <summary>Builds the pack in memory from (file contents, command line) pairs.</summary>
        public static byte[] Build(IReadOnlyList<(byte[] data, string commandLine)> modules)
        {
            if (modules == null)
                throw new ModulePackException("no modules given");
            if (modules.Count < 1 || modules.Count > MaxEntries)
                throw new ModulePackException($"a pack holds 1 to {MaxEntries} modules, not {modules.Count}");
            var cmdlines = new byte[modules.Count][];
            for (int i = 0; i < modules.Count; i++) {
                if (modules[i].data == null)
                    throw new ModulePackException($"module {i}: no data");
                cmdlines[i] = EncodeCommandLine(modules[i].commandLine, i);
            }

            long offset = Align(HeaderSize + (long)EntrySize * modules.Count);
            var offsets = new long[modules.Count];
            for (int i = 0; i < modules.Count; i++) {
                offsets[i] = offset;
                offset = Align(offset + modules[i].data.Length);
            }
            long end = offsets[modules.Count - 1] + modules[modules.Count - 1].data.Length;
            if (end > int.MaxValue)
                throw new ModulePackException("the pack would exceed 2 GiB");

            var pack = new byte[end];
            Magic.CopyTo(pack, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(pack.AsSpan(8), (uint)modules.Count);
            BinaryPrimitives.WriteUInt32LittleEndian(pack.AsSpan(12), 0);
            for (int i = 0; i < modules.Count; i++) {
                int e = HeaderSize + EntrySize * i;
                BinaryPrimitives.WriteUInt64LittleEndian(pack.AsSpan(e), (ulong)offsets[i]);
                BinaryPrimitives.WriteUInt64LittleEndian(pack.AsSpan(e + 8), (ulong)modules[i].data.Length);
                cmdlines[i].CopyTo(pack, e + 16);
                modules[i].data.CopyTo(pack, offsets[i]);
            }
            return pack;
        }

        /// <summary>Writes the pack to outputPath from (file path, command line) pairs.</summary>
        public static void Write(string outputPath, IEnumerable<(string file, string commandLine)> modules)
        {
            if (string.IsNullOrEmpty(outputPath))
                throw new ModulePackException("no output path");
            if (modules == null)
                throw new ModulePackException("no modules given");
            var loaded = new List<(byte[] data, string commandLine)>();
            foreach (var (file, commandLine) in modules) {
                if (string.IsNullOrEmpty(file) || !File.Exists(file))
                    throw new ModulePackException($"module {loaded.Count}: file '{file}' does not exist");
                loaded.Add((File.ReadAllBytes(file), commandLine));
                if (loaded.Count > MaxEntries)
                    throw new ModulePackException($"a pack holds 1 to {MaxEntries} modules, not more");
            }
            byte[] pack = Build(loaded);
            File.WriteAllBytes(outputPath, pack);
        }

        /// <summary>Checks a command line (printable ASCII, fewer than 240 bytes) and NUL-pads it to 240 bytes.</summary>
        public static byte[] EncodeCommandLine(string commandLine, int index)
        {
            if (commandLine == null)
                throw new ModulePackException($"module {index}: no command line");
            if (commandLine.Length >= CommandLineSize)
                throw new ModulePackException(
                    $"module {index}: command line is {commandLine.Length} bytes; at most {CommandLineSize - 1} fit");
            var bytes = new byte[CommandLineSize];
            for (int i = 0; i < commandLine.Length; i++) {
                char c = commandLine[i];
                if (c < 0x20 || c > 0x7E)
                    throw new ModulePackException(
                        $"module {index}: command line character {i} (U+{(int)c:X4}) is not printable ASCII");
                bytes[i] = (byte)c;
            }
            return bytes;
        }

        private static long Align(long value) => (value + FileAlignment - 1) / FileAlignment * FileAlignment;
    }
}
