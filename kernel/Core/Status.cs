namespace Ringwall.Core;

/// <summary>
/// The one status type of the VMM core: 0 for success, otherwise a negative error
/// value with Xen's numbering (xen/include/public/errno.h), so the value can be
/// returned to a guest in RAX unchanged. EINTR is internal only and never reaches
/// a guest. Continuations ("more to do") are not errors and are reported beside the
/// status, never as a status value.
/// </summary>
public enum Status : int
{
    Ok = 0,
    EPERM = -1,
    ENOENT = -2,
    ESRCH = -3,
    EINTR = -4,
    EIO = -5,
    EAGAIN = -11,
    ENOMEM = -12,
    EACCES = -13,
    EFAULT = -14,
    EBUSY = -16,
    EEXIST = -17,
    EINVAL = -22,
    ENOSPC = -28,
    ERANGE = -34,
    ENOSYS = -38,
}
