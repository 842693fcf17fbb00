using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Threading;

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
    private readonly SpillMapBudget _mapBudget;
    private readonly string _folder;
    private readonly List<(byte[] Data, int Length, long Start)> _chunks = [];
    private byte[]? _current;
    private int _used;
    private long _sealed;          // bytes in _chunks or in the file
    private FileStream? _file;
    private MemoryMappedFile? _map;             // the temporary file, mapped for reading once writing is complete
    private MemoryMappedViewStream? _mapView;

    /// <summary>
    /// A buffer that keeps up to <paramref name="memoryLimit"/> bytes in memory, then spills to a file in
    /// <paramref name="folder"/>, which it maps for reading when <paramref name="mapBudget"/> (shared by the run's
    /// buffers) still has room for it.
    /// </summary>
    public SpillBuffer(long memoryLimit, string folder, SpillMapBudget? mapBudget = null)
    {
        _memoryLimit = memoryLimit;
        _mapBudget = mapBudget ?? new SpillMapBudget(SpillMapBudget.DefaultBytes);
        _folder = folder;
    }

    /// <summary>The offset the next byte written will have.</summary>
    public long Position => _sealed + _used;

    /// <summary>Whether the blocks moved to a temporary file.</summary>
    public bool IsOnDisk => _file is not null;

    /// <summary>Whether the temporary file is read back through a memory map (it fit in the run's map budget).</summary>
    public bool IsMapped => _mapView is not null;

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
        // what an operator sees): past the run's map budget (256 MiB for all the workers' files together), blocks are
        // read one call each, so memory stays flat at any size.
        if (_map is not null || _file is null || _sealed == 0 || !_mapBudget.TryTake(_sealed)) return;
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

    /// <summary>Copies the block at <paramref name="offset"/> into <paramref name="destination"/>, which is its length.</summary>
    public void CopyTo(long offset, Span<byte> destination)
    {
        if (_mapView is not null)
        {
            // The view stream copies with one block move (SafeBuffer.ReadSpan would copy byte by byte).
            _mapView.Position = offset;
            _mapView.ReadExactly(destination);
            return;
        }
        if (_file is not null)
        {
            while (!destination.IsEmpty)
            {
                var read = RandomAccess.Read(_file.SafeFileHandle, destination, offset);
                if (read <= 0) throw new IOException("The temporary spill file ended early.");
                destination = destination[read..];
                offset += read;
            }
            return;
        }
        var i = FindChunk(offset);
        while (!destination.IsEmpty)
        {
            var (data, chunkLength, start) = _chunks[i];
            var from = (int)(offset - start);
            var part = Math.Min(destination.Length, chunkLength - from);
            data.AsSpan(from, part).CopyTo(destination);
            destination = destination[part..];
            offset += part;
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

/// <summary>
/// How many bytes of spill files a run may map for reading, all its workers together: the pages a mapping touches
/// count as the process's memory, so the total, not each worker's share, is what bounds it. Buffers that find too
/// little room left are read one block per call.
/// </summary>
internal sealed class SpillMapBudget(long bytes)
{
    /// <summary>The default budget: 256 MiB.</summary>
    public const long DefaultBytes = 256L * 1024 * 1024;

    private long _left = bytes;

    /// <summary>Takes <paramref name="bytes"/> from the budget, or nothing (false) when there are not that many left.</summary>
    public bool TryTake(long bytes)
    {
        while (true)
        {
            var left = Volatile.Read(ref _left);
            if (bytes > left) return false;
            if (Interlocked.CompareExchange(ref _left, left - bytes, left) == left) return true;
        }
    }
}
