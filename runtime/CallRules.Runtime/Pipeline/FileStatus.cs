using System;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace CallRules.Runtime.Pipeline;

/// <summary>The kind of file a path names.</summary>
internal enum FileKind
{
    /// <summary>Not known: the system cannot say (see <see cref="FileStatus.Of"/>).</summary>
    Unknown,
    /// <summary>Nothing there, a dangling link, or a link loop.</summary>
    Missing,
    Regular,
    Directory,
    /// <summary>A named pipe (FIFO): reading it waits for a writer.</summary>
    Pipe,
    Socket,
    CharacterDevice,
    BlockDevice,
}

/// <summary>
/// What a path names on disk, links followed: its kind, and its identity (device and inode), by which two paths to
/// the same folder or file (a link, a hard link, a bind mount) are known to be one. Read with Linux's <c>statx</c>,
/// whose result has the same layout on every architecture; elsewhere (or where <c>statx</c> is refused)
/// <see cref="Kind"/> is <see cref="FileKind.Unknown"/> and <see cref="HasIdentity"/> is false.
/// </summary>
internal readonly record struct FileStatus(FileKind Kind, ulong Device, ulong Inode, bool HasIdentity)
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1, StatxMode = 0x2, StatxIno = 0x100;

    private static bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>The status of <paramref name="path"/>, following links.</summary>
    public static FileStatus Of(string path)
    {
        if (Volatile.Read(ref s_unavailable)) return default;
        var utf8 = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, utf8);
        int result;
        try
        {
            result = Statx(AtFdCwd, utf8, 0, StatxType | StatxMode | StatxIno, out var buffer);
            if (result == 0)
            {
                var kind = (buffer.Mode & 0xF000) switch
                {
                    0x8000 => FileKind.Regular,
                    0x4000 => FileKind.Directory,
                    0x1000 => FileKind.Pipe,
                    0xC000 => FileKind.Socket,
                    0x2000 => FileKind.CharacterDevice,
                    0x6000 => FileKind.BlockDevice,
                    _ => FileKind.Unknown,
                };
                return new FileStatus(kind, ((ulong)buffer.DeviceMajor << 32) | buffer.DeviceMinor, buffer.Inode, HasIdentity: true);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Volatile.Write(ref s_unavailable, true);
            return default;
        }
        var errno = Marshal.GetLastPInvokeError();
        // ENOENT, ENOTDIR, ELOOP: nothing usable there. ENOSYS, EPERM (a sandbox without statx): fall back for good.
        if (errno is 2 or 20 or 40) return new FileStatus(FileKind.Missing, 0, 0, HasIdentity: false);
        if (errno is 38 or 1) Volatile.Write(ref s_unavailable, true);
        return default;
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, byte[] path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary>The parts of Linux's <c>struct statx</c> (256 bytes, the same on every architecture) read here.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(136)] public uint DeviceMajor;
        [FieldOffset(140)] public uint DeviceMinor;
    }
}
