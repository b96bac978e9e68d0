"""Recall of the reference and consistency rules (REF, CON) on real text: plant slips into the corpus
drafts and the consistency fixtures, lint each planted copy, and count the slips found at the line
where they were planted. Also lists the REF/CON findings on the unchanged drafts (false alarms).

    python bench/recall_consistency.py       # -v: show each finding

Slips planted (each in a copy of its own):
- REF101  a sentence “具体见专栏N。” after the last paragraph of the first chapter, N one past the last 专栏
- REF103  “本规划共分N章。” as the second line, N one more than the draft's 章
- CON101  a restatement, later in the draft and without a year, of a target the draft states for the
          plan's last year (naming the year, or in a 主要目标 section), with the value changed by a fifth
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from planlint.workflow import engine

from planlint.document import observations as indicators

from planlint.ruleset import loader as rules  # noqa: E402

CORPUS = Path(os.environ.get("PLANLINT_CORPUS", ROOT.parent / "shared" / "corpus"))
CORPUS_REAL = CORPUS.parent / "corpus-real"
CODES = ["REF101", "REF102", "REF103", "CON101", "CON102", "CON103", "CON104", "CON105", "CON106"]


def drafts() -> list[Path]:
    out = sorted(p for d in (CORPUS, CORPUS_REAL) if d.is_dir() for p in d.glob("*.txt"))
    return out + sorted((ROOT / "fixtures" / "consistency").glob("plan.*"))


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def plant_reference(doc, text: str):
    boxes = [h for h in doc.headings if h.kind == "box" and not h.in_toc]
    first = next((h for h in doc.headings if h.kind == "zhang" and not h.in_toc), None)
    body = [b for b in doc.blocks if b.kind == "body" and (first is None or b.line > first.line)]
    if not body:
        return None
    n = max((h.number for h in boxes), default=0) + 1
    lines = lines_of(text)
    at = body[0].line
    lines[at - 1] += f"具体见专栏{n}。"
    return "\n".join(lines), "REF101", at


def plant_count(doc, text: str):
    chapters = [h for h in doc.headings if h.kind == "zhang" and not h.in_toc]
    if not chapters:
        return None
    lines = lines_of(text)
    lines.insert(1, f"本规划共分{len(chapters) + 1}章。")
    return "\n".join(lines), "REF103", 2


def plant_value(doc, text: str):
    m = indicators.model(doc)
    if m.period.target is None:
        return None
    stated = [o for o in m.observations if o.source != "table" and o.role == "target" and o.year == m.period.target
              and not o.stretch and o.value > 0 and o.unit and o.match == "exact" and len(o.name) >= 4
              and not o.year_source.startswith(indicators.PERIOD_SOURCE)]
    if not stated:
        return None
    o = stated[0]
    last = max(b.line for b in doc.blocks if b.kind == "body")
    changed = o.value * 1.2 / indicators.Q.MULTIPLIER_VALUE.get(_multiplier(o), 1.0)
    lines = lines_of(text)
    lines.insert(last, f"{o.name}达到{changed:.1f}{_multiplier(o)}{o.unit}。")
    return "\n".join(lines), "CON101", last + 1


def _multiplier(o) -> str:
    for m in ("万亿", "亿", "万"):
        if m in o.written:
            return m
    return ""


PLANTS = (plant_reference, plant_count, plant_value)


def main() -> int:
    chosen = rules.load().select(CODES)
    planted = found = 0
    misses, alarms, by_code = [], [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in drafts():
            text = path.read_text(encoding="utf-8")
            clean = engine.lint([str(path)], chosen).findings
            alarms += [f"{path.name}:{f.line} {f.code} {f.message}" for f in clean]
            doc = engine.load_document(str(path), path.name)
            for plant in PLANTS:
                slip = plant(doc, text)
                if slip is None:
                    continue
                new, code, line = slip
                copy = Path(tmp) / path.name
                copy.write_text(new, encoding="utf-8")
                hits = [f for f in engine.lint([str(copy)], chosen).findings if f.code == code and f.line == line]
                planted += 1
                found += bool(hits)
                seen = by_code.setdefault(code, [0, 0])
                seen[0] += 1
                seen[1] += bool(hits)
                if hits and "-v" in sys.argv:
                    print(f"  {path.name}:{line} {code} {hits[0].message}")
                if not hits:
                    misses.append(f"{path.name}: {code} planted at line {line}")
    print(f"planted {planted}, found {found} (recall {found / max(planted, 1):.0%}); by rule: "
          + ", ".join(f"{c} {f}/{n}" for c, (n, f) in sorted(by_code.items())))
    for m in misses:
        print("  missed:", m)
    print(f"REF/CON findings on the unchanged drafts: {len(alarms)}")
    for a in alarms:
        print("  ", a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
