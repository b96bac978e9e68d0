"""What a process pays the first time it lints a draft, that later drafts do not: regular
expressions compiled on first use, vocabularies loaded, modules imported by the checks. Start-up
pays it once, and so does every --jobs worker (they fork before any draft is linted), so it sits on
the critical path of both (issue 17).

    python bench/bench_firstuse.py [DRAFT ...]   # default: a three-line draft and the largest corpus file

For each draft, in a fresh process: the first lint minus a second lint of the same draft (median of
--rounds processes), and the regular expressions the first lint compiled, with the costliest. Compile
times come from wrapping re's compiler in this process only (a measurement, not how planlint runs).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PLANLINT_CORPUS", ROOT.parent / "shared" / "corpus"))
THREE_LINES = "第一章 总则\n一、发展目标\n到2025年，全市地区生产总值达到1万亿元。\n"

# Run in a child: imports and the check families are loaded first (as a worker inherits them), then
# the same draft is linted twice.
CHILD = r"""
import json, sys, time
import re._compiler as compiler

compiled = []
original = compiler.compile

def timed(pattern, flags=0):
    start = time.perf_counter()
    result = original(pattern, flags)
    compiled.append((time.perf_counter() - start, str(pattern)))
    return result

compiler.compile = timed
from planlint.ruleset import loader
from planlint.workflow import engine, parallel

path = sys.argv[1]
rules = [r for r in loader.load().rules if r.enabled]
parallel._import_checks([(path, path, rules)])
options = engine.FileOptions(keep_document=False)
before = len(compiled)
start = time.perf_counter()
engine.lint_file(path, path, rules, options)
first = time.perf_counter() - start
mine = compiled[before:]
start = time.perf_counter()
engine.lint_file(path, path, rules, options)
second = time.perf_counter() - start
top = sorted(mine, reverse=True)[:8]
print(json.dumps({"first_ms": first * 1000, "second_ms": second * 1000, "compiles": len(mine),
                  "compile_ms": sum(t for t, _ in mine) * 1000,
                  "costliest": [[round(t * 1000, 2), p[:80]] for t, p in top]}))
"""


def measure(draft: Path, rounds: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "planlint-bench-pycache")
    runs = []
    for _ in range(rounds):
        done = subprocess.run([sys.executable, "-c", CHILD, str(draft)], capture_output=True, text=True,
                              env=env, check=True)
        runs.append(json.loads(done.stdout))
    pick = lambda key: round(statistics.median(r[key] for r in runs), 1)  # noqa: E731
    return {"draft": draft.name, "first_ms": pick("first_ms"), "second_ms": pick("second_ms"),
            "first_use_ms": round(statistics.median(r["first_ms"] - r["second_ms"] for r in runs), 1),
            "compiles": runs[0]["compiles"], "compile_ms": pick("compile_ms"),
            "costliest": runs[0]["costliest"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("drafts", nargs="*", type=Path)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        drafts = list(args.drafts)
        if not drafts:
            three = Path(tmp) / "three-lines.txt"
            three.write_text(THREE_LINES, encoding="utf-8")
            drafts = [three]
            corpus = sorted(CORPUS.glob("*.txt"), key=lambda p: p.stat().st_size) if CORPUS.is_dir() else []
            drafts += corpus[-1:]
        for draft in drafts:
            r = measure(draft, args.rounds)
            print(f"{r['draft']}: first lint {r['first_ms']} ms, second {r['second_ms']} ms, "
                  f"first use {r['first_use_ms']} ms; {r['compiles']} patterns compiled in {r['compile_ms']} ms")
            for ms, pattern in r["costliest"]:
                print(f"  {ms:5.2f} ms  {pattern!r}")


if __name__ == "__main__":
    main()
