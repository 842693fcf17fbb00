using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Json;
using CallRules.Runtime.Schema;

namespace CallRules.Runtime.Pipeline;

/// <summary>
/// The compile pipeline for any generated definition type: reads definition files as streams, validates each
/// definition as soon as it is read, writes its call-rule section to a spill buffer, checks keys across all files,
/// and hands back the sections in section order, or every error; warnings come back either way. It never names a field: all it knows of
/// <typeparamref name="T"/> is <see cref="IDefinition{TSelf}"/>.
/// </summary>
/// <remarks>
/// One thread frames the files in input order into batches of definition objects; <see cref="CompileOptions.Parallelism"/>
/// workers read, validate and compile the batches. What they produce is put in order at the end (by key, then by
/// file and position), so the result does not depend on which worker did what.
/// </remarks>
public sealed class DefinitionCompiler<T> where T : class, IDefinition<T>
{
    private const int BatchDefinitions = 256;
    private const int KeyPoolLimit = 4096;

    private readonly CompileOptions _options;

    /// <summary>Creates a compiler with <paramref name="options"/> (defaults when null).</summary>
    public DefinitionCompiler(CompileOptions? options = null) => _options = options ?? new CompileOptions();

    /// <summary>The schema of <typeparamref name="T"/>.</summary>
    public static DefinitionSchema Schema => T.Schema;

    /// <summary>Reads and validates <paramref name="inputs"/> without compiling call rules.</summary>
    public CompileResult Validate(IReadOnlyList<DefinitionInput> inputs) => Run(inputs, emit: false, CancellationToken.None);

    /// <summary>
    /// Reads and validates <paramref name="inputs"/> without compiling call rules; stops with
    /// <see cref="OperationCanceledException"/> soon after <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public CompileResult Validate(IReadOnlyList<DefinitionInput> inputs, CancellationToken cancellationToken) =>
        Run(inputs, emit: false, cancellationToken);

    /// <summary>
    /// Reads, validates and compiles <paramref name="inputs"/>. When there is no error, <see cref="CompileResult.Rules"/>
    /// holds the sections in order; dispose the result to release its temporary storage.
    /// </summary>
    /// <exception cref="TemporaryStorageException">The temporary folder cannot hold the compiled sections.</exception>
    public CompileResult Compile(IReadOnlyList<DefinitionInput> inputs) => Run(inputs, emit: true, CancellationToken.None);

    /// <summary>
    /// Reads, validates and compiles <paramref name="inputs"/>, as <see cref="Compile(IReadOnlyList{DefinitionInput})"/>;
    /// stops with <see cref="OperationCanceledException"/> soon after <paramref name="cancellationToken"/> is cancelled,
    /// its temporary storage released.
    /// </summary>
    /// <exception cref="TemporaryStorageException">The temporary folder cannot hold the compiled sections.</exception>
    public CompileResult Compile(IReadOnlyList<DefinitionInput> inputs, CancellationToken cancellationToken) =>
        Run(inputs, emit: true, cancellationToken);

    private CompileResult Run(IReadOnlyList<DefinitionInput> inputs, bool emit, CancellationToken cancellationToken) =>
        // A run whose errors all went away with the files given back (a file edited between the passes) has sections
        // missing; it is done again with the framer alone rather than written with holes.
        Run(inputs, emit, _options.FastSplit, cancellationToken) ?? Run(inputs, emit, fastSplit: false, cancellationToken)!;

