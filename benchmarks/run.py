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
import diagram_latency  # noqa: E402
import inpage_latency  # noqa: E402
import live_jspi  # noqa: E402
import live_link  # noqa: E402
import pdf_edition  # noqa: E402
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


LIVE_SECTIONS = "\n## Live mode"


def main(argv: list[str]) -> None:
    """Every benchmark; with ``--live``, only live mode's, replacing those sections of RESULTS.md."""
    # inpage_latency serves _build/html as make book left it
    live = [live_link.main(), live_jspi.main(), inpage_latency.main()]
    if "--live" in argv:
        kept = (HERE / "RESULTS.md").read_text().split(LIVE_SECTIONS)[0].rstrip()
        note = ["## Live mode, measured apart from the above (`python benchmarks/run.py --live`)", "", *machine()]
        sections = [[kept], note, *live]
    else:
        sections = [
            ["# nnbook benchmarks", "", *machine(), ""],
            training_speed.main(),
            widget_latency.main(),
            diagram_latency.main(),
            book_costs.main(),
            *live,
            pdf_edition.main(),
        ]
    text = "\n\n".join("\n".join(section) for section in sections) + "\n"
    (HERE / "RESULTS.md").write_text(text)
    print(text)
    print(f"written to {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main(sys.argv[1:])
