#!/usr/bin/env python3
"""Where a native `callrules` run spends its time, per thread and per stage, from `perf script` output.

    perf record -F 4000 -e cpu-clock -e sched:sched_switch -g -o run.data -- <native callrules> compile ...
    perf script -i run.data -F comm,tid,time,event,trace,ip,sym,dso --show-mmap-events > run.txt
    python3 perf-stages.py run.txt <native callrules>

For the JIT build (`dotnet callrules.dll`), run it with DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 so
perf names JIT-compiled frames, and pass the dll's path as the binary (nothing in it needs symbolising). perf here
does not read Native AOT's separate .dbg file, so the script names the native binary's frames itself with `nm`, from
the binary or, when it is stripped (the default publish), from the .dbg file beside it. CPU time comes from the cpu-clock
samples; time off the CPU from sched_switch events (from a thread's switch-out to its next event), split into
blocked (it waited for something: the stack says what) and preempted (it was runnable: the machine was busy).
profile.sh runs all of this.
"""
import bisect, collections, os, re, subprocess, sys

# Stages: the innermost frame of a sample's stack that matches one names its stage (start-up only when none does).
STAGES = [
    ("framing", r"DefinitionFramer__Read|DefinitionSplitter__Read"),
    ("worker", r"[_+]Worker(<[^>]*>|\[[^\]]*\])?__Process"),
    ("after the workers: sort, duplicate keys", r"DefinitionCompiler_1(<[^>]*>|\[[^\]]*\])?__Finish|AddDuplicateKeyErrors|DefinitionCompiler_1.*Sort"),
    ("output: spill read back, write, fsync", r"CallRuleOutput__Write|CompiledRules__WriteTo"),
    ("queue hand-off", r"BlockingCollection"),
]
STARTUP = re.compile(r"CallRulesApp|Program__Main|StartupCodeMain|InputPaths")
# Within a stage, the innermost frame that matches names what the time went on.
DETAILS = [
    ("wait: queue hand-off", r"BlockingCollection|SemaphoreSlim|LowLevelLifoSemaphore|Monitor__|WaitHandle|futex|LowLevelMonitor|SpinWait"),
    ("GC / allocation", r"RhpNew|RhpGcAlloc|gc_heap|GCHeap|WKS__|SVR__|RhpAssignRef|memset"),
    ("structural scan (DefinitionSplitter)", r"DefinitionSplitter_Scan"),
    ("positions (line/column)", r"LineScanner|SourcePositionTracker|PositionOf"),
    ("UTF-8 check of the frame", r"Utf8Validation"),
    ("strings from UTF-8 (GetString, transcoding)", r"GetString|Transcod|Utf8Utility|UTF8Encoding|Utf8__ToUtf16"),
    ("validation", r"__Validate|FieldErrors|ValueFormats|Regex|CallRuleText__IndexOfForbidden|Suggestions"),
    ("call-rule writing", r"WriteCallRules|CallRuleWriter|CallRuleText"),
    ("spill buffer (in memory, file write, read back)", r"SpillBuffer|UnmanagedMemoryStream"),
    ("key (CompactKey)", r"CompactKey|DefinitionKey"),
    ("sort", r"ArraySortHelper|Array__Sort|IntrospectiveSort|DefinitionRecord__Compare|Comparison|__Sort"),
    ("copy into batch", r"DefinitionBatch|Sink|memmove|memcpy"),
    ("generated reader (ReadJson: dispatch, enums, numbers)", r"__ReadJson|JsonReadContext"),
    ("JSON tokens (Utf8JsonReader)", r"Utf8JsonReader|JsonReaderHelper"),
    ("read(2)", r"ksys_read|vfs_read|__x64_sys_read|filemap_read"),
    ("write(2)", r"ksys_write|vfs_write|__x64_sys_write|pwrite"),
    ("fsync", r"fsync|fdatasync"),
    ("page faults", r"exc_page_fault|handle_mm_fault"),
]
STAGE_RES = [(n, re.compile(p)) for n, p in STAGES]
DETAIL_RES = [(n, re.compile(p)) for n, p in DETAILS]


def load_symbols(binary):
    if binary.endswith(".dll"):
        return [], []
    out = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True).stdout
    if not out.strip() and os.path.exists(binary + ".dbg"):
        # A stripped Native AOT binary keeps its symbols in the .dbg file beside it, at the same addresses.
        out = subprocess.run(["nm", "--defined-only", binary + ".dbg"], capture_output=True, text=True, check=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]


def thread_kind(comm, tid, pid):
    if tid == pid:
        return "main thread"
    if "Long Runni" in comm:
        return "workers"
    if "BGC" in comm or "GC" in comm:
        return "GC thread"
    return "other threads"


