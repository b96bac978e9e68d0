"""Hostile drafts: the text report's time beside the concise report's on inputs dense with
findings, and peak memory of a run on drafts just under 1 MB built to maximise findings.

    python bench/bench_hostile.py            # table on stdout, JSON in bench/results_hostile.json
    python bench/bench_hostile.py --quick    # one run each, smaller inputs

Each measurement is a child process (`python -m planlint check ...`), best of --repeat wall times,
and the child's peak RSS (os.wait4). Targets (issue 19): text within 2x of concise; peak memory
under 200 MiB for any draft under 1 MB.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000

# name -> (unit repeated, count) for the report comparison
DENSE = {
    "20000 （ on one line": ("（", 20_000),
    "4000 lines of 一、": ("一、\n", 4_000),
    "20000 ASCII ( on one line": ("(", 20_000),
    "5000 lines with a unit space": ("增长 5 % 。\n", 5_000),
}
# drafts just under 1 MB, each built to produce as many findings (or as much work) as it can
NEAR_1MB = {
    "unclosed （ (one line)": "（",
    "unit spaces": "增长 5 % 。\n",
    "ordinary prose": "到2025年，全市生产总值达到802.6亿元，城镇化率提高到65%，推进重点工程建设。\n",
    "controls and astral": "\x1b]0;t\x07\U0001F600一、\n",
}


def run(args: list[str], cwd: str) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of one child run."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "planlint", *args], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def best(args: list[str], cwd: str, repeat: int) -> tuple[float, float]:
    runs = [run(args, cwd) for _ in range(repeat)]
    return min(t for t, _ in runs), max(m for _, m in runs)


def write_draft(folder: str, name: str, body: str) -> str:
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("第一章 总则\n" + body)
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    ns = ap.parse_args()
    repeat = 1 if ns.quick else ns.repeat
    scale = 0.25 if ns.quick else 1.0
    results: dict = {"reports": {}, "memory": {}}
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'input':32} {'concise s':>10} {'text s':>8} {'ratio':>6}")
        for label, (unit, count) in DENSE.items():
            write_draft(folder, "dense.txt", unit * int(count * scale) + "\n")
            concise, _ = best(["check", "--format", "concise", "dense.txt"], folder, repeat)
            text, _ = best(["check", "--format", "text", "dense.txt"], folder, repeat)
            results["reports"][label] = {"concise_s": round(concise, 3), "text_s": round(text, 3),
                                         "ratio": round(text / concise, 2)}
            print(f"{label:32} {concise:10.2f} {text:8.2f} {text / concise:6.2f}")
        print(f"\n{'draft under 1 MB':32} {'bytes':>9} {'seconds':>8} {'peak MiB':>9}")
        for label, unit in NEAR_1MB.items():
            size = int((MB - 100) * scale)
            body = unit * (size // len(unit.encode("utf-8")))
            path = write_draft(folder, "big.txt", body)
            seconds, peak = best(["check", "--format", "json", "big.txt"], folder, 1)
            nbytes = os.path.getsize(path)
            results["memory"][label] = {"bytes": nbytes, "seconds": round(seconds, 2), "peak_mib": round(peak, 1)}
            print(f"{label:32} {nbytes:9} {seconds:8.2f} {peak:9.1f}")
    if not ns.quick:
        out = Path(__file__).with_name("results_hostile.json")
        out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
