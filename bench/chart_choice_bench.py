"""Which charting library draws the review's voice timeline: pyqtgraph or Qt Charts (issue 14).

Each library runs in a fresh interpreter (offscreen) over the same 5-minute answer's timeline
(level every 50 ms, pitch every 20 ms with unvoiced gaps, pauses, 700 words) and prints:
import time, resident memory added by the import and by the drawn chart, the time to build the
chart and paint it once, and one playhead move repainted. Figures, not a test.

    .venv/bin/python bench/chart_choice_bench.py [--runs 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys

CHILD = r"""
import json, os, resource, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import numpy as np
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import QPointF

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

app = QApplication([])
which = sys.argv[1]
rng = np.random.default_rng(1)
duration = 300.0
level = np.clip(rng.normal(-3, 6, int(duration / 0.05)), -40, 6)
pitch_t = np.arange(int(duration / 0.02)) * 0.02
pitch = np.where(np.sin(pitch_t * 3) > 0, np.sin(pitch_t) * 4, np.nan)
pauses = [(t, t + 0.6) for t in np.arange(5, 295, 3.0)]
words = [("단어%d" % i, i * 0.42, i * 0.42 + 0.35) for i in range(700)]
base = rss_mb()
t0 = time.perf_counter()
if which == "pyqtgraph":
    import pyqtgraph as pg
else:
    from PySide6 import QtCharts
import_s = time.perf_counter() - t0
after_import = rss_mb()
print(json.dumps({"import_s": import_s, "import_mb": after_import - base}), flush=True)
t0 = time.perf_counter()
if which == "pyqtgraph":
    win = pg.GraphicsLayoutWidget()
    top = win.addPlot(row=0, col=0)
    bottom = win.addPlot(row=1, col=0)
    bottom.setXLink(top)
    top.plot(np.arange(len(level)) * 0.05, level, pen=pg.mkPen("#1565c0"), fillLevel=-40, brush=(21, 101, 192, 60))
    bottom.plot(pitch_t, pitch, pen=pg.mkPen("#c62828", width=2), connect="finite")
    for a, b in pauses:
        top.addItem(pg.LinearRegionItem((a, b), movable=False, brush=(128, 128, 128, 40)))
    for text, a, b in words:
        item = pg.TextItem(text, anchor=(0, 1))
        item.setPos(a, 6)
        top.addItem(item)
    head = pg.InfiniteLine(0, movable=False)
    top.addItem(head)
    def move(x):
        head.setValue(x)
else:
    chart = QtCharts.QChart()
    view = QtCharts.QChartView(chart)
    win = view
    s = QtCharts.QLineSeries()
    s.replace([QPointF(i * 0.05, v) for i, v in enumerate(level)])
    chart.addSeries(s)
    # No NaN gaps in a QLineSeries: one series per voiced run.
    finite = np.isfinite(pitch)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], finite.astype(int), [0]))))
    for a, b in zip(edges[::2], edges[1::2]):
        r = QtCharts.QLineSeries()
        r.replace([QPointF(float(pitch_t[i]), float(pitch[i])) for i in range(a, b)])
        chart.addSeries(r)
    keep = []  # a QAreaSeries does not own its boundary series
    for a, b in pauses:
        up, low = QtCharts.QLineSeries(), QtCharts.QLineSeries()
        keep += [up, low]
        up.append(a, 6); up.append(b, 6); low.append(a, -40); low.append(b, -40)
        chart.addSeries(QtCharts.QAreaSeries(up, low))
    chart.createDefaultAxes()
    chart.legend().hide()
    from PySide6.QtWidgets import QGraphicsSimpleTextItem
    items = []
    for text, a, b in words:
        it = QGraphicsSimpleTextItem(text, chart)
        it.setPos(chart.mapToPosition(QPointF(a, 6), s))
        items.append(it)
    head = QtCharts.QLineSeries()
    chart.addSeries(head)
    head.attachAxis(chart.axes()[0]); head.attachAxis(chart.axes()[1])
    def move(x):
        head.replace([QPointF(x, -40), QPointF(x, 6)])
win.resize(1100, 300)
win.show()
app.processEvents()
win.grab()
build_s = time.perf_counter() - t0
after_chart = rss_mb()
t0 = time.perf_counter()
for k in range(20):
    move(10 + k * 0.08)
    win.grab()
move_ms = (time.perf_counter() - t0) / 20 * 1000
# PySide6 6.12 on Python 3.11 (None not yet immortal): references to None lost per repaint.
none_before = sys.getrefcount(None)
for k in range(100):
    move(k * 0.1)
    win.grab()
none_lost = (none_before - sys.getrefcount(None)) / 100
print(json.dumps({"import_s": import_s, "import_mb": after_import - base, "chart_mb": after_chart - after_import,
                  "build_paint_s": build_s, "playhead_repaint_ms": move_ms, "none_refs_lost_per_repaint": none_lost}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for which in ("pyqtgraph", "qtcharts"):
        if which == "pyqtgraph" and importlib.util.find_spec("pyqtgraph") is None:
            print("pyqtgraph  not installed (pip install pyqtgraph to compare)")
            continue
        runs: list[dict[str, float]] = []
        imported: list[dict[str, float]] = []
        crashes: list[str] = []
        for _ in range(args.runs):
            out = subprocess.run(
                [sys.executable, "-c", CHILD, which], capture_output=True, text=True, timeout=300
            )
            if out.returncode != 0:
                last = (out.stderr.strip().splitlines() or ["?"])[0]
                crashes.append(f"exit {out.returncode}: {last}")
                lines = out.stdout.strip().splitlines()
                if lines:  # the import's figures come before the chart is drawn
                    imported.append(json.loads(lines[0]))
                continue
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        if not runs:
            figures = ""
            if imported:
                ms = statistics.median(r["import_s"] for r in imported) * 1000
                mb = statistics.median(r["import_mb"] for r in imported)
                figures = f"import {ms:6.0f} ms, +{mb:5.1f} MB; "
            print(f"{which:10s} {figures}drawing the chart crashed in every run: {crashes[0]}")
            continue
        medians = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        print(
            f"{which:10s} import {medians['import_s'] * 1000:6.0f} ms, +{medians['import_mb']:5.1f} MB;"
            f" chart built and painted {medians['build_paint_s'] * 1000:6.0f} ms, +{medians['chart_mb']:5.1f} MB;"
            f" playhead move repainted {medians['playhead_repaint_ms']:5.1f} ms;"
            f" None references lost per repaint {medians['none_refs_lost_per_repaint']:.1f}"
            + (f"; crashed in {len(crashes)} of {args.runs} runs ({crashes[0]})" if crashes else "")
        )


if __name__ == "__main__":
    main()