    private CompileResult? Run(IReadOnlyList<DefinitionInput> inputs, bool emit, bool fastSplit, CancellationToken cancellationToken)
    {
        // A run done again counts again from nothing.
        _options.Progress?.Restart();
        var shared = new SharedState(inputs.Count, _options.Progress);
        // Small runs (a hook checking one file) are done on the calling thread: starting workers would cost more
        // than they save. The result is the same either way.
        var inline = _options.Parallelism <= 1 || IsSmall(inputs);
        var workerCount = inline ? 1 : _options.Parallelism;
        var workers = new Worker[workerCount];
        var mapBudget = new SpillMapBudget(_options.SpillMapLimit);
        for (var i = 0; i < workerCount; i++)
            workers[i] = new Worker((short)i, emit ? new SpillBuffer(_options.SpillMemoryLimit, _options.SpillFolder, mapBudget) : null, shared);
        var fileErrors = new List<LocatedError>();
        try
        {
            RunPass(inputs, null, fastSplit, workers, fileErrors, shared, inline, cancellationToken);
            // Files the fast splitter gave back (something in them only the framer reads exactly, such as an error):
            // drop what the first pass made of them and read them again with the framer.
            if (shared.TakeGivenBack() is { Length: > 0 } again)
            {
                var drop = new HashSet<int>(again);
                fileErrors.RemoveAll(e => drop.Contains(e.File));
                foreach (var worker in workers) worker.Drop(drop);
                RunPass(inputs, again, fastSplit: false, workers, fileErrors, shared, inline, cancellationToken);
            }
            cancellationToken.ThrowIfCancellationRequested();
            return Finish(inputs, workers, fileErrors, emit);
        }
        catch
        {
            foreach (var worker in workers) worker.Spill?.Dispose();
            throw;
        }
    }

    private void RunPass(IReadOnlyList<DefinitionInput> inputs, int[]? only, bool fastSplit, Worker[] workers, List<LocatedError> fileErrors,
        SharedState shared, bool inline, CancellationToken cancellationToken)
    {
        if (inline)
            Frame(inputs, only, fastSplit, workers[0].Process, fileErrors, shared, cancellationToken);
        else
            RunWorkers(inputs, only, fastSplit, workers, fileErrors, shared, cancellationToken);
    }

