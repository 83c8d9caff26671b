using Ringwall.Abi;

namespace Ringwall.Core;

/// <summary>
/// The one status type of the VMM core (its values are the generated ABI's Errno): 0 for success, otherwise a negative error
/// value with Xen's numbering (xen/include/public/errno.h), so the value can be
/// returned to a guest in RAX unchanged. EINTR is internal only and never reaches
/// a guest. Continuations ("more to do") are not errors and are reported beside the
/// status, never as a status value.
/// </summary>
public enum Status : int
{
    Ok = 0,
    EPERM = (int)Errno.EPERM,
    ENOENT = (int)Errno.ENOENT,
    ESRCH = (int)Errno.ESRCH,
    EINTR = (int)Errno.EINTR,
    EIO = (int)Errno.EIO,
    EAGAIN = (int)Errno.EAGAIN,
    ENOMEM = (int)Errno.ENOMEM,
    EACCES = (int)Errno.EACCES,
    EFAULT = (int)Errno.EFAULT,
    EBUSY = (int)Errno.EBUSY,
    EEXIST = (int)Errno.EEXIST,
    EINVAL = (int)Errno.EINVAL,
    ENOSPC = (int)Errno.ENOSPC,
    ERANGE = (int)Errno.ERANGE,
    ENOSYS = (int)Errno.ENOSYS,
}
