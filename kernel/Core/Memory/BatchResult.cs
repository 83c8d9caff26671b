namespace Ringwall.Core.Memory;

/// <summary>
/// Outcome of one call of a batched operation. <see cref="Done"/> is the exact number
/// of elements that completed in this call. On an error, element number Done failed
/// and nothing of it took effect. With <see cref="MoreToDo"/> set the call stopped at
/// its work budget: the dispatcher continues with the array advanced by Done elements
/// and the count reduced by Done (a continuation, as Xen's hypercall continuations).
/// </summary>
public struct BatchResult
{
    public Status Status;
    public uint Done;
    public bool MoreToDo;

    public static BatchResult Make(Status status, uint done, bool moreToDo)
    {
        BatchResult r;
        r.Status = status;
        r.Done = done;
        r.MoreToDo = moreToDo;
        return r;
    }
}
