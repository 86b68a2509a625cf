using System.Runtime.InteropServices;

namespace Chronicle.DevStack;

/// <summary>The POSIX signals the stack's processes are stopped with; each server reads them its own way.</summary>
public enum Signal
{
    /// <summary>PostgreSQL: fast shutdown (connections cut, data flushed).</summary>
    Interrupt = 2,

    /// <summary>PostgreSQL: immediate shutdown (no checkpoint; recovery on the next start).</summary>
    Quit = 3,

    /// <summary>A crash: no shutdown of any kind.</summary>
    Kill = 9,

    /// <summary>An operator's stop: a node leaves the cluster, nats-server flushes its store, PostgreSQL waits for its clients.</summary>
    Terminate = 15,
}

/// <summary>Sends signals by pid: .NET's Process.Kill only knows SIGKILL.</summary>
public static partial class Signals
{
    /// <summary>False when no such process exists (any more).</summary>
    public static bool Send(int pid, Signal signal) => kill(pid, (int)signal) == 0;

    /// <summary>Signal 0: true while a process with this pid exists.</summary>
    public static bool Alive(int pid) => kill(pid, 0) == 0;

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // a plain int(int, int) needs no marshalling source generator
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
