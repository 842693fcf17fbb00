#!/usr/bin/env python3
"""Draws the charts of docs/performance.md from BenchmarkDotNet's CSV reports (no third-party packages).

    python3 tests/Benchmarks/chart/make_charts.py <BenchmarkDotNet.Artifacts/results> [out-dir]

Writes throughput.svg (time and allocations per definition, with the ratio to the reader floor) when the
CompileThroughputBenchmarks report is there, and generator.svg (CallRules against System.Text.Json's generator, and
the warm run against schema size) when the generator reports are there; prints the numbers as Markdown tables.
"""
import csv
import glob
import os
import sys
from html import escape

DEFINITIONS = 10_000  # CompileThroughputBenchmarks.Count
TIME_UNITS = {"ns": 1e-9, "us": 1e-6, "μs": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0}
SIZE_UNITS = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}
COLORS = {"Floor": "#8c8c8c", "CallRules": "#2b6cb0", "HandWritten": "#c05621", "Pipeline": "#2f855a", "other": "#6b46c1"}


def seconds(text):
    value, unit = text.replace(",", "").split()
    return float(value) * TIME_UNITS[unit]


def size(text):
    if text in ("-", "", "NA"):
        return 0.0
    value, unit = text.replace(",", "").split()
    return float(value) * SIZE_UNITS[unit]


def report(results, suffix):
    paths = glob.glob(os.path.join(results, f"*{suffix}-report.csv"))
    if not paths:
        return None
    with open(paths[0], newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def color(method):
    if method.startswith("Floor"):
        return COLORS["Floor"]
    if "Pipeline" in method:
        return COLORS["Pipeline"]
    if method.startswith("CallRules"):
        return COLORS["CallRules"]
    if method.startswith("HandWritten") or method.startswith("SystemTextJson"):
        return COLORS["HandWritten"]
    return COLORS["other"]


def bar_panel(x0, y0, width, title, rows, fmt, unit):
    """rows: (label, value, note, color). Returns (svg parts, height)."""
    label_w, bar_h, gap = 280, 22, 8
    top = y0 + 28
    biggest = max(v for _, v, _, _ in rows) or 1.0
    scale = (width - label_w - 150) / biggest
    parts = [f'<text x="{x0}" y="{y0 + 16}" font-weight="bold">{escape(title)}</text>']
    for i, (label, value, note, fill) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = max(1.0, value * scale)
        parts.append(f'<text x="{x0 + label_w - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{x0 + label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{fill}"/>')
        parts.append(f'<text x="{x0 + label_w + w + 6:.1f}" y="{y + 15}">{escape(fmt(value) + " " + unit)}'
                     f'{escape("  " + note) if note else ""}</text>')
    return parts, 28 + len(rows) * (bar_h + gap) + 12


def svg(width, height, parts, caption):
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'font-family="DejaVu Sans, Arial, sans-serif" font-size="13">'
            f'<rect width="100%" height="100%" fill="white"/>')
    foot = f'<text x="10" y="{height - 8}" font-size="11" fill="#555">{escape(caption)}</text></svg>\n'
    return head + "".join(parts) + foot


def throughput(results, out):
    rows = report(results, "CompileThroughputBenchmarks")
    if rows is None:
        return
    floor = next(seconds(r["Mean"]) for r in rows if r["Method"] == "Floor")
    timed = [(r["Method"], seconds(r["Mean"]) / DEFINITIONS * 1e6, seconds(r["Mean"]) / floor, size(r["Allocated"]) / DEFINITIONS)
             for r in rows]
    width = 980
    time_rows = [(m, t, f"{ratio:.1f}x floor", color(m)) for m, t, ratio, _ in timed]
    alloc_rows = [(m, a, "", color(m)) for m, _, _, a in timed]
    parts1, h1 = bar_panel(10, 10, width, f"Time per definition, {DEFINITIONS:,} definitions in one array (lower is better)",
                           time_rows, lambda v: f"{v:.2f}", "µs")
    parts2, h2 = bar_panel(10, 10 + h1, width, "Allocated per definition (lower is better)", alloc_rows,
                           lambda v: f"{v:,.0f}", "B")
    caption = "BenchmarkDotNet, CompileThroughputBenchmarks; ratios from one run on a shared 2-core machine (docs/performance.md)."
    with open(os.path.join(out, "throughput.svg"), "w", encoding="utf-8") as f:
        f.write(svg(width, h1 + h2 + 40, parts1 + parts2, caption))
    print("| Method | Time/definition | Ratio to floor | Allocated/definition |")
    print("|---|---:|---:|---:|")
    for m, t, ratio, a in timed:
        print(f"| {m} | {t:.2f} µs | {ratio:.2f} | {a:,.0f} B |")
    print()


