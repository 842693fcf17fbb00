using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.MemoryMappedFiles;

namespace CallRules.Runtime.Pipeline;

/// <summary>
/// Where compiled call-rule blocks wait until they can be written in order: appended in chunks, kept in memory up
/// to a limit, then moved to a temporary file, so memory does not grow with the input. Blocks are read back by offset.
/// One writer at a time; reading starts after the last write.
/// </summary>
/// <remarks>
/// The blocks hold secrets (registration passwords), so the temporary file is readable by its owner only from the
/// first byte (0600), and it has no name once it is open: it is removed from its folder as soon as it is created,
/// so it cannot outlive the process, whatever ends it (kill -9 included). Any failure of the folder (missing, a file,
/// not writable, full) is a <see cref="TemporaryStorageException"/>.
/// </remarks>
internal sealed class SpillBuffer : IBufferWriter<byte>, IDisposable
{
    private const int ChunkSize = 256 * 1024;

    private readonly long _memoryLimit;
    private readonly long _mapLimit;
    private readonly string _folder;
    private readonly List<(byte[] Data, int Length, long Start)> _chunks = [];
    private byte[]? _current;
    private int _used;
    private long _sealed;          // bytes in _chunks or in the file
    private FileStream? _file;
    private MemoryMappedFile? _map;             // the temporary file, mapped for reading once writing is complete
    private MemoryMappedViewStream? _mapView;

    public SpillBuffer(long memoryLimit, string folder, long mapLimit = 256L * 1024 * 1024)
    {
        _memoryLimit = memoryLimit;
        _mapLimit = mapLimit;
        _folder = folder;
    }

    /// <summary>The offset the next byte written will have.</summary>
    public long Position => _sealed + _used;

    /// <summary>Whether the blocks moved to a temporary file.</summary>
    public bool IsOnDisk => _file is not null;

    public void Advance(int count) => _used += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsMemory(_used);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsSpan(_used);
    }

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_current is not null && _current.Length - _used >= sizeHint) return;
        Seal();
        _current = ArrayPool<byte>.Shared.Rent(Math.Max(ChunkSize, sizeHint));
        _used = 0;
    }

    private void Seal()
    {
        if (_current is null) return;
        if (_used == 0)
        {
            ArrayPool<byte>.Shared.Return(_current);
        }
        else if (_file is not null)
        {
            WriteToFile(_current, _used);
            ArrayPool<byte>.Shared.Return(_current);
        }
        else
        {
            _chunks.Add((_current, _used, _sealed));
        }
        _sealed += _used;
        _current = null;
        _used = 0;
        if (_file is null && _sealed > _memoryLimit) MoveToDisk();
    }

    private void MoveToDisk()
    {
        _file = CreateUnnamedFile(_folder);
        foreach (var (data, length, _) in _chunks)
        {
            WriteToFile(data, length);
            ArrayPool<byte>.Shared.Return(data);
        }
        _chunks.Clear();
    }

    /// <summary>
    /// A new file in <paramref name="folder"/> that only its owner can read and that has no name: on Linux it never
    /// has one (<c>O_TMPFILE</c>), so no other process sees it and no kill, at any moment, can leave it behind; where
    /// the folder's file system cannot do that, it is created (0600) and its name removed at once.
    /// </summary>
    internal static FileStream CreateUnnamedFile(string folder)
    {
        try
        {
            return AnonymousFile.TryCreate(folder) ?? CreateThenUnlink(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TemporaryStorageException(folder, e);
        }
    }

    private static FileStream CreateThenUnlink(string folder)
    {
        var path = Path.Join(folder, "callrules-" + Guid.NewGuid().ToString("N") + ".spill");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 0,
            // Windows removes the file when the last handle closes, even if the process is killed.
            Options = OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None,
        };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var file = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                // Unix keeps an open file without a name: remove the name now, so nothing is left behind.
                File.Delete(path);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }
        return file;
    }

    private void WriteToFile(byte[] data, int length)
    {
        try
        {
            _file!.Write(data, 0, length);
        }
        catch (IOException e)
        {
            throw new TemporaryStorageException(_folder, e);
        }
    }

    /// <summary>Ends writing: what is still in the current chunk becomes readable.</summary>
    public void Complete()
    {
        if (_file is not null)
        {
            Seal();
            Map();
            return;
        }
        if (_current is null) return;
        // Keep the last chunk in memory without crossing the limit check.
        _chunks.Add((_current, _used, _sealed));
        _sealed += _used;
        _current = null;
        _used = 0;
    }

    /// <summary>
    /// Maps the temporary file for reading: blocks are read back in section order, not in the order they were
    /// written, and a system call per block (a million for a million definitions) costs more than the copy. Where
    /// the file cannot be mapped, blocks are read with one call each.
    /// </summary>
    private void Map()
    {
        // Touched pages of a mapping count as the process's memory (page cache, which the kernel can take back, but
        // what an operator sees): past the map limit (256 MiB), blocks are read one call each, so memory stays flat at any size.
        if (_map is not null || _file is null || _sealed == 0 || _sealed > _mapLimit) return;
        try
        {
            _map = MemoryMappedFile.CreateFromFile(_file.SafeFileHandle, mapName: null, _sealed, MemoryMappedFileAccess.Read,
                HandleInheritability.None, leaveOpen: true);
            _mapView = _map.CreateViewStream(0, _sealed, MemoryMappedFileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            _mapView?.Dispose();
            _map?.Dispose();
            _mapView = null;
            _map = null;
        }
    }

    /// <summary>Copies the block at <paramref name="offset"/> to <paramref name="destination"/>.</summary>
    public void CopyTo(long offset, int length, Stream destination, byte[] scratch)
    {
        if (_mapView is not null)
        {
            _mapView.Position = offset;
            while (length > 0)
            {
                var read = _mapView.Read(scratch, 0, Math.Min(length, scratch.Length));
                if (read <= 0) throw new IOException("The temporary spill file ended early.");
                destination.Write(scratch, 0, read);
                length -= read;
            }
            return;
        }
        if (_file is not null)
        {
            while (length > 0)
            {
                var part = Math.Min(length, scratch.Length);
                var read = RandomAccess.Read(_file.SafeFileHandle, scratch.AsSpan(0, part), offset);
                if (read <= 0) throw new IOException("The temporary spill file ended early.");
                destination.Write(scratch, 0, read);
                offset += read;
                length -= read;
            }
            return;
        }
        var i = FindChunk(offset);
        while (length > 0)
        {
            var (data, chunkLength, start) = _chunks[i];
            var from = (int)(offset - start);
            var part = Math.Min(length, chunkLength - from);
            destination.Write(data, from, part);
            offset += part;
            length -= part;
            i++;
        }
    }

    private int FindChunk(long offset)
    {
        int lo = 0, hi = _chunks.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (_chunks[mid].Start <= offset) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    public void Dispose()
    {
        foreach (var (data, _, _) in _chunks) ArrayPool<byte>.Shared.Return(data);
        _chunks.Clear();
        if (_current is not null) ArrayPool<byte>.Shared.Return(_current);
        _current = null;
        _mapView?.Dispose();
        _mapView = null;
        _map?.Dispose();
        _map = null;
        _file?.Dispose();
        _file = null;
    }
}
