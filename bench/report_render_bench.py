"""Time to build and render the full synthetic weekly report in every format.

Run: .venv/bin/python bench/report_render_bench.py [--repeat N]
Prints figures only; nothing here is asserted (timings vary by machine).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reports.charts import daily_volume_svg, stage_awareness_svg
from reports.map import choropleth_svg, load_shapes
from reports.render import render_report
from reports.render_html import render_html
from reports.render_json import render_json
from reports.render_pdf import render_pdf_bytes
from reports.render_xlsx import render_xlsx_bytes
from reports.sample_report import sample_report


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs), max(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    t0 = time.perf_counter()
    report = sample_report()
    print(f"build sample report (index, 31 kecamatan): {time.perf_counter() - t0:.3f} s")
    shapes = load_shapes()
    steps: list[tuple[str, Callable[[], object]]] = [
        ("load GeoJSON shapes", load_shapes),
        ("map SVG", lambda: choropleth_svg(report.map_values, title="x", shapes=shapes)),
        ("daily chart SVG (vl-convert)", lambda: daily_volume_svg(report.daily)),
        ("stage x awareness SVG", lambda: stage_awareness_svg(report.stage_awareness)),
        ("HTML", lambda: render_html(report)),
        ("PDF (WeasyPrint)", lambda: render_pdf_bytes(report)),
        ("XLSX", lambda: render_xlsx_bytes(report)),
        ("JSON", lambda: render_json(report)),
    ]
    print(f"{'step':34} {'median s':>9} {'max s':>8}   (repeat={args.repeat})")
    for name, fn in steps:
        median, worst = _time(fn, args.repeat)
        print(f"{name:34} {median:9.3f} {worst:8.3f}")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        result = render_report(report, Path(tmp))
        total = time.perf_counter() - t0
        sizes = ", ".join(f"{fmt} {path.stat().st_size / 1024:.0f} KiB"
                          for fmt, path in result.items())
        print(f"render_report, all formats: {total:.3f} s ({sizes})")
        for fmt, err in result.failures.items():
            print(f"  failed {fmt}: {err}")


if __name__ == "__main__":
    main()
