using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Tests.TestDoubles;
using static CallRules.Runtime.Tests.TestSupport;

namespace CallRules.Runtime.Tests;

/// <summary>
/// Issue 10, row 1: no failure can leave the pipeline waiting. A worker that fails (the temporary folder cannot hold
/// the spill, a bug) ends the run with its exception while the reader still has batches to post; so does
/// cancellation. Every run is bounded: a deadlock fails the test instead of hanging the suite.
/// </summary>
public class PipelineFailureTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    // Many small batches, more than the bounded queue holds, so the reader must wait for workers.
    private static DefinitionInput ManyTrunks(int count, int throwAt = -1)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < count; i++)
        {
            if (i > 0) json.Append(',');
            json.Append(Trunk("z" + (i % 7), "p" + i, i == throwAt ? $", \"note\": \"{HookedTrunk.ThrowingNote}\"" : ", \"password\": \"secret\""));
        }
        return File("many.json", json.Append(']').ToString());
    }

    private static CompileOptions Workers(string spillFolder) =>
        new() { Parallelism = 3, InlineBelowBytes = 0, SpillMemoryLimit = 1024, SpillFolder = spillFolder };

    private static Exception Bounded(Func<CompileResult> run)
    {
        var task = Task.Run(run);
        Assert.True(((IAsyncResult)task).AsyncWaitHandle.WaitOne(s_bound), "the run did not end: a deadlock");
        return Assert.ThrowsAny<Exception>(() => task.GetAwaiter().GetResult());
    }

    [Fact]
    public void A_worker_that_cannot_spill_ends_the_run_with_CR3003_naming_the_folder()
    {
        var missing = Path.Join(TempFolder(), "missing");
        var error = Bounded(() => new DefinitionCompiler<TestTrunk>(Workers(missing)).Compile([ManyTrunks(20_000)]));

        var storage = Assert.IsType<TemporaryStorageException>(error);
        Assert.Equal(ErrorCodes.OutputUnwritable, storage.Error.Code);
        Assert.Equal($"error CR3003: Cannot keep the compiled call rules in the temporary folder '{missing}': the folder does not exist. " +
                     "Point TMPDIR at a writable folder with free space.", storage.Error.ToString());
    }

    [Fact]
    public void A_worker_that_throws_ends_the_run_with_its_exception()
    {
        var folder = TempFolder();
        var error = Bounded(() => new DefinitionCompiler<HookedTrunk>(Workers(folder)).Compile([ManyTrunks(20_000, throwAt: 300)]));

        Assert.IsType<InvalidOperationException>(error);
        Assert.Equal("A bug in the test double's WriteCallRules.", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void A_worker_that_throws_on_the_calling_thread_ends_a_small_run_too()
    {
        var error = Bounded(() => new DefinitionCompiler<HookedTrunk>().Compile([ManyTrunks(10, throwAt: 3)]));
        Assert.IsType<InvalidOperationException>(error);
    }

    [Fact]
    public void Cancellation_ends_a_run_and_leaves_no_temporary_file()
    {
        var folder = TempFolder();
        using var cancel = new CancellationTokenSource();
        var json = Encoding.UTF8.GetBytes(
            "[" + string.Join(",", Enumerable.Range(0, 30_000).Select(i => Trunk("z", "p" + i, ", \"password\": \"secret\""))) + "]");
        // Hands out the input in pieces and cancels the run once a third of it has been read.
        var input = new DefinitionInput("slow.json", () => new TrickleStream(json, 4096, position =>
        {
            if (position > json.Length / 3) cancel.Cancel();
        }));

        var error = Bounded(() => new DefinitionCompiler<TestTrunk>(Workers(folder)).Compile([input], cancel.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void A_spill_file_has_no_name_once_it_is_open_and_only_its_owner_may_read_it()
    {
        var folder = TempFolder();
        using (var file = SpillBuffer.CreateUnnamedFile(folder))
        {
            Assert.Empty(Directory.GetFileSystemEntries(folder));
            file.Write("AuthPassword=secret\n"u8);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(file.SafeFileHandle));
        }
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void A_spill_file_never_has_a_name_that_another_process_could_see_or_a_kill_could_leave()
    {
        // Created and then unlinked, a spill file would have a name for a moment: a kill -9 in that moment leaves it
        // (passwords in it) and a watcher of the folder sees it. Linux's O_TMPFILE gives a file that never has one.
        if (!OperatingSystem.IsLinux()) return;
        var folder = TempFolder();
        var created = 0;
        using (var watcher = new FileSystemWatcher(folder) { NotifyFilter = NotifyFilters.FileName, EnableRaisingEvents = true })
        {
            watcher.Created += (_, _) => Interlocked.Increment(ref created);
            using (var file = SpillBuffer.CreateUnnamedFile(folder))
            {
                file.Write("AuthPassword=secret\n"u8);
                Assert.EndsWith(" (deleted)", new FileInfo($"/proc/self/fd/{file.SafeFileHandle.DangerousGetHandle()}").LinkTarget);
            }
            // A marker file proves the watcher delivers events: once its event arrives, the spill file's would have.
            System.IO.File.WriteAllText(Path.Join(folder, "marker"), "");
            var deadline = DateTime.UtcNow + s_bound;
            while (Volatile.Read(ref created) == 0 && DateTime.UtcNow < deadline) Thread.Sleep(20);
        }
        Assert.Equal(1, created);
    }
}
