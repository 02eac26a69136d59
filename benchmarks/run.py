"""``make bench``: every measurement, printed and written to benchmarks/RESULTS.md.

Nothing here is a test: these are numbers, measured in one run on one machine, with
ratios against a reference measured in the same run.
"""

from __future__ import annotations

import os
import platform
import sys
from datetime import date
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import book_costs  # noqa: E402
import live_jspi  # noqa: E402
import training_speed  # noqa: E402
import widget_latency  # noqa: E402


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line]
        cpu = names[0] if names else cpu
    return [
        f"Measured on {date.today().isoformat()}: {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, numpy {np.__version__}, {platform.system()} {platform.release()}.",
    ]


def main() -> None:
    sections = [
        ["# nnbook benchmarks", "", *machine(), ""],
        training_speed.main(),
        widget_latency.main(),
        book_costs.main(),
        live_jspi.main(),
    ]
    text = "\n\n".join("\n".join(section) for section in sections) + "\n"
    (HERE / "RESULTS.md").write_text(text)
    print(text)
    print(f"written to {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
