using System;
using System.IO;
using System.Linq;
using CallRules.Runtime.Pipeline;

namespace CallRules.Runtime.Tests;

/// <summary>
/// The one writer of files that compile, import, fmt and schema/docs share: nothing is replaced until every file is
/// written, a failure or a disposal without commit leaves no temporary file, and modes hold from the first byte.
/// </summary>
public class AtomicFileSetTests
{
    private static string[] Hidden(string folder) =>
        Directory.GetFiles(folder, ".*").Select(Path.GetFileName).OfType<string>().ToArray();

    [Fact]
    public void Nothing_is_replaced_until_commit_and_then_every_file_is()
    {
        var folder = TestSupport.TempFolder();
        File.WriteAllText(Path.Join(folder, "a.json"), "old a");
        using (var set = new AtomicFileSet())
        {
            set.Stage(Path.Join(folder, "a.json"), "new a"u8);
            set.Stage(Path.Join(folder, "b.json"), "new b"u8);
            Assert.Equal("old a", File.ReadAllText(Path.Join(folder, "a.json")));
            Assert.False(File.Exists(Path.Join(folder, "b.json")));
            Assert.Equal(2, Hidden(folder).Length);
            set.Commit();
        }
        Assert.Equal("new a", File.ReadAllText(Path.Join(folder, "a.json")));
        Assert.Equal("new b", File.ReadAllText(Path.Join(folder, "b.json")));
        Assert.Empty(Hidden(folder));
    }

    [Fact]
    public void Disposing_without_commit_removes_the_temporary_files_and_changes_nothing()
    {
        var folder = TestSupport.TempFolder();
        File.WriteAllText(Path.Join(folder, "a.json"), "old a");
        using (var set = new AtomicFileSet())
        {
            set.Stage(Path.Join(folder, "a.json"), "new a"u8);
            using var open = set.Create(Path.Join(folder, "b.json"));
            open.Write("half"u8);
        }
        Assert.Equal(["a.json"], TestSupport.FilesIn(folder));
        Assert.Equal("old a", File.ReadAllText(Path.Join(folder, "a.json")));
    }

    [Fact]
    public void Commit_without_overwrite_refuses_an_existing_file_and_names_it()
    {
        var folder = TestSupport.TempFolder();
        File.WriteAllText(Path.Join(folder, "b.json"), "someone's");
        using var set = new AtomicFileSet();
        set.Stage(Path.Join(folder, "b.json"), "new b"u8);
        Assert.Throws<IOException>(() => set.Commit(overwrite: false));
        Assert.Equal(Path.Join(folder, "b.json"), set.Current);
        set.Dispose();
        Assert.Equal("someone's", File.ReadAllText(Path.Join(folder, "b.json")));
        Assert.Empty(Hidden(folder));
    }

    [Fact]
    public void A_temporary_file_has_its_final_mode_from_its_first_byte()
    {
        if (OperatingSystem.IsWindows()) return;
        var folder = TestSupport.TempFolder();
        var kept = Path.Join(folder, "kept.json");
        File.WriteAllText(kept, "old");
        File.SetUnixFileMode(kept, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var set = new AtomicFileSet();
        using (var stream = set.Create(kept))
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stream.SafeFileHandle));
        using (var stream = set.Create(Path.Join(folder, "new.json")))
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(stream.SafeFileHandle) & ~AtomicFileSet.NewFileMode);
        set.Commit();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(kept));
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.Join(folder, "new.json")) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite));
    }

    [Fact]
    public void Stale_temporary_files_of_ended_runs_are_removed_and_live_ones_kept()
    {
        var folder = TestSupport.TempFolder();
        // A process id above the kernel's limit (2^22) is never running.
        var dead = ".a.json.4194304.0123456789abcdef.tmp";
        var old = ".a.json.0123456789abcdef0123456789abcdef.tmp";
        var live = $".a.json.{Environment.ProcessId}.0123456789abcdef.tmp";
        foreach (var name in new[] { dead, old, live, ".notes.tmp", ".a.json.12.not-hex.tmp", "a.json" })
            File.WriteAllText(Path.Join(folder, name), "x");
        AtomicFileSet.RemoveStale(folder);
        string[] kept = [live, ".a.json.12.not-hex.tmp", ".notes.tmp", "a.json"];
        Assert.Equal(kept.Order(StringComparer.Ordinal), TestSupport.FilesIn(folder));
    }

    [Theory]
    [InlineData(".a.json.123.0123456789abcdef.tmp", true, 123)]
    [InlineData(".connection.rules.0123456789abcdef0123456789abcdef.tmp", true, null)]
    [InlineData(".a.json.123.0123456789ABCDEF.tmp", false, null)]
    [InlineData(".a.json.x.0123456789abcdef.tmp", false, null)]
    [InlineData("a.json.123.0123456789abcdef.tmp", false, null)]
    [InlineData(".0123456789abcdef.tmp", false, null)]
    [InlineData(".notes.tmp", false, null)]
    public void Temporary_names_are_recognised_with_their_writer(string name, bool expected, int? writer)
    {
        Assert.Equal(expected, AtomicFileSet.IsTemporaryName(name, out var processId));
        Assert.Equal(writer, processId);
    }
}
