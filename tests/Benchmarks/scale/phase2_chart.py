#!/usr/bin/env python3
"""Draws the phase-2 chart of docs/performance.md (no third-party packages).

    python3 tests/Benchmarks/scale/phase2_chart.py tests/Benchmarks/scale/results/phase2.json tests/Benchmarks/scale/results/phase2.svg

The JSON holds, for validate and compile, each build's median wall time, CPU time and instruction count next to its
floor's, all from one run (see the file). The chart shows each as a ratio to the floor, one panel per measure, with the
issue's targets (2x for validate, 2.5x for compile) as lines.
"""
import json
import sys
from html import escape

COLORS = ["#8c8c8c", "#2b6cb0", "#2f855a", "#c05621", "#6b46c1"]
TARGETS = {"validate": 2.0, "compile": 2.5}


def panel(x0, y0, width, height, title, measure, data):
    commands = list(data["commands"])
    builds = data["builds"]
    ratios = {c: [data[measure][c][b] / data[measure][c]["floor"] for b in builds] for c in commands}
    top = max(max(v) for v in ratios.values()) * 1.15
    plot_top, plot_bottom = y0 + 40, y0 + height - 40
    scale = (plot_bottom - plot_top) / top
    parts = [f'<text x="{x0 + width / 2}" y="{y0 + 18}" text-anchor="middle" font-weight="bold">{escape(title)}</text>',
             f'<line x1="{x0 + 30}" y1="{plot_bottom}" x2="{x0 + width - 10}" y2="{plot_bottom}" stroke="#333"/>']
    group_w = (width - 50) / len(commands)
    bar_w = (group_w - 30) / len(builds)
    for g, command in enumerate(commands):
        gx = x0 + 40 + g * group_w
        for b, value in enumerate(ratios[command]):
            h = value * scale
            bx = gx + b * bar_w
            parts.append(f'<rect x="{bx:.1f}" y="{plot_bottom - h:.1f}" width="{bar_w - 4:.1f}" height="{h:.1f}" fill="{COLORS[(b + 1) % len(COLORS)]}"/>')
            parts.append(f'<text x="{bx + (bar_w - 4) / 2:.1f}" y="{plot_bottom - h - 4:.1f}" text-anchor="middle" font-size="11">{value:.2f}×</text>')
        target = TARGETS.get(command)
        if target is not None and target < top:
            ty = plot_bottom - target * scale
            parts.append(f'<line x1="{gx - 4:.1f}" y1="{ty:.1f}" x2="{gx + len(builds) * bar_w:.1f}" y2="{ty:.1f}" stroke="#c53030" stroke-dasharray="5,3"/>')
            parts.append(f'<text x="{gx + len(builds) * bar_w:.1f}" y="{ty - 3:.1f}" text-anchor="end" font-size="10" fill="#c53030">target {target}×</text>')
        parts.append(f'<text x="{gx + len(builds) * bar_w / 2:.1f}" y="{plot_bottom + 16}" text-anchor="middle">{escape(command)}</text>')
    floor_y = plot_bottom - scale
    parts.append(f'<line x1="{x0 + 30}" y1="{floor_y:.1f}" x2="{x0 + width - 10}" y2="{floor_y:.1f}" stroke="#8c8c8c" stroke-dasharray="2,2"/>')
    parts.append(f'<text x="{x0 + 28}" y="{floor_y + 4:.1f}" text-anchor="end" font-size="10" fill="#555">1×</text>')
    return parts


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        data = json.load(f)
    measures = [("wall", "Wall time ÷ floor (median)"), ("cpu", "CPU time ÷ floor's (median)"),
                ("instructions", "Instructions ÷ floor's (callgrind)")]
    measures = [(m, t) for m, t in measures if m in data]
    pw, ph = 330, 300
    width, height = pw * len(measures) + 20, ph + 90
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="10" y="20" font-weight="bold" font-size="14">{escape(data["title"])}</text>']
    for i, (measure, title) in enumerate(measures):
        parts += panel(10 + i * pw, 30, pw - 10, ph, title, measure, data)
    lx = 20
    for b, build in enumerate(data["builds"]):
        parts.append(f'<rect x="{lx}" y="{height - 34}" width="12" height="12" fill="{COLORS[(b + 1) % len(COLORS)]}"/>')
        parts.append(f'<text x="{lx + 16}" y="{height - 24}">{escape(build)}</text>')
        lx += 30 + 7 * len(build)
    parts.append(f'<text x="10" y="{height - 6}" font-size="10" fill="#555">{escape(data["note"])}</text>')
    parts.append("</svg>")
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")
    for measure, title in measures:
        print(f"{title}: " + "; ".join(
            f"{c} " + ", ".join(f"{b} {data[measure][c][b] / data[measure][c]['floor']:.2f}" for b in data["builds"])
            for c in data["commands"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