    /// <summary>
    /// Frames the inputs on this thread for workers on others. No failure can leave a thread waiting: a worker that
    /// fails (the temporary folder is full, a bug) stops the reader and the other workers, and its exception ends the
    /// run; so does cancellation.
    /// </summary>
    private void RunWorkers(IReadOnlyList<DefinitionInput> inputs, int[]? only, bool fastSplit, Worker[] workers, List<LocatedError> fileErrors,
        SharedState shared, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<DefinitionBatch>(boundedCapacity: workers.Length * 2);
        Exception? failure = null;
        var tasks = new Task[workers.Length];
        for (var i = 0; i < workers.Length; i++)
        {
            var worker = workers[i];
            tasks[i] = Task.Factory.StartNew(() =>
            {
                try
                {
                    foreach (var batch in queue.GetConsumingEnumerable(stop.Token)) worker.Process(batch);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                    stop.Cancel();
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        try
        {
            Frame(inputs, only, fastSplit, batch =>
            {
                try
                {
                    queue.Add(batch, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    batch.Release();
                    throw;
                }
            }, fileErrors, shared, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A worker failed: its exception, below, is the one to report.
        }
        finally
        {
            queue.CompleteAdding();
            Task.WaitAll(tasks);
            while (queue.TryTake(out var left)) left.Release();
        }
        if (failure is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
    }

    private bool IsSmall(IReadOnlyList<DefinitionInput> inputs)
    {
        long total = 0;
        foreach (var input in inputs)
        {
            if (input.Length < 0) return false;
            total += input.Length;
        }
        return total <= _options.InlineBelowBytes;
    }

    /// <summary>
    /// Frames the inputs (those in <paramref name="only"/>, when given, with the framer) into batches for
    /// <paramref name="post"/>. With <paramref name="fastSplit"/> each seekable file goes through the fast splitter; a
    /// file it gives back is noted in <paramref name="shared"/> for the second pass.
    /// </summary>
    private void Frame(IReadOnlyList<DefinitionInput> inputs, int[]? only, bool fastSplit, Action<DefinitionBatch> post, List<LocatedError> fileErrors,
        SharedState shared, CancellationToken cancellationToken)
    {
        var framer = new DefinitionFramer(_options.MaxDefinitionBytes, _options.MaxDepth);
        var splitter = new DefinitionSplitter(_options.MaxDefinitionBytes, _options.MaxDepth, _options.BatchBytes);
        var errors = new List<DefinitionError>();
        var count = only?.Length ?? inputs.Count;
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fileIndex = only is null ? i : only[i];
            var input = inputs[fileIndex];
            DefinitionBatch? batch = null;
            void Sink(ReadOnlySpan<byte> json, SourcePosition start, long index)
            {
                batch ??= new DefinitionBatch(fileIndex, input.Name, _options.BatchBytes);
                if (!batch.TryAdd(json, start, (int)index))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    post(batch);
                    batch = new DefinitionBatch(fileIndex, input.Name, Math.Max(_options.BatchBytes, json.Length));
                    batch.TryAdd(json, start, (int)index);
                }
                if (batch.Count >= BatchDefinitions)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    post(batch);
                    batch = new DefinitionBatch(fileIndex, input.Name, _options.BatchBytes);
                }
            }
            try
            {
                using var stream = input.Open();
                // The splitter may have to give the file back, so it takes only files that can be read again.
                if (fastSplit && stream.CanSeek)
                {
                    if (!splitter.Read(stream, fileIndex, input.Name, post, () => shared.IsGivenBack(fileIndex), cancellationToken))
                        shared.GiveBack(fileIndex);
                }
                else
                {
                    framer.Read(stream, input.Name, Sink, errors, cancellationToken);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new DefinitionError(ErrorCodes.FileUnreadable, $"The file cannot be read: {e.Message}", File: input.Name));
            }
            if (batch is { Count: > 0 }) post(batch); else batch?.Release();
            // A file read again in the second pass was counted in the first.
            if (only is null) shared.Progress?.FileRead();
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    fileErrors.Add(new LocatedError(fileIndex, error));
                    if (error.IsError) shared.MarkFailed();
                }
                errors.Clear();
            }
        }
    }

    private static CompileResult? Finish(IReadOnlyList<DefinitionInput> inputs, Worker[] workers, List<LocatedError> fileErrors, bool emit)
    {
        var total = 0;
        foreach (var worker in workers) total += worker.Records.Count;
        var records = new DefinitionRecord[total];
        var at = 0;
        foreach (var worker in workers)
        {
            var count = worker.Records.Count;
            worker.Records.MoveTo(records, at);
            at += count;
        }
        var diagnostics = fileErrors;
        foreach (var worker in workers) diagnostics.AddRange(worker.Errors);
        CheckKeys(records, diagnostics, inputs, parallel: workers.Length > 1);
        diagnostics.Sort(LocatedError.Compare);

        var failed = false;
        var filesWithErrors = 0;
        var lastFileWithError = -1;
        foreach (var diagnostic in diagnostics)
        {
            if (!diagnostic.Error.IsError) continue;
            failed = true;
            if (diagnostic.File >= 0 && diagnostic.File != lastFileWithError) filesWithErrors++;
            lastFileWithError = diagnostic.File;
        }
        var spills = workers.Select(w => w.Spill).OfType<SpillBuffer>().ToArray();
        CompiledRules? rules = null;
        if (!failed && emit)
        {
            // Workers stop compiling sections once an error is found. An error in a file given back that the second
            // pass did not find again (the file changed in between) leaves sections out: the caller runs again.
            if (Array.Exists(records, r => r.Length == 0))
            {
                foreach (var spill in spills) spill.Dispose();
                return null;
            }
            foreach (var spill in spills) spill.Complete();
            // Only the output needs the whole run in section order: validate and a failed compile never sort.
            Sort(records, parallel: workers.Length > 1);
            rules = new CompiledRules(T.Schema, records, spills);
        }
        else
        {
            foreach (var spill in spills) spill.Dispose();
        }
        return new CompileResult(diagnostics.Select(e => e.Error).ToArray(), total, inputs.Count, filesWithErrors, rules);
    }

    /// <summary>
    /// Puts the records in section order. With <paramref name="parallel"/>, on two threads: each half is sorted on
    /// its own, then the halves are merged (n comparisons, against about n log n for the sort); the order is total
    /// (key, then file and index), so the result is the one a single sort gives.
    /// </summary>
    internal static void Sort(DefinitionRecord[] records, bool parallel)
    {
        const int ParallelAbove = 16 * 1024;
        if (!parallel || records.Length < ParallelAbove)
        {
            Array.Sort(records, DefinitionRecord.Compare);
            return;
        }
        var half = records.Length / 2;
        var comparer = Comparer<DefinitionRecord>.Create(DefinitionRecord.Compare);
        var left = Task.Run(() => Array.Sort(records, 0, half, comparer));
        Array.Sort(records, half, records.Length - half, comparer);
        left.GetAwaiter().GetResult();
        // Merge: the left half moves out (n/2 extra records, briefly), and the merge writes from the front.
        var low = records[..half];
        int i = 0, j = half, to = 0;
        while (i < low.Length && j < records.Length)
            records[to++] = DefinitionRecord.Compare(records[j], low[i]) < 0 ? records[j++] : low[i++];
        while (i < low.Length) records[to++] = low[i++];
    }

    /// <summary>
    /// Adds the duplicate-key errors (CR2001) and shadowed-key warnings (CR2002) of <paramref name="records"/>, in any
    /// order. Both concern only keys whose last values are the same pattern, which differ at most in the case of ASCII
    /// letters; so the records are put in groups of last values equal ignoring case (a hash table, no sort), and only
    /// the rare group of more than one is sorted and checked, exactly as the whole run in section order would be: the
    /// records of a group keep the order they have in the whole run, and those that matter to each other are in the
    /// same group. With <paramref name="parallel"/>, two threads each take the records of one half of the last values
    /// (split by <see cref="Half"/>, which keeps every group whole).
    /// </summary>
    internal static void CheckKeys(DefinitionRecord[] records, List<LocatedError> diagnostics, IReadOnlyList<DefinitionInput> inputs, bool parallel)
    {
        const int ParallelAbove = 16 * 1024;
        if (!parallel || records.Length < ParallelAbove)
        {
            CheckKeys(records, -1, diagnostics, inputs);
            return;
        }
        var other = new List<LocatedError>();
        var odd = Task.Run(() => CheckKeys(records, 1, other, inputs));
        CheckKeys(records, 0, diagnostics, inputs);
        odd.GetAwaiter().GetResult();
        diagnostics.AddRange(other);
    }

    /// <summary>
    /// 0 or 1 for a last key value, the same for values that differ only in the case of ASCII letters: its length and
    /// its last characters with ASCII letters in lower case.
    /// </summary>
    private static int Half(string last)
    {
        var sum = last.Length;
        for (var i = Math.Max(0, last.Length - 4); i < last.Length; i++)
        {
            var c = last[i];
            sum += c is >= 'A' and <= 'Z' ? c | 0x20 : c;
        }
        return sum & 1;
    }

    /// <summary>The checks of <see cref="CheckKeys(DefinitionRecord[], List{LocatedError}, IReadOnlyList{DefinitionInput}, bool)"/> over the records whose <see cref="Half"/> is <paramref name="half"/>, or all (-1).</summary>
    private static void CheckKeys(DefinitionRecord[] records, int half, List<LocatedError> diagnostics, IReadOnlyList<DefinitionInput> inputs)
    {
        // heads: the last record of each group seen so far; next[i]: the record before i in its group, or -1.
        var heads = new Dictionary<string, int>(half < 0 ? records.Length : records.Length / 2, StringComparer.OrdinalIgnoreCase);
        var next = new int[records.Length];
        List<string>? repeated = null;
        for (var i = 0; i < records.Length; i++)
        {
            // A record whose key is incomplete has its errors already and is in no group.
            if (!records[i].KeyComplete) continue;
            var last = records[i].Key.Last;
            if (half >= 0 && Half(last) != half) continue;
            ref var head = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(heads, last, out var exists);
            if (!exists)
            {
                next[i] = -1;
            }
            else
            {
                if (next[head] < 0) (repeated ??= []).Add(last);
                next[i] = head;
            }
            head = i;
        }
        if (repeated is null) return;
        var group = new List<DefinitionRecord>();
        foreach (var last in repeated)
        {
            group.Clear();
            for (var i = heads[last]; i >= 0; i = next[i]) group.Add(records[i]);
            var sorted = group.ToArray();
            Array.Sort(sorted, DefinitionRecord.Compare);
            AddDuplicateKeyErrors(sorted, diagnostics, inputs);
            AddShadowedKeyWarnings(sorted, diagnostics, inputs);
        }
    }

    /// <summary>Errors for keys defined again, from <paramref name="records"/> in section order.</summary>
    internal static void AddDuplicateKeyErrors(DefinitionRecord[] records, List<LocatedError> errors, IReadOnlyList<DefinitionInput> inputs)
    {
        var schema = T.Schema;
        var keyFields = string.Join(" + ", schema.Key);
        var noun = schema.Name.ToLowerInvariant();
        for (var i = 1; i < records.Length; i++)
        {
            var record = records[i];
            if (!record.KeyComplete) continue;
            // The first of a run of equal keys is the one read first (input order breaks ties).
            var first = i - 1;
            while (first >= 0 && !records[first].KeyComplete) first--;
            if (first < 0 || !records[first].Key.Equals(record.Key)) continue;
            while (first > 0 && records[first - 1].KeyComplete && records[first - 1].Key.Equals(record.Key)) first--;
            var name = record.Key.ToDefinitionKey().SectionName;
            var original = records[first];
            var originalFile = inputs[original.File].Name;
            errors.Add(new LocatedError(record.File, new DefinitionError(ErrorCodes.DuplicateKey,
                $"Another {noun} has the same key ({keyFields}) '{name}'; also defined at {originalFile}{original.Start}. Each key may be defined once.",
                JsonPath: record.Index < 0 ? JsonPaths.Root : JsonPaths.Element(JsonPaths.Root, record.Index),
                File: inputs[record.File].Name, Position: record.Start)));
        }
    }

    /// <summary>
    /// A server matches calls against the last key value and takes the first section in the order: of definitions
    /// whose last key values are the same pattern (ASCII case aside) but whose keys differ, only the first in the order
    /// can ever be chosen. Each later one gets a warning naming the one that wins. Keys that are exactly equal are
    /// CR2001 errors already. <paramref name="records"/> are in section order.
    /// </summary>
    internal static void AddShadowedKeyWarnings(DefinitionRecord[] records, List<LocatedError> warnings, IReadOnlyList<DefinitionInput> inputs)
    {
        var schema = T.Schema;
        if (schema.Key.Count < 2) return;
        var matchField = schema.Key[^1];
        var others = string.Join(" + ", schema.Key.Take(schema.Key.Count - 1));
        var noun = schema.Name.ToLowerInvariant();
        var winner = -1;
        for (var i = 0; i < records.Length; i++)
        {
            var record = records[i];
            if (!record.KeyComplete) continue;
            if (winner < 0 || DefinitionKey.ComparePatterns(records[winner].Key.Last, record.Key.Last) != 0)
            {
                winner = i;
                continue;
            }
            if (records[winner].Key.Equals(record.Key)) continue;
            var first = records[winner];
            warnings.Add(new LocatedError(record.File, new DefinitionError(ErrorCodes.ShadowedKey,
                $"This {noun} can never be chosen: '{first.Key.ToDefinitionKey().SectionName}' ({inputs[first.File].Name}{first.Start}) " +
                $"has the same {matchField} '{first.Key.Last}', which a server matches first, and comes before it in the section " +
                $"order ({others} breaks the tie). Give one of them another {matchField}, or remove it.",
                Field: matchField,
                JsonPath: record.Index < 0 ? JsonPaths.Root : JsonPaths.Element(JsonPaths.Root, record.Index),
                File: inputs[record.File].Name, Position: record.Start, Severity: Severity.Warning)));
        }
    }

    /// <summary>State the framer and the workers share.</summary>
    private sealed class SharedState(int files, CompileProgress? progress)
    {
        private readonly bool[] _givenBack = new bool[files];
        private int _failed;
        private int _anyGivenBack;

        /// <summary>The counts a progress display reads, or null.</summary>
        public CompileProgress? Progress { get; } = progress;

        /// <summary>Once any error is found nothing will be written, so workers stop compiling call rules.</summary>
        public bool Failed => Volatile.Read(ref _failed) != 0;
        public void MarkFailed() => Volatile.Write(ref _failed, 1);

        /// <summary>Whether file <paramref name="file"/> goes to the framer in the second pass.</summary>
        public bool IsGivenBack(int file) => Volatile.Read(ref _givenBack[file]);

        public void GiveBack(int file)
        {
            Volatile.Write(ref _givenBack[file], true);
            Volatile.Write(ref _anyGivenBack, 1);
        }

        /// <summary>The files given back, in input order, once no thread is working; they are not given back any more.</summary>
        public int[] TakeGivenBack()
        {
            if (_anyGivenBack == 0) return [];
            var files = new List<int>();
            for (var i = 0; i < _givenBack.Length; i++)
            {
                if (!_givenBack[i]) continue;
                files.Add(i);
                _givenBack[i] = false;
            }
            _anyGivenBack = 0;
            return files.ToArray();
        }
    }

    /// <summary>One worker's tools and results; only its own thread touches them until the run ends.</summary>
    private sealed class Worker(short id, SpillBuffer? spill, SharedState shared)
    {
        private readonly List<DefinitionError> _scratch = [];
        private readonly Dictionary<string, string> _keyPool = new(StringComparer.Ordinal);
        private CallRuleWriter? _writer;
        private T? _reused; // the definition read last, read into again

        public SpillBuffer? Spill { get; } = spill;
        public SegmentedList<DefinitionRecord> Records { get; } = new();
        /// <summary>The errors and warnings this worker found.</summary>
        public List<LocatedError> Errors { get; } = [];

        public void Process(DefinitionBatch batch)
        {
            // Counted here and added once per batch: one interlocked add per batch, not per definition.
            var done = 0;
            try
            {
                // Positions on demand: each definition is validated and written (Complete) before the next is read and
                // while the batch is in memory, and nothing keeps it after: only a definition with an error counts lines.
                var context = new JsonReadContext(batch.File, _scratch) { PositionsOnDemand = true };
                foreach (var frame in batch.Frames)
                {
                    if (batch.Split && !ProcessSplit(batch, frame, context))
                    {
                        shared.GiveBack(batch.FileIndex);
                        return;
                    }
                    if (!batch.Split) ProcessOne(batch, frame, context);
                    done++;
                }
            }
            finally
            {
                shared.Progress?.DefinitionsDone(done);
                batch.Release();
            }
        }

        /// <summary>
        /// A frame from the splitter, which has not looked inside it: it must be UTF-8 and one well-formed object, else
        /// the file is given back to the framer (false), which reports exactly what is wrong with it.
        /// </summary>
        private bool ProcessSplit(DefinitionBatch batch, DefinitionFrame frame, JsonReadContext context)
        {
            if (shared.IsGivenBack(batch.FileIndex)) return false;
            if (!System.Text.Unicode.Utf8.IsValid(batch.Data.AsSpan(frame.Offset, frame.Length))) return false;
            T definition;
            long consumed;
            try
            {
                definition = Read(batch, frame, context, out consumed);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return false;
            }
            if (consumed != frame.Length) return false;
            Complete(batch, frame, definition);
            return true;
        }

        /// <summary>
        /// Reads the definition in <paramref name="frame"/> (the reader's exceptions pass through) with the same reader
        /// options whichever way it was framed, so a frame that one path refuses the other does too.
        /// </summary>
        private T Read(DefinitionBatch batch, DefinitionFrame frame, JsonReadContext context, out long consumed)
        {
            var json = batch.Data.AsMemory(frame.Offset, frame.Length);
            context.Reset(json, frame.Start, frame.Index < 0 ? JsonPaths.Root : JsonPaths.Element(JsonPaths.Root, frame.Index));
            _scratch.Clear();
            var reader = new Utf8JsonReader(json.Span, isFinalBlock: true, new JsonReaderState(JsonReadContext.ReaderOptions));
            reader.Read();
            // One instance per worker: Complete validates and writes the definition and keeps nothing of it (the key's
            // values are copied into the record), so the next definition can be read into the same object.
            var definition = _reused = T.ReadJson(ref reader, context, _reused);
            consumed = reader.BytesConsumed;
            return definition;
        }

        private void ProcessOne(DefinitionBatch batch, DefinitionFrame frame, JsonReadContext context)
        {
            T definition;
            try
            {
                definition = Read(batch, frame, context, out _);
            }
            catch (JsonException e)
            {
                // The framer has already checked the syntax; this is a value the reader could not decode.
                Fail(batch, frame, context, ErrorCodes.InvalidJson, $"The definition could not be read: {e.Message}");
                return;
            }
            catch (InvalidOperationException)
            {
                // Utf8JsonReader.GetString on an escaped unpaired surrogate, in a reader that does not report it itself.
                Fail(batch, frame, context, ErrorCodes.ForbiddenCharacter,
                    "The definition holds an escaped unpaired surrogate (a \\uD800-\\uDFFF escape without its pair); call-rule values cannot hold it.");
                return;
            }
            Complete(batch, frame, definition);
        }

        private void Complete(DefinitionBatch batch, DefinitionFrame frame, T definition)
        {
            definition.Validate(_scratch);
            var key = CompactKey.From(definition.Key, _keyPool, KeyPoolLimit, out var complete);
            long offset = 0;
            var length = 0;
            var valid = true;
            foreach (var problem in _scratch)
            {
                Errors.Add(new LocatedError(batch.FileIndex, problem));
                valid &= !problem.IsError;
            }
            if (!valid)
            {
                shared.MarkFailed();
            }
            else if (Spill is not null && !shared.Failed)
            {
                offset = Spill.Position;
                definition.WriteCallRules(_writer ??= new CallRuleWriter(Spill));
                length = checked((int)(Spill.Position - offset));
            }
            Records.Add(new DefinitionRecord(key, batch.FileIndex, frame.Index, frame.Start.Line, frame.Start.Column,
                id, complete, offset, length));
        }

        /// <summary>Drops what this worker made of <paramref name="files"/>.</summary>
        public void Drop(HashSet<int> files)
        {
            var before = Records.Count;
            Records.RemoveAll(r => files.Contains(r.File));
            // Only split files are dropped, and each split frame counted made one record: the second pass counts them again.
            shared.Progress?.DefinitionsDone(Records.Count - before);
            Errors.RemoveAll(e => files.Contains(e.File));
        }

        private void Fail(DefinitionBatch batch, DefinitionFrame frame, JsonReadContext context, string code, string message)
        {
            Errors.Add(new LocatedError(batch.FileIndex,
                new DefinitionError(code, message, JsonPath: context.JsonPath, File: batch.File, Position: frame.Start)));
            shared.MarkFailed();
        }
    }
}

/// <summary>An error or warning and the index of its file in input order (-1 for those of the run itself).</summary>
internal readonly record struct LocatedError(int File, DefinitionError Error)
{
    public static int Compare(LocatedError a, LocatedError b)
    {
        var c = a.File.CompareTo(b.File);
        if (c != 0) return c;
        c = a.Error.Position.Line.CompareTo(b.Error.Position.Line);
        if (c != 0) return c;
        c = a.Error.Position.Column.CompareTo(b.Error.Position.Column);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Error.Code, b.Error.Code);
        return c != 0 ? c : string.CompareOrdinal(a.Error.Message, b.Error.Message);
    }
}
