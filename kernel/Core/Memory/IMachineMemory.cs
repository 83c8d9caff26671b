namespace Ringwall.Core.Memory;

/// <summary>
/// Machine (physical) memory as the core sees it. The image implements it over the
/// VMM's direct map; host tests over an array. Addresses given to it are always
/// inside a frame the frame table knows (the core range-checks first).
/// </summary>
public interface IMachineMemory
{
    ulong Read64(ulong machineAddress);
    void Write64(ulong machineAddress, ulong value);
    void ZeroFrame(ulong mfn);
    void CopyFrame(ulong destinationMfn, ulong sourceMfn);
}
