#!/usr/bin/env python3
"""Plots from a bench/run.py JSON file, written as plain SVG (no plotting library needed):
  docs/perf/fanout.svg — cable delivery latency p50/p95 vs subscribers (one stream, 2 broadcasts/s), with min–max
                         bars over the rounds and Navigator Go's 10k figures and our target for reference;
  docs/perf/memory.svg — server RSS vs held idle subscribed connections, with Go's and the target's slopes;
  docs/perf/rss-production.svg — server RSS over time under the production-like load (bench/production.py), ours
                         and Navigator Go (when the run had NAV_GO) against the 35 MB budget.

usage: bench/plot.py [bench/results/latest.json] [--out docs/perf]
"""
import argparse
import json
import os
import statistics

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 400, 70, 190, 40, 50
COLORS = {"p50": "#1f77b4", "p95": "#d62728", "ours": "#1f77b4", "go": "#7f7f7f", "target": "#2ca02c"}


class Chart:
    """One line chart: linear axes from 0, series of points with optional min–max bars, a legend on the right."""

    def __init__(self, title, x_label, y_label, x_max, y_max):
        self.x_max, self.y_max = x_max, y_max
        self.parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
                      f'font-family="sans-serif" font-size="12">',
                      f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
                      f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="14">{title}</text>',
                      f'<text x="{LEFT + (WIDTH - LEFT - RIGHT) / 2}" y="{HEIGHT - 10}" text-anchor="middle">{x_label}</text>',
                      f'<text transform="translate(16,{TOP + (HEIGHT - TOP - BOTTOM) / 2}) rotate(-90)" '
                      f'text-anchor="middle">{y_label}</text>']
        self.legend = 0
        self._axes()

    def x(self, value):
        return LEFT + value / self.x_max * (WIDTH - LEFT - RIGHT)

    def y(self, value):
        return HEIGHT - BOTTOM - value / self.y_max * (HEIGHT - TOP - BOTTOM)

    def _axes(self):
        for i in range(6):
            xv, yv = self.x_max * i / 5, self.y_max * i / 5
            self.parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{self.y(yv):.1f}" y2="{self.y(yv):.1f}" stroke="#ddd"/>')
            self.parts.append(f'<text x="{LEFT - 6}" y="{self.y(yv) + 4:.1f}" text-anchor="end">{yv:g}</text>')
            self.parts.append(f'<text x="{self.x(xv):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{xv:g}</text>')
        self.parts.append(f'<polyline fill="none" stroke="black" points="{LEFT},{TOP} {LEFT},{HEIGHT - BOTTOM} '
                          f'{WIDTH - RIGHT},{HEIGHT - BOTTOM}"/>')

    def series(self, label, color, points, dashed=False, bars=None, markers=True):
        """points: [(x, y)]; bars: [(x, low, high)]."""
        dash = ' stroke-dasharray="6,4"' if dashed else ""
        coords = " ".join(f"{self.x(px):.1f},{self.y(py):.1f}" for px, py in points)
        self.parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2"{dash} points="{coords}"/>')
        for px, py in points if markers else []:
            self.parts.append(f'<circle cx="{self.x(px):.1f}" cy="{self.y(py):.1f}" r="3.5" fill="{color}"/>')
        for px, low, high in bars or []:
            self.parts.append(f'<line x1="{self.x(px):.1f}" x2="{self.x(px):.1f}" y1="{self.y(low):.1f}" '
                              f'y2="{self.y(high):.1f}" stroke="{color}" stroke-width="1.5"/>')
        self.key(label, color, dash)

    def marker(self, label, color, px, low, high):
        """A reference range at one x (e.g. Go's figure), drawn as a hollow bar."""
        self.parts.append(f'<rect x="{self.x(px) - 5:.1f}" y="{self.y(high):.1f}" width="10" '
                          f'height="{max(2, self.y(low) - self.y(high)):.1f}" fill="none" stroke="{color}" stroke-width="2"/>')
        self.key(label, color, "")

    def key(self, label, color, dash):
        y = TOP + 10 + 20 * self.legend
        self.legend += 1
        self.parts.append(f'<line x1="{WIDTH - RIGHT + 12}" x2="{WIDTH - RIGHT + 36}" y1="{y}" y2="{y}" stroke="{color}" '
                          f'stroke-width="2"{dash}/>')
        self.parts.append(f'<text x="{WIDTH - RIGHT + 42}" y="{y + 4}">{label}</text>')

    def write(self, path):
        with open(path, "w") as f:
            f.write("\n".join(self.parts + ["</svg>"]) + "\n")


