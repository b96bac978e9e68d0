"""Recall of INP101 (stray-line-break) on planted breaks, its false alarms on unchanged drafts, and
the time the line-break analysis adds.

For each draft (the clean fixtures, and ../shared/corpus and ../shared/corpus-real when they are
there) it plants one break at a time, the way scraping and copy-paste leave them: a body line of
prose is cut at a random point inside a sentence (never just after a sentence-final mark, where
the cut would leave two good paragraphs), with a blank line between the halves ("web") or without
("paste"; not in Markdown, where a single newline is a soft line break inside one paragraph).
Then it lints the changed draft with INP101 alone and counts the break found when a finding lands
on the cut line. Recall is reported by where the cut fell: after a comma-type mark,
inside a word of a 、 list or clause, and overall.

    python bench/recall_breaks.py                 # 40 breaks per draft
    python bench/recall_breaks.py --per-draft 100 --seed 7

False alarms are the INP101 findings on the drafts as they are (every one is printed, to be
judged by reading). The timing is the analysis (planlint.document.linebreaks, with the one-cell-per-line
tables it consults) on the five corpus files, parsed beforehand.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = Path(os.environ.get("PLANLINT_CORPUS", SHARED / "corpus"))
CORPUS_REAL = SHARED / "corpus-real"
sys.path.insert(0, str(ROOT / "src"))

from planlint.document import linebreaks, parser

from planlint.ruleset import loader as rules  # noqa: E402
from planlint.document.model import Text  # noqa: E402
from planlint.workflow.rule_examples import lint_string  # noqa: E402

_FINAL = "。！？；：!?;:"
_COMMAS = "，,、"


def _drafts() -> list[Path]:
    out = sorted(p for p in (ROOT / "fixtures" / "clean").iterdir() if p.suffix in (".txt", ".md"))
    for folder in (CORPUS, CORPUS_REAL):
        if folder.is_dir():
            out += sorted(folder.glob("*.txt"))
    return out


def _rule():
    return [r for r in rules.load().rules if r.code == "INP101"]


def _doc(content: str, name: str):
    return parser.build(Text(path=name, content=content, encoding="utf-8"), parser.format_of(name))


def _cut_points(content: str, name: str) -> list[tuple[int, int]]:
    """(line number, offset in content) of every place a sentence of a body line could be cut."""
    doc = _doc(content, name)
    out = []
    for block in doc.body_blocks():
        text = content[block.span.start:block.span.end]
        if "。" not in text or len(text) < 12:
            continue
        for i in range(2, len(text) - 2):
            if text[i - 1] not in _FINAL and not text[i].isspace() and not text[i - 1].isspace():
                out.append((block.line, block.span.start + i))
    return out


def _kind(content: str, at: int) -> str:
    return "after comma" if content[at - 1] in _COMMAS else "inside a clause"


def run(per_draft: int, seed: int) -> None:
    rule = _rule()
    rng = random.Random(seed)
    found = {"after comma": [0, 0], "inside a clause": [0, 0]}
    by_style = {"web": [0, 0], "paste": [0, 0]}
    false_alarms = []
    for path in _drafts():
        content = path.read_text(encoding="utf-8")
        name = path.name
        for f in lint_string(content, rule, name):
            false_alarms.append(f"{path.parent.name}/{name}:{f.line}:{f.column}: {f.message}")
        points = _cut_points(content, name)
        for line, at in rng.sample(points, min(per_draft, len(points))):
            # in Markdown a single newline is a soft line break inside one paragraph
            style = "web" if name.endswith(".md") else rng.choice(("web", "paste"))
            changed = content[:at] + ("\n\n" if style == "web" else "\n") + content[at:]
            hit = any(f.line == line for f in lint_string(changed, rule, name))
            kind = _kind(content, at)
            found[kind][0] += hit
            found[kind][1] += 1
            by_style[style][0] += hit
            by_style[style][1] += 1
    total = [sum(v[0] for v in found.values()), sum(v[1] for v in found.values())]
    print("recall on planted breaks")
    for label, (hit, n) in [*found.items(), *by_style.items(), ("all", total)]:
        print(f"  {label:16} {hit:5}/{n:<5} {hit / n if n else 0:6.1%}")
    print(f"false alarms on unchanged drafts: {len(false_alarms)} (judge each)")
    for line in false_alarms:
        print("  " + line)
    _timing()


def _timing() -> None:
    files = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    if not files:
        return
    docs = [_doc(p.read_text(encoding="utf-8"), p.name) for p in files]
    best = float("inf")
    for _ in range(5):
        fresh = [_doc(d.text.content, d.path) for d in docs]
        t = time.perf_counter()
        for d in fresh:
            linebreaks.analyse(d)
        best = min(best, time.perf_counter() - t)
    print(f"line-break analysis on the {len(files)} corpus files: {best * 1000:.1f} ms (best of 5)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-draft", type=int, default=40)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    run(args.per_draft, args.seed)


if __name__ == "__main__":
    main()
