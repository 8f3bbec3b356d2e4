namespace Virtualizability.Reports;

/// <summary>
/// A baseline that cannot be read, written or compared. The message alone says what is wrong and where,
/// so a command line can print it without a stack trace.
/// </summary>
public sealed class BaselineException : Exception
{
    public BaselineException(string message)
        : base(message)
    {
    }

    public BaselineException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
