"""The warm, per-draft cost of the default rules: what a process (or a --jobs worker) spends on
each draft after its first, when imports, patterns and vocabularies are already loaded.

    python bench/bench_warm.py                  # the five corpus files, 5 repeats
    python bench/bench_warm.py --repeat 9 a.txt b.md
    python bench/bench_warm.py --top 15         # only the 15 costliest rules

In one process it lints every file once to warm up (engine.lint_file as a worker does, documents
not kept), then `--repeat` times more. Each round it times the parse alone (parser.build on the
decoded text), the whole lint_file, and each rule through the engine's timing dict (run_document
and the corpus rules' digests, see engine._guarded). Reported: the median over rounds of each
sum over the files, in ms, costliest first; "other" is lint_file minus parse and rules
(reading, suppressions, the text-only document). "lint_file CPU" is the same total in process
CPU time, which other work on a shared machine inflates less than wall time. The corpus rules' end-of-run pass (run_corpus,
in the parent) is not per-draft work and is left out.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PLANLINT_CORPUS", ROOT.parent / "shared" / "corpus"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    files = args.files or sorted(str(p) for p in CORPUS.glob("*.txt"))
    if not files:
        sys.exit("no files (corpus missing?)")

    from planlint.document import parser, source
    from planlint.ruleset import loader
    from planlint.workflow import engine

    rules = [r for r in loader.load().rules if r.enabled]
    options = engine.FileOptions(keep_document=False)
    texts = {f: source.decode(Path(f).read_bytes(), f) for f in files}
    for f in files:  # warm-up: imports, patterns, vocabularies
        engine.lint_file(f, f, rules, options)

    rounds: list[dict[str, float]] = []
    for _ in range(args.repeat):
        row: dict[str, float] = {}
        for f in files:
            start = time.perf_counter()
            parser.build(texts[f], parser.format_of(f))
            parse = time.perf_counter() - start
            start, cpu = time.perf_counter(), time.process_time()
            outcome = engine.lint_file(f, f, rules, options)
            whole = time.perf_counter() - start
            row["(lint_file CPU)"] = row.get("(lint_file CPU)", 0.0) + time.process_time() - cpu
            row["(parse)"] = row.get("(parse)", 0.0) + parse
            row["(lint_file total)"] = row.get("(lint_file total)", 0.0) + whole
            for code, t in outcome.timing.items():
                row[code] = row.get(code, 0.0) + t
            row["(other)"] = row.get("(other)", 0.0) + whole - parse - sum(outcome.timing.values())
        rounds.append(row)

    median = {k: statistics.median(r.get(k, 0.0) for r in rounds) for k in rounds[0]}
    total = median.pop("(lint_file total)")
    cpu = median.pop("(lint_file CPU)")
    rules_sum = statistics.median(sum(v for k, v in r.items() if not k.startswith("(")) for r in rounds)
    print(f"{len(files)} files, median of {args.repeat} warm rounds (ms, sum over files)")
    print(f"{'lint_file total':<20}{total * 1000:9.1f}")
    print(f"{'lint_file CPU':<20}{cpu * 1000:9.1f}")
    print(f"{'rules together':<20}{rules_sum * 1000:9.1f}")
    for key, t in sorted(median.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"{key:<20}{t * 1000:9.1f}")


if __name__ == "__main__":
    main()
