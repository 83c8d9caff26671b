using System.Collections.Generic;
using Ringwall.Core.Memory;

namespace Ringwall.Tests.Host.Fakes;

/// <summary>Simulated machine memory: one ulong array, 512 words per frame, with access counters and an optional write log.</summary>
public sealed class Ram
{
    public readonly ulong[] Words;
    public long Reads;
    public long Writes;
    public List<(ulong Address, ulong Value)> WriteLog;
    /// <summary>Called with each machine address the core writes (for ordering checks).</summary>
    public System.Action<ulong, ulong> OnWrite;
    /// <summary>Frames the core wrote since the set was last cleared (null: not tracked).</summary>
    public HashSet<ulong> Touched;

    public Ram(uint frames) => Words = new ulong[frames * 512UL];

    public ulong Word(ulong mfn, int index) => Words[mfn * 512 + (ulong)index];
    public void SetWord(ulong mfn, int index, ulong value) => Words[mfn * 512 + (ulong)index] = value;
}

public struct FakeMachine : IMachineMemory
{
    public Ram Ram;

    public ulong Read64(ulong machineAddress)
    {
        Ram.Reads++;
        return Ram.Words[machineAddress >> 3];
    }

    public void Write64(ulong machineAddress, ulong value)
    {
        Ram.Writes++;
        Ram.Words[machineAddress >> 3] = value;
        Ram.WriteLog?.Add((machineAddress, value));
        Ram.Touched?.Add(machineAddress >> 12);
        Ram.OnWrite?.Invoke(machineAddress, value);
    }

    public void ZeroFrame(ulong mfn)
    {
        Ram.Writes += 512;
        Ram.Touched?.Add(mfn);
        System.Array.Clear(Ram.Words, (int)(mfn * 512), 512);
    }

    public void CopyFrame(ulong destinationMfn, ulong sourceMfn)
    {
        Ram.Writes += 512;
        Ram.Touched?.Add(destinationMfn);
        System.Array.Copy(Ram.Words, (long)(sourceMfn * 512), Ram.Words, (long)(destinationMfn * 512), 512);
    }
}

/// <summary>Records every flush the core requests.</summary>
public sealed class TlbLog
{
    public readonly List<FlushRequest> Requests = new();
    public int CacheFlushes;
    public System.Action<FlushRequest> OnFlush;
}

public struct FakeTlb : ITlbFlusher
{
    public TlbLog Log;

    public void Flush(in FlushRequest request)
    {
        Log.Requests.Add(request);
        Log.OnFlush?.Invoke(request);
    }

    public void FlushCache(uint domain) => Log.CacheFlushes++;
}

public sealed class PanicLog
{
    public readonly List<(PanicReason Reason, ulong Detail)> Panics = new();
}

public struct FakePanic : IPanicHandler
{
    public PanicLog Log;
    public void Panic(PanicReason reason, ulong detail) => Log.Panics.Add((reason, detail));
}
