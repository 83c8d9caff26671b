namespace Ringwall.Core.Memory;

/// <summary>Per-vCPU memory state: the installed page-table bases (each holds an L4 type and a general reference).</summary>
public struct VcpuMemoryState
{
    /// <summary>Kernel-mode top-level table (MMUEXT_NEW_BASEPTR), or <see cref="MemoryCoreConstants.NoFrame"/>.</summary>
    public ulong KernelBase;
    /// <summary>User-mode top-level table (MMUEXT_NEW_USER_BASEPTR), or <see cref="MemoryCoreConstants.NoFrame"/>.</summary>
    public ulong UserBase;
}
