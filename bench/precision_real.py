"""Precision on real documents of other styles: every error and warning `planlint check` gives on
../shared/corpus-real, judged by reading the document, in tests/expectations/corpus_real.yaml.

    python bench/precision_real.py            # the precision table (per document, per rule code)
    python bench/precision_real.py --update   # rewrite the file from a fresh run, keeping every
                                              # verdict already given; new findings get verdict null

tests/test_corpus_real.py asserts that the report equals the file, entry for entry; a null verdict
fails that test, so an update is finished only when every new finding has been judged.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS_REAL = Path(os.environ.get("PLANLINT_CORPUS_REAL", ROOT.parent / "shared" / "corpus-real"))
EXPECTATIONS = ROOT / "tests" / "expectations" / "corpus_real.yaml"
EXCERPT = 16  # characters of the line from the finding's column


def run(corpus: Path = CORPUS_REAL) -> list[dict]:
    """The errors and warnings of `planlint check --format json` over the folder, as entries."""
    out = subprocess.run([sys.executable, "-m", "planlint", "check", "--format", "json", str(corpus)],
                         capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
    if out.returncode not in (0, 1):
        raise SystemExit(f"planlint failed ({out.returncode}): {out.stderr.strip()}")
    return entries(json.loads(out.stdout)["findings"], corpus)


def entries(findings: list[dict], corpus: Path) -> list[dict]:
    out = []
    for f in findings:
        if f["severity"] not in ("error", "warning"):
            continue
        path = Path(f["path"])
        out.append({"file": path.name, "code": f["code"], "line": f["line"], "column": f["column"],
                    "excerpt": excerpt(corpus / path.name, f["line"], f["column"])})
    return out


def excerpt(path: Path, line: int, column: int) -> str:
    text = path.read_text(encoding="utf-8").split("\n")[line - 1]
    start = column - 1 if column - 1 < len(text) else max(0, len(text) - EXCERPT)
    return text[start:start + EXCERPT].rstrip()


def key(e: dict) -> tuple:
    return (e["file"], e["code"], e["line"], e["column"])


def load(path: Path = EXPECTATIONS) -> list[dict]:
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("findings") or []


def table(items: list[dict]) -> str:
    """Precision (true / all) per document and per rule code, and overall."""
    rows = []
    for title, field in (("document", "file"), ("code", "code")):
        counts: dict[str, Counter] = {}
        for e in items:
            counts.setdefault(e[field], Counter())[bool(e["verdict"])] += 1
        rows.append(f"| {title} | true | all | precision |\n|---|---|---|---|")
        for name in sorted(counts):
            c = counts[name]
            rows.append(f"| {name} | {c[True]} | {c[True] + c[False]} | {c[True] / (c[True] + c[False]):.0%} |")
        rows.append("")
    true = sum(1 for e in items if e["verdict"])
    rows.append(f"overall: {true}/{len(items)} = {true / len(items):.1%}" if items else "no findings")
    return "\n".join(rows)


def update() -> None:
    judged = {key(e): e for e in load()} if EXPECTATIONS.exists() else {}
    fresh = []
    for e in run():
        old = judged.get(key(e))
        e["verdict"] = old["verdict"] if old else None
        e["reason"] = old["reason"] if old else ""
        fresh.append(e)
    header = ("# Every error and warning `planlint check --format json ../shared/corpus-real` gives, judged by\n"
              "# reading the document: verdict true (a defect a drafter would thank us for) or false (a false\n"
              "# alarm), with the reason. tests/test_corpus_real.py asserts the report equals this list;\n"
              "# bench/precision_real.py --update refreshes it and prints the precision table.\n")
    EXPECTATIONS.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump({"findings": fresh}, allow_unicode=True, sort_keys=False, width=120)
    EXPECTATIONS.write_text(header + body, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite the expectations from a fresh run")
    args = parser.parse_args()
    if not CORPUS_REAL.is_dir():
        raise SystemExit(f"{CORPUS_REAL} is not available")
    if args.update:
        update()
    print(table([e for e in load() if e.get("verdict") is not None]))


if __name__ == "__main__":
    main()
