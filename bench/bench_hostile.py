"""Hostile drafts: the text report's time beside the concise report's on inputs dense with
findings, peak memory of a run on drafts just under 1 MB built to maximise findings, how fast
hostile rule files and configs are refused, and how analyses scale with their input.

    python bench/bench_hostile.py            # table on stdout, JSON in bench/results_hostile.json
    python bench/bench_hostile.py --quick    # one run each, smaller inputs

Each measurement is a child process (`python -m planlint check ...`), best of --repeat wall times,
and the child's peak RSS (os.wait4). Targets (issue 19): text within 2x of concise; peak memory
under 200 MiB for any draft under 1 MB. The refusals and the scaling rows are the times the tests
used to assert (tests/test_hostile_bounds.py, test_inputs.py, test_tables.py, test_consistency.py
check only the behaviour): refusals in seconds, not minutes; 4x the input about 4x the time.
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


CATASTROPHIC = "(a|aa)*(b|c)$"  # exponential backtracking on a long run of a's
BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)) + "select: [NUM]\n"
# name -> (files to write, planlint arguments); each should end in a clean refusal (exit 2)
REFUSALS = {
    "regex of gigabytes in a rule file": (
        {"extra.yaml": "rules:\n  - code: XYZ101\n    name: xyz-demo\n    kind: pattern.existence\n"
                       "    category: consistency\n    severity: warning\n    message: x\n    description: d\n"
                       "    params: {pattern: '(?:(?:a{1000}){1000}){1000}'}\n"},
        ["check", "--rules", "extra.yaml", "plan.txt"]),
    "catastrophic built-in pattern": (
        {"planlint.yaml": f"params: {{RSP101: {{title_pattern: '{CATASTROPHIC}'}}}}\n",
         "slow.txt": "a" * 60 + "\n第一章 总则\n" + ("a" * 60 + "\n") * 30},
        ["check", "--select", "RSP101", "slow.txt"]),
    "billion laughs config": ({"planlint.yaml": BILLION_LAUGHS}, ["check", "plan.txt"]),
}


def refusals(repeat: int) -> dict:
    out = {}
    for label, (files, args) in REFUSALS.items():
        with tempfile.TemporaryDirectory() as folder:
            write_draft(folder, "plan.txt", "一、甲\n三、丙\n")
            for name, text in files.items():
                Path(folder, name).write_text(text, encoding="utf-8")
            seconds, _ = best(args, folder, repeat)
        out[label] = {"seconds": round(seconds, 2)}
        print(f"{label:40} {seconds:8.2f}")
    return out


def _best_call(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):  # the best of several: other work on the machine only adds time
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def scaling() -> dict:
    """In-process: each analysis at n and 4n (the sizes the tests used); a ratio near 4 is linear,
    near 16 quadratic."""
    from planlint.document import observations, parser, tables
    from planlint.document.model import Text

    def obs(i):
        return observations.Observation("x", "x", float(i % 2), "元", "", 0.5, "", "", 2025, "stated", "target",
                                        "text", i, i + 1, i)

    def outliers(n):
        group = [obs(i) for i in range(n)]
        return lambda: observations.outliers(group)

    def short_lines(unit):
        def at(n):  # a fresh document each time: the tables are memoised on it (parsing is timed too)
            return lambda: tables.tables(parser.build(Text(path="a.txt", content=unit * n, encoding="utf-8")))
        return at

    cases = {"outliers (values)": (outliers, 5000),
             "short lines 指标 (lines)": (short_lines("指标\n"), 2000),
             "short lines, 4-cell rows": (short_lines("指标\n单位\n2020年\n2025年\n"), 2000),
             "short lines, indicator rows": (short_lines("粮食总产量\n万吨\n28\n30\n"), 2000)}
    out = {}
    for label, (make, n) in cases.items():
        small, large = _best_call(make(n)), _best_call(make(4 * n))
        ratio = large / small if small else float("inf")
        out[label] = {"n": n, "seconds": round(small, 4), "seconds_4n": round(large, 4), "ratio": round(ratio, 1)}
        print(f"{label:32} {n:>7} {small:8.4f} {large:8.4f} {ratio:6.1f}")
    return out


def many_files_and_big_draft(scale: float, repeat: int) -> dict:
    """What tests/test_inputs.py runs for behaviour: 1000 small files, and a well-formed draft of MBs."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from drafts import big_draft  # the draft tests/test_inputs.py lints

    out = {}
    small = "第一章 总则\n第一节 目标\n一、指导思想\n二、基本原则\n三、主要目标\n"
    with tempfile.TemporaryDirectory() as folder:
        count = max(10, int(1000 * scale))
        for i in range(count):
            os.makedirs(os.path.join(folder, f"d{i // 100}"), exist_ok=True)
            Path(folder, f"d{i // 100}", f"稿{i:04d}.txt").write_text(small, encoding="utf-8")
        seconds, peak = best(["check", "--format", "json", "--exit-zero", "."], folder, repeat)
        out[f"{count} small files"] = {"seconds": round(seconds, 2), "peak_mib": round(peak, 1)}
        print(f"{count} small files{'':20} {seconds:8.2f} s {peak:8.1f} MiB")
    for mb in (1.0, 4.0):
        mb *= scale
        text, _ = big_draft(mb)
        size = len(text.encode())
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "big.txt").write_text(text, encoding="utf-8")
            seconds, peak = best(["check", "--format", "json", "--exit-zero", "big.txt"], folder, 1)
        label = f"well-formed draft {size / MB:.1f} MB"
        out[label] = {"seconds": round(seconds, 2), "s_per_mb": round(seconds * MB / size, 2), "peak_mib": round(peak, 1)}
        print(f"{label:32} {seconds:8.2f} s {seconds * MB / size:6.2f} s/MB {peak:8.1f} MiB")
    return out


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
    print(f"\n{'refused':40} {'seconds':>8}")
    results["refusals"] = refusals(repeat)
    print(f"\n{'analysis':32} {'n':>7} {'s at n':>8} {'s at 4n':>8} {'ratio':>6}")
    results["scaling"] = scaling()
    print()
    results["inputs"] = many_files_and_big_draft(scale, repeat)
    if not ns.quick:
        out = Path(__file__).with_name("results_hostile.json")
        out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
