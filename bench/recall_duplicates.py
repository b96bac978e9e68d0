"""Recall of the duplicate rules on planted defects, and their false alarms on the unchanged drafts.

For each draft (the clean fixtures shipped in the repo, and the corpus when ../shared/corpus is
there) it plants one defect at a time, as a drafter's copy-and-paste makes it: a body sentence of
the draft (prose: not a bracketed note, a 责任单位 list or allowlisted stock wording), copied exactly or with one or two
characters substituted, inserted or dropped, pasted
as a paragraph of its own after another body paragraph. Then it lints the changed draft with the
default DUP rules, exactly as `planlint check` does, and counts the defect found when a DUP101 or
DUP103 finding lands on the pasted line and points to the line of the copied sentence.

    python bench/recall_duplicates.py              # 40 defects per draft
    python bench/recall_duplicates.py --per-draft 100

False alarms are the DUP findings on the drafts as they are: none on the clean fixtures; on the
corpus, the real repeats the corpus README lists.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PLANLINT_CORPUS", ROOT.parent / "shared" / "corpus"))
sys.path.insert(0, str(ROOT / "src"))

from planlint.workflow import engine

from planlint.document import parser

from planlint.ruleset import loader as rules

from planlint.document import sentences  # noqa: E402
from planlint.checks.duplicates import _allow_keys  # noqa: E402
from planlint.document.model import Text  # noqa: E402

KINDS = ("exact", "substitute 1", "insert 1", "drop 1", "two edits")
MIN_CHARS = 16  # comparison-key characters of a copied sentence: past DUP's 12-character floor


def _drafts() -> list[Path]:
    found = sorted((ROOT / "fixtures" / "clean").glob("*.*"))
    if CORPUS.is_dir():
        found += sorted(CORPUS.glob("*.txt"))
    return found


def _document(path: str, content: str):
    return parser.build(Text(path=path, content=content, encoding="utf-8"), parser.format_of(path))


def _lint(path: str, content: str, chosen) -> list:
    return engine.run_document(_document(path, content), chosen)


def _han_positions(s: str) -> list[int]:
    return [i for i, c in enumerate(s) if "\u4e00" <= c <= "\u9fff"]


def _variant(sentence: str, kind: str, rng: random.Random, alphabet: str) -> str:
    s = list(sentence)
    edits = {"exact": 0, "two edits": 2}.get(kind, 1)
    for _ in range(edits):
        i = rng.choice(_han_positions("".join(s)))
        op = {"substitute 1": "s", "insert 1": "i", "drop 1": "d"}.get(kind) or rng.choice("sid")
        if op == "s":
            s[i] = rng.choice([c for c in alphabet if c != s[i]])
        elif op == "i":
            s.insert(i, rng.choice(alphabet))
        else:
            del s[i]
    return "".join(s)


_DUTY_NOTE = re.compile(r"(责任|牵头|配合)单位\s*[:：]")


def _body_sentences(path: str, content: str, allow: tuple[str, ...] = ()) -> list[tuple[int, str]]:
    """(line, text) of the draft's prose sentences long enough to be compared, each wholly on one
    line. Bracketed notes, 责任单位 lists and sentences holding a stock formulation of the rule
    set's allowlist are left out: they repeat on purpose, and DUP does not report them."""
    doc = _document(path, content)
    out = []
    for s in sentences.sentences(doc):
        if len(s.key) < MIN_CHARS or sentences.bracketed(doc, s) or any(p in s.key for p in allow):
            continue
        a, b = sentences.span(doc, s)
        text = content[a:b].strip()
        if "\n" not in text and len(_han_positions(text)) >= 4 and not _DUTY_NOTE.search(text):
            out.append((content.count("\n", 0, a) + 1, text))
    return out


def _paste_lines(path: str, content: str) -> list[int]:
    """Lines after which a pasted paragraph is still body text: lines that hold a body sentence."""
    return sorted({line for line, _ in _body_sentences(path, content)})


def _stock_keys(chosen) -> tuple[str, ...]:
    """The comparison keys of the stock formulations the DUP rules allow (the rules' own reading)."""
    return tuple(sorted({k for r in chosen for k in _allow_keys(r.params)}))


def plant(path: Path, per_draft: int, rng: random.Random, chosen) -> Counter:
    content = path.read_text(encoding="utf-8")
    source = _body_sentences(path.name, content, _stock_keys(chosen))
    targets = _paste_lines(path.name, content)
    alphabet = "".join(sorted({c for c in content if "\u4e00" <= c <= "\u9fff"}))
    tally: Counter = Counter()
    if not source or len(targets) < 2:
        return tally
    lines = content.split("\n")
    for k in range(per_draft):
        kind = KINDS[k % len(KINDS)]
        line, sentence = rng.choice(source)
        after = rng.choice([t for t in targets if t != line])
        pasted = _variant(sentence, kind, rng, alphabet)
        changed = lines[:after] + [pasted] + lines[after:]
        pasted_line = after + 1
        copied_line = line if line < pasted_line else line + 1
        found = _lint(path.name, "\n".join(changed), chosen)
        hit = any(f.code in ("DUP101", "DUP103") and {f.line, *(r.line for r in f.related)} >= {pasted_line, copied_line}
                  for f in found)
        tally[kind, hit] += 1
        if not hit and os.environ.get("SHOW_MISSES"):
            print(f"  missed {kind} in {path.name}: line {copied_line} -> {pasted_line}: {pasted!r} "
                  f"{[(f.code, f.line) for f in found]}")
    return tally


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-draft", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    chosen = rules.load().select(["DUP"])
    rng = random.Random(args.seed)
    total: Counter = Counter()
    start = time.perf_counter()
    print(f"{'draft':<28} {'planted':>7} {'found':>6} {'false alarms':>12}")
    for path in _drafts():
        alarms = [f for f in _lint(path.name, path.read_text(encoding="utf-8"), chosen)]
        tally = plant(path, args.per_draft, rng, chosen)
        total.update(tally)
        planted = sum(tally.values())
        hits = sum(n for (_, hit), n in tally.items() if hit)
        print(f"{path.name:<28} {planted:>7} {hits:>6} {len(alarms):>12}  "
              + " ".join(f"{f.code}:{f.line}" for f in alarms[:6]))
    print()
    for kind in KINDS:
        hits, misses = total[kind, True], total[kind, False]
        if hits + misses:
            print(f"{kind:<14} {hits}/{hits + misses} found ({hits / (hits + misses):.1%})")
    hits = sum(n for (_, hit), n in total.items() if hit)
    planted = sum(total.values())
    print(f"{'all':<14} {hits}/{planted} found ({hits / max(planted, 1):.1%}) in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
