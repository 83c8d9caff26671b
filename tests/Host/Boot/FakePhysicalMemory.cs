using System;
using Ringwall.Core.Boot;

namespace Ringwall.Tests.Host.Boot;

/// <summary>
/// Physical memory over a byte array that starts at <see cref="Base"/>. As the interface
/// demands, reads never fault: anything outside the array reads as zero. Such reads are
/// counted, so a test can prove a parser never read memory it had not checked.
/// </summary>
public struct FakePhysicalMemory : IPhysicalReader
{
    public readonly byte[] Bytes;
    public readonly ulong Base;
    public int OutsideReads;

    public FakePhysicalMemory(ulong baseAddress, byte[] bytes)
    {
        Base = baseAddress;
        Bytes = bytes;
        OutsideReads = 0;
    }

    public ulong End => Base + (ulong)Bytes.Length;

    public bool Contains(ulong address, ulong length)
    {
        if (address < Base) return false;
        ulong offset = address - Base;
        ulong size = (ulong)Bytes.Length;
        return offset <= size && length <= size - offset;
    }

    public byte Read8(ulong address)
    {
        if (!Contains(address, 1)) { OutsideReads++; return 0; }
        return Bytes[address - Base];
    }

    public uint Read32(ulong address)
    {
        if (!Contains(address, 4)) { OutsideReads++; return 0; }
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan((int)(address - Base), 4));
    }

    public ulong Read64(ulong address)
    {
        if (!Contains(address, 8)) { OutsideReads++; return 0; }
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan((int)(address - Base), 8));
    }
}

/// <summary>A growable physical image that builders lay structures into, then freeze.</summary>
public sealed class PhysicalImage
{
    private byte[] _bytes;
    public ulong Base { get; }
    public int Used { get; private set; }

    public PhysicalImage(ulong baseAddress, int capacity = 1 << 16)
    {
        Base = baseAddress;
        _bytes = new byte[capacity];
    }

    /// <summary>Reserves <paramref name="size"/> zeroed bytes at the given alignment; returns their address.</summary>
    public ulong Allocate(int size, int alignment = 8)
    {
        int at = (Used + alignment - 1) / alignment * alignment;
        Grow(at + size);
        Used = at + size;
        return Base + (ulong)at;
    }

    public void Write32(ulong address, uint value)
        => System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(Offset(address, 4), 4), value);

    public void Write64(ulong address, ulong value)
        => System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(_bytes.AsSpan(Offset(address, 8), 8), value);

    public void WriteBytes(ulong address, byte[] data) => data.CopyTo(_bytes, Offset(address, data.Length));

    /// <summary>Places a NUL-terminated ASCII string; returns its address.</summary>
    public ulong PlaceString(string text)
    {
        ulong at = Allocate(text.Length + 1, 1);
        WriteBytes(at, System.Text.Encoding.ASCII.GetBytes(text));
        return at;
    }

    /// <summary>The readable memory: everything laid out, plus <paramref name="slack"/> zero bytes.</summary>
    public FakePhysicalMemory Freeze(int slack = 0)
    {
        var bytes = new byte[Used + slack];
        Array.Copy(_bytes, bytes, Used);
        return new FakePhysicalMemory(Base, bytes);
    }

    private int Offset(ulong address, int length)
    {
        int offset = checked((int)(address - Base));
        Grow(offset + length);
        if (offset + length > Used) Used = offset + length;
        return offset;
    }

    private void Grow(int size)
    {
        if (size > _bytes.Length) Array.Resize(ref _bytes, Math.Max(size, _bytes.Length * 2));
    }
}

public static class BootText
{
    public static string String(BootInfo info, int start, int length)
        => System.Text.Encoding.ASCII.GetString(info.Strings, start, length);

    public static string CommandLineText(BootInfo info) => String(info, info.CommandLineStart, info.CommandLineLength);

    public static string ModuleCommandLine(BootInfo info, int i)
        => String(info, info.Modules[i].CommandLineStart, info.Modules[i].CommandLineLength);

    public static byte[] Ascii(string s) => System.Text.Encoding.ASCII.GetBytes(s);
}
