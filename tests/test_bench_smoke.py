"""`bench/run.py --quick` runs and prints its ratios. It never asserts a speed: CI machines are noisy."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_benchmarks_run_and_print_their_ratios(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--keep", str(tmp_path / "bench")],
                          capture_output=True, text=True, timeout=1200, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    for heading in ("(1) start-up", "(2) scale", "(3) explanations", "(4) readings", "(5) what-if sweeps"):
        assert heading in out, out
    summary = out.split("\nsummary\n", 1)[1]
    assert len(summary.strip().splitlines()) >= 6, summary
    assert len(re.findall(r"ratio [<>]?\d+\.\d\d×", out)) >= 4, out