def nice_max(value):
    """The smallest 1, 2, 2.5 or 5 × 10^n at or above `value` (axis end)."""
    return min(s * 10 ** p for s in (1, 2, 2.5, 5) for p in range(-1, 7) if s * 10 ** p >= value)


def fanout(run, path):
    """Latency vs subscribers for the one-stream scenarios at 2 broadcasts/s."""
    points = {}
    for name, rounds in run["raw"].get("cable", {}).items():
        if name == "go":  # Navigator Go's scenarios (NAV_GO), not a scenario of ours
            continue
        ok = [r for r in rounds if "error" not in r]
        if ok and ok[0]["streams"] == 1 and not name.startswith("back-to-back"):
            points[ok[0]["connections"]] = ok
    if not points:
        return False
    xs = sorted(points)
    x_max = nice_max(max(xs))
    y_max = nice_max(max([r["p95_ms"] for x in xs for r in points[x]] + [148]) * 1.05)
    chart = Chart("Cable fan-out: delivery latency, one stream, 2 broadcasts/s", "subscribers", "latency (ms)", x_max, y_max)
    for key, color in (("p50", COLORS["p50"]), ("p95", COLORS["p95"])):
        values = {x: [r[f"{key}_ms"] for r in points[x]] for x in xs}
        chart.series(f"ours {key}", color, [(x, statistics.median(values[x])) for x in xs],
                     bars=[(x, min(values[x]), max(values[x])) for x in xs])
    chart.marker("Go p50 at 10k", COLORS["go"], 10000, 73, 79)
    chart.marker("Go p95 at 10k", "#ff7f0e", 10000, 133, 148)
    chart.series("target p95 ≤ 60", COLORS["target"], [(0, 60), (x_max, 60)], dashed=True, markers=False)
    chart.write(path)
    return True


def memory(run, path):
    """Server RSS vs held idle subscribed connections (first memory round's curve)."""
    rounds = run["raw"].get("memory") or []
    if not rounds:
        return False
    curve = rounds[0]["curve"]
    xs = [p["connections"] for p in curve]
    mb = [p["rss_kb"] / 1024 for p in curve]
    x_max = nice_max(max(xs))
    go = [(0, 9.4), (x_max, 9.4 + 34 * x_max / 1024)]
    target = [(0, 12), (x_max, 12 + 8 * x_max / 1024)]
    y_max = nice_max(max(mb + [go[1][1]]) * 1.05)
    chart = Chart("Server RSS vs idle subscribed cable connections", "connections", "RSS (MB)", x_max, y_max)
    chart.series("ours", COLORS["ours"], list(zip(xs, mb)))
    chart.series("Go, 34 KB/conn", COLORS["go"], go, dashed=True, markers=False)
    chart.series("target, 8 KB/conn", COLORS["target"], target, dashed=True, markers=False)
    chart.write(path)
    return True


def rss_production(run, path, budget_mb=35):
    """Server RSS over time under the production-like load, one line per side, the budget dashed."""
    result = run["raw"].get("production")
    if not result or not result.get("sides"):
        return False
    sides = result["sides"]
    all_mb = [kb / 1024 for side in sides.values() for _, kb in side["samples"]]
    x_max = nice_max(max(t for side in sides.values() for t, _ in side["samples"]) / 60)
    y_max = nice_max(max(all_mb + [budget_mb]) * 1.1)
    p = result["params"]
    chart = Chart(f"RSS under load: {p['sockets']} cable sockets, {p['rate']} req/s, {p['tenants']} tenants",
                  "minutes under load", "server RSS (MB)", x_max, y_max)
    for name, label, color in (("ours", "ours", COLORS["ours"]), ("go", "Navigator Go", COLORS["go"])):
        if name in sides:
            chart.series(label, color, [(t / 60, kb / 1024) for t, kb in sides[name]["samples"]], markers=False)
    chart.series(f"budget {budget_mb} MB", COLORS["target"], [(0, budget_mb), (x_max, budget_mb)], dashed=True,
                 markers=False)
    chart.write(path)
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("json", nargs="?", default=os.path.join(ROOT, "bench/results/latest.json"))
    parser.add_argument("--out", default=os.path.join(ROOT, "docs/perf"))
    args = parser.parse_args(argv)
    with open(args.json) as f:
        run = json.load(f)
    os.makedirs(args.out, exist_ok=True)
    for name, draw in (("fanout.svg", fanout), ("memory.svg", memory), ("rss-production.svg", rss_production)):
        target = os.path.join(args.out, name)
        print(f"{target}: {'written' if draw(run, target) else 'no data in this run'}")


if __name__ == "__main__":
    main()
