using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace CallRules.Runtime.Pipeline;

/// <summary>
/// A read-write file that never has a name, made with Linux's <c>open(folder, O_TMPFILE)</c>: it lives on the
/// folder's file system and disappears with its last descriptor, whatever ends the process. Null where that is not
/// available (another system or architecture, a file system without <c>O_TMPFILE</c>, a kernel before 3.11, a
/// sandbox that refuses the call); the caller then creates a named file and removes its name.
/// </summary>
internal static class AnonymousFile
{
    // O_TMPFILE is __O_TMPFILE | O_DIRECTORY, and O_DIRECTORY differs between architectures.
    private const int ReadWrite = 0x2, CloseOnExec = 0x80000, TmpFileBit = 0x400000;
    private const int OwnerReadWrite = 0x180; // 0600
    private const int EINTR = 4, ENOSYS = 38;

    private static bool s_unavailable = !OperatingSystem.IsLinux() || DirectoryFlag() == 0;

    /// <summary>The anonymous file, or null where one cannot be made (nothing was created then).</summary>
    /// <exception cref="IOException">The folder is missing, not a folder, not writable, or full.</exception>
    public static FileStream? TryCreate(string folder)
    {
        if (Volatile.Read(ref s_unavailable)) return null;
        var utf8 = new byte[Encoding.UTF8.GetByteCount(folder) + 1];
        Encoding.UTF8.GetBytes(folder, utf8);
        int fd;
        try
        {
            do fd = Open(utf8, ReadWrite | CloseOnExec | TmpFileBit | DirectoryFlag(), OwnerReadWrite);
            while (fd < 0 && Marshal.GetLastPInvokeError() == EINTR);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Volatile.Write(ref s_unavailable, true);
            return null;
        }
        if (fd < 0)
        {
            // ENOSYS: this system never can. Anything else (EOPNOTSUPP: a file system without it; EISDIR, EINVAL: an
            // old kernel; EPERM: a sandbox; or the folder's own failure: missing, not writable, full) falls to the
            // named way, which works or reports the failure with the folder's name.
            if (Marshal.GetLastPInvokeError() == ENOSYS) Volatile.Write(ref s_unavailable, true);
            return null;
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            return new FileStream(handle, FileAccess.ReadWrite, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static int DirectoryFlag() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x10000,
        Architecture.Arm64 or Architecture.Arm => 0x4000,
        _ => 0,
    };

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags, int mode);
}