def main():
    path, binary = sys.argv[1], sys.argv[2]
    addrs, names = load_symbols(binary)
    maps = []  # (start, end, pgoff)
    events = []  # (time, tid, comm, kind, trace, frames)
    header = re.compile(r"^(\S.*?)\s+(\d+)\s+(\d+\.\d+):\s+(\S+):\s*(.*)$")
    mmap = re.compile(r"PERF_RECORD_MMAP2? \d+/\d+: \[0x([0-9a-f]+)\(0x([0-9a-f]+)\) @ 0x([0-9a-f]+).*\]: r-xp (\S+)")
    current = None
    with open(path, errors="replace") as f:
        for line in f:
            if "PERF_RECORD_MMAP" in line:
                m = mmap.search(line)
                if m and m.group(4) == binary:
                    start, size, off = int(m.group(1), 16), int(m.group(2), 16), int(m.group(3), 16)
                    maps.append((start, start + size, off))
                continue
            if not line.strip():
                current = None
                continue
            if line[0] not in " \t":
                m = header.match(line.rstrip("\n"))
                if m:
                    current = [float(m.group(3)), int(m.group(2)), m.group(1).strip(), m.group(4), m.group(5), []]
                    events.append(current)
                continue
            if current is not None:
                parts = line.strip().split(" ", 1)
                ip = int(parts[0], 16)
                sym = parts[1] if len(parts) > 1 else ""
                if "[unknown]" in sym and binary in sym:
                    # perf prints the binary's frames relative to the file when it has no symbol for them; an
                    # absolute address (older perf) is turned into one through the binary's executable mapping.
                    vaddr = ip
                    for start, end, off in maps:
                        if start <= ip < end:
                            vaddr = ip - start + off
                            break
                    i = bisect.bisect_right(addrs, vaddr) - 1
                    if i >= 0:
                        sym = names[i]
                current[5].append(sym)
    if not events:
        sys.exit("no events")
    pid = min(e[1] for e in events if e[3] == "cpu-clock") if any(e[3] == "cpu-clock" for e in events) else events[0][1]
    # The process id is the main thread's id: the first thread seen.
    pid = events[0][1]
    t0, t1 = events[0][0], events[-1][0]
    wall = t1 - t0
    period = None
    samples = [e for e in events if e[3] == "cpu-clock"]
    # cpu-clock's period is in ns; perf script does not print it here, so take the median gap between samples of a thread.
    gaps = []
    last = {}
    for e in samples:
        if e[1] in last and 0 < e[0] - last[e[1]] < 0.01:
            gaps.append(e[0] - last[e[1]])
        last[e[1]] = e[0]
    period = sorted(gaps)[len(gaps) // 2] if gaps else 0.00025

    def normal(sym):
        # Native AOT names (Namespace_Type__Method) and the JIT's perf map names (Namespace.Type::Method) alike.
        return sym.replace("::", "__").replace(".", "_").replace("`", "_")

    def classify(frames):
        frames = [normal(f) for f in frames]
        stage = "other"
        for sym in frames:  # leaf first
            for n, r in STAGE_RES:
                if r.search(sym):
                    stage = n
                    break
            if stage != "other":
                break
        if stage == "other" and any(STARTUP.search(sym) for sym in frames):
            stage = "start-up, paths, printing"
        detail = "other (in the stage itself)"
        for sym in frames:  # leaf first
            for n, r in DETAIL_RES:
                if r.search(sym):
                    return stage, n
        return stage, detail

    cpu = collections.Counter()
    cpu_thread = collections.Counter()
    cpu_by_tid = collections.Counter()
    comm_of = {}
    for e in samples:
        kind = thread_kind(e[2], e[1], pid)
        comm_of[e[1]] = kind
        stage, detail = classify(e[5])
        cpu[(kind, stage, detail)] += period
        cpu_thread[kind] += period
        cpu_by_tid[e[1]] += period

    # Off-CPU: from a thread's switch-out to its next event of any kind.
    off = collections.Counter()
    by_tid = collections.defaultdict(list)
    for e in events:
        by_tid[e[1]].append(e)
    for tid, evs in by_tid.items():
        for a, b in zip(evs, evs[1:] + [None]):
            if a[3] != "sched:sched_switch" or f"prev_pid={tid} " not in a[4]:
                continue
            end = b[0] if b is not None else t1
            state = re.search(r"prev_state=(\S+)", a[4])
            preempted = state is not None and state.group(1).startswith("R")
            kind = thread_kind(a[2], tid, pid)
            stage, detail = classify(a[5])
            if preempted:
                detail = "preempted (runnable, CPU busy elsewhere)"
            off[(kind, stage, detail)] += end - a[0]

    print(f"wall (first to last event): {wall:.3f} s; CPU sampled: {sum(cpu.values()):.3f} s ({sum(cpu.values()) / wall:.2f} × wall); sample period {period * 1e3:.3f} ms")
    print()
    print("| thread | threads | CPU s | busy (CPU ÷ wall, per thread) |")
    print("|---|---:|---:|---:|")
    for kind in ["main thread", "workers", "GC thread", "other threads"]:
        tids = [t for t, k in comm_of.items() if k == kind]
        if not tids:
            continue
        print(f"| {kind} | {len(tids)} | {cpu_thread[kind]:.3f} | {cpu_thread[kind] / len(tids) / wall:.0%} |")
    print()
    print("| thread | stage | on what | CPU s | share of all CPU | off-CPU s |")
    print("|---|---|---|---:|---:|---:|")
    total = sum(cpu.values())
    keys = set(cpu) | set(off)
    for key in sorted(keys, key=lambda k: (k[0], -(cpu[k] + off[k]))):
        if cpu[key] + off[key] < 0.005:
            continue
        print(f"| {key[0]} | {key[1]} | {key[2]} | {cpu[key]:.3f} | {cpu[key] / total:.1%} | {off[key]:.3f} |")

    print()
    print("Hottest functions (self CPU):")
    selfc = collections.Counter()
    for e in samples:
        if e[5]:
            selfc[e[5][0]] += period
    for sym, t in selfc.most_common(25):
        print(f"  {t / total:6.1%}  {t:.3f} s  {sym[:140]}")


if __name__ == "__main__":
    main()