def generator(results, out):
    rows = report(results, ".GeneratorBenchmarks")
    scaling = report(results, "GeneratorScalingBenchmarks")
    if rows is None and scaling is None:
        return
    width, parts, height = 980, [], 10
    if rows is not None:
        baseline = next(seconds(r["Mean"]) for r in rows if r["Method"] == "SystemTextJson_Warm")
        bars = [(r["Method"], seconds(r["Mean"]) * 1e3, f"{seconds(r['Mean']) / baseline:.3f}x STJ warm", color(r["Method"]))
                for r in rows]
        p, h = bar_panel(10, height, width, "Generator run on the 51-field connection (lower is better)", bars,
                         lambda v: f"{v:.3f}", "ms")
        parts += p
        height += h
        print("| Method | Mean | Ratio to STJ warm | Allocated |")
        print("|---|---:|---:|---:|")
        for r in rows:
            print(f"| {r['Method']} | {seconds(r['Mean']) * 1e3:.3f} ms | {seconds(r['Mean']) / baseline:.3f} | {r['Allocated']} |")
        print()
    if scaling is not None:
        points = sorted((int(r["Fields"]), seconds(r["Mean"]) * 1e3) for r in scaling)
        x0, y0, w, h = 80, height + 40, 560, 220
        max_x, max_y = max(p[0] for p in points), max(p[1] for p in points) * 1.1
        px = lambda x: x0 + x / max_x * w
        py = lambda y: y0 + h - y / max_y * h
        parts.append(f'<text x="10" y="{height + 20}" font-weight="bold">CallRulesGenerator warm run against schema size '
                     f'(linear means a straight line through the origin)</text>')
        parts.append(f'<line x1="{x0}" y1="{y0 + h}" x2="{x0 + w}" y2="{y0 + h}" stroke="black"/>')
        parts.append(f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y0 + h}" stroke="black"/>')
        # The line through the origin and the largest schema: how a linear cost would look.
        parts.append(f'<line x1="{px(0)}" y1="{py(0)}" x2="{px(points[-1][0])}" y2="{py(points[-1][1])}" stroke="#aaa" stroke-dasharray="4 4"/>')
        parts.append('<polyline fill="none" stroke="#2b6cb0" stroke-width="2" points="'
                     + " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points) + '"/>')
        for x, y in points:
            parts.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="4" fill="#2b6cb0"/>')
            parts.append(f'<text x="{px(x) + 6:.1f}" y="{py(y) - 6:.1f}">{x} fields: {y:.1f} ms</text>')
        parts.append(f'<text x="{x0 + w / 2}" y="{y0 + h + 30}" text-anchor="middle">fields in the schema</text>')
        parts.append(f'<text x="20" y="{y0 + h / 2}" transform="rotate(-90 20 {y0 + h / 2})" text-anchor="middle">ms</text>')
        height = y0 + h + 40
        print("| Fields | Warm run | Per field |")
        print("|---:|---:|---:|")
        for x, y in points:
            print(f"| {x} | {y:.2f} ms | {y / x * 1e3:.1f} µs |")
        print()
    caption = "BenchmarkDotNet, GeneratorBenchmarks and GeneratorScalingBenchmarks, in one process (docs/performance.md)."
    with open(os.path.join(out, "generator.svg"), "w", encoding="utf-8") as f:
        f.write(svg(width, height + 30, parts, caption))


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    results = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "results")
    os.makedirs(out, exist_ok=True)
    throughput(results, out)
    generator(results, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
