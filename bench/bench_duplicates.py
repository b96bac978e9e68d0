"""Benchmark of duplicate detection at corpus scale (issue 3).

Builds a synthetic corpus from the five drafts in ../shared/corpus: copy 0 is the real text; every
other copy is made distinct by small edits (in each sentence a few characters, about one in eight,
are replaced by characters drawn from the corpus's own character frequencies), so no two copies
are near duplicates of each other. Into every copy it plants near-duplicate pairs: a sentence of
the copy, changed by one or two characters (substituted, inserted or dropped), pasted into another
paragraph. Then it runs what `planlint check --cross-file` runs on the sentences: segmentation and
keys, exact duplicates by hashing, and the exact set-similarity join (simjoin) with the DUP103
defaults, and reports wall time, peak memory, pairs found and recall on the planted pairs.

    python bench/bench_duplicates.py            # 1x, 10x and 100x, best of 3; JSON in bench/results_duplicates.json
    python bench/bench_duplicates.py 1 10       # chosen scales
    python bench/bench_duplicates.py --repeat 1 # one run per scale

Each run is a fresh process, so peak memory (ru_maxrss) is that run's own. The rounds of runs go
through the scales in turn and the fastest run of each scale is reported, with the growth of time
against text between scales (1.0x per character is linear) beside the growth of one C-level
hash-table pass over the same bigrams: work that is linear by construction, whose growth is what
the memory hierarchy adds once the data no longer fits in cache. Skips cleanly (exit 0) when the corpus is absent.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PLANLINT_CORPUS", ROOT.parent / "shared" / "corpus"))
sys.path.insert(0, str(ROOT / "src"))

EDIT_RATE = 0.125      # characters replaced per sentence in copies 1..n-1 (at least 3)
MIN_EDITS = 3          # more than DUP103's max_edits, so a copy is never a near duplicate
PLANTED_PER_COPY = 20  # near-duplicate pairs planted in every copy
PARAMS = {"min_chars": 12, "threshold": 0.8, "max_edits": 2, "edit_ratio": 0.17}


def _corpus() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _edit_copy(text: str, rng: random.Random, chars: list[str], weights: list[int]) -> str:
    """Each sentence with about EDIT_RATE of its characters (Chinese, digits, Latin) replaced by
    other Chinese characters (at least MIN_EDITS)."""
    from planlint.document.sentences import _normalizer

    ends = _normalizer().sentence_end
    out = list(text)
    start = 0
    bounds = sorted({m.end() for m in ends.finditer(text)}
                    | {i + 1 for i, c in enumerate(text) if c == "\n"} | {len(text)})
    for end in bounds:
        words = [i for i in range(start, end) if out[i].isalnum()]
        if words:
            k = min(len(words), max(MIN_EDITS, round(EDIT_RATE * len(words))))
            for i, c in zip(rng.sample(words, k), rng.choices(chars, weights, k=k)):
                out[i] = c if c != out[i] else chars[(chars.index(c) + 1) % len(chars)]
        start = end
    return "".join(out)


def _near_copy(sentence: str, rng: random.Random, chars: list[str]) -> str:
    """sentence with one or two characters substituted, inserted or dropped."""
    s = list(sentence)
    for _ in range(rng.choice((1, 2))):
        han = [i for i, c in enumerate(s) if _is_han(c)]
        i = rng.choice(han)
        op = rng.choice("sid")
        if op == "s":
            s[i] = rng.choice(chars)
        elif op == "i":
            s.insert(i, rng.choice(chars))
        else:
            del s[i]
    return "".join(s)


def build(scale: int, seed: int = 3) -> tuple[list[str], list[tuple[str, str]]]:
    """(texts, planted pairs of sentences)."""
    from planlint.document.sentences import _normalizer, normalize

    originals = _corpus()
    freq = Counter(c for t in originals for c in t if _is_han(c))
    chars, weights = list(freq), list(freq.values())
    ends = _normalizer().sentence_end
    texts: list[str] = []
    planted: list[tuple[str, str]] = []
    for copy in range(scale):
        rng = random.Random(seed * 1000003 + copy)
        docs = [t if copy == 0 else _edit_copy(t, rng, chars, weights) for t in originals]
        # plant: a sentence of this copy, changed slightly, appended to another paragraph
        lines = [d.split("\n") for d in docs]
        done = 0
        while done < PLANTED_PER_COPY:
            d = rng.randrange(len(docs))
            line = rng.choice(lines[d])
            pieces, pos = [], 0
            for m in ends.finditer(line):
                pieces.append(line[pos : m.end()])
                pos = m.end()
            pieces = [p for p in pieces if len(normalize(p)) >= 24]
            if not pieces:
                continue
            sentence = rng.choice(pieces).strip()
            variant = _near_copy(sentence, rng, chars)
            e = rng.randrange(len(docs))
            n = rng.randrange(len(lines[e]))
            lines[e][n] = variant + lines[e][n]  # first, so it stays a sentence of its own
            planted.append((sentence, variant))
            done += 1
        texts.extend("\n".join(ls) for ls in lines)
    return texts, planted


def run(scale: int) -> dict:
    from planlint.text import simjoin
    from planlint.document.sentences import normalize, sentence_keys

    texts, planted = build(scale)
    chars = sum(map(len, texts))
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    keys: list[str] = []
    for t in texts:
        keys.extend(sentence_keys(t))
    t_segment = time.perf_counter() - t0
    n_sentences = len(keys)
    pool = [k for k in keys if len(k) >= PARAMS["min_chars"]]
    del keys
    t1 = time.perf_counter()
    groups = Counter(pool)
    exact_pairs = sum(c * (c - 1) // 2 for c in groups.values() if c > 1)
    t_exact = time.perf_counter() - t1
    t2 = time.perf_counter()
    stats: dict = {}
    index = {k: i for i, k in enumerate(pool)}
    found: set[tuple[str, str]] = set()
    pairs = 0
    for i, j, _ in simjoin.join(pool, PARAMS["threshold"], 2, PARAMS["max_edits"],
                                PARAMS["edit_ratio"], stats=stats):
        pairs += 1
        found.add((pool[i], pool[j]))
    t_join = time.perf_counter() - t2
    hit = 0
    for a, b in planted:
        ka, kb = normalize(a), normalize(b)
        if ka == kb or (ka, kb) in found or (kb, ka) in found:
            hit += 1
    del index
    t3 = time.perf_counter()
    _reference_pass(pool)
    t_reference = time.perf_counter() - t3
    return {
        "scale": scale, "chars": chars, "sentences": n_sentences, "compared": len(pool),
        "segment_s": round(t_segment, 2), "exact_s": round(t_exact, 2), "join_s": round(t_join, 2),
        "total_s": round(t_segment + t_exact + t_join, 2), "cpu_s": round(time.process_time() - cpu0, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "exact_pairs": exact_pairs, "near_pairs": pairs, "candidates": stats.get("candidates", 0),
        "planted": len(planted), "recall": round(hit / len(planted), 4) if planted else 1.0,
        "reference_s": round(t_reference, 3),
    }


def _reference_pass(pool: list[str]) -> None:
    """One pass of a hash table over every bigram of the pool, in C: linear work whose growth
    between scales shows what the memory hierarchy alone adds (at 10x the data fits in cache)."""
    from planlint.text.simjoin import _bigram_words

    even, odd, _ = _bigram_words(pool)  # the arrays the join counts its grams from
    counts = Counter(even)
    counts.update(odd)


def _best(scales: list[int], repeat: int) -> list[dict]:
    """Per scale, the fastest of ``repeat`` fresh-process runs (its peak memory is its own). The
    rounds go through all scales in turn, so that a slow phase of a shared machine slows every
    scale alike instead of one."""
    runs: dict[int, list[dict]] = {s: [] for s in scales}
    for _ in range(repeat):
        for scale in scales:
            done = subprocess.run([sys.executable, __file__, "--one", str(scale)], capture_output=True, text=True)
            if done.returncode:
                raise RuntimeError(done.stderr)
            runs[scale].append(json.loads(done.stdout))
    out = []
    for scale in scales:
        best = min(runs[scale], key=lambda r: r["total_s"])
        best["runs"] = [r["total_s"] for r in runs[scale]]
        out.append(best)
    return out


def _growth(results: list[dict]) -> list[dict]:
    """Time growth against text growth between consecutive scales (1.0 per character: linear)."""
    out = []
    for a, b in zip(results, results[1:]):
        text, time_ = b["chars"] / a["chars"], b["total_s"] / max(a["total_s"], 1e-9)
        reference = b["reference_s"] / max(a["reference_s"], 1e-9)
        # the same round's runs met the same phase of the machine
        by_round = [round(tb / max(ta, 1e-9), 2) for ta, tb in zip(a["runs"], b["runs"])]
        out.append({"from": a["scale"], "to": b["scale"], "text_x": round(text, 2), "time_x": round(time_, 2),
                    "per_char_x": round(time_ / text, 2), "reference_time_x": round(reference, 2),
                    "time_x_by_round": by_round})
    return out


def main(argv: list[str]) -> int:
    if not CORPUS.is_dir() or not any(CORPUS.glob("*.txt")):
        print(f"skipped: no corpus at {CORPUS}")
        return 0
    if argv[:1] == ["--one"]:
        print(json.dumps(run(int(argv[1]))))
        return 0
    ap = argparse.ArgumentParser(description="duplicate detection at corpus scale")
    ap.add_argument("scales", nargs="*", type=int, default=[1, 10, 100])
    ap.add_argument("--repeat", type=int, default=3, help="runs per scale; the fastest is reported")
    ap.add_argument("--output", default=str(ROOT / "bench" / "results_duplicates.json"))
    args = ap.parse_args(argv)
    print(f"{'scale':>5} {'chars':>11} {'sentences':>9} {'segment':>8} {'exact':>6} {'join':>7} "
          f"{'total':>7} {'cpu':>7} {'peak MB':>8} {'exact pairs':>11} {'near pairs':>10} {'recall':>7}")
    try:
        results = _best(args.scales, args.repeat)
    except RuntimeError as e:
        print(e, file=sys.stderr)
        return 1
    for r in results:
        print(f"{r['scale']:>4}x {r['chars']:>11,} {r['sentences']:>9,} {r['segment_s']:>7.1f}s "
              f"{r['exact_s']:>5.1f}s {r['join_s']:>6.1f}s {r['total_s']:>6.1f}s {r['cpu_s']:>6.1f}s {r['peak_mb']:>8,} "
              f"{r['exact_pairs']:>11,} {r['near_pairs']:>10,} {r['recall']:>7.2%}  "
              f"({r['planted']} planted, {r['candidates']:,} candidates)")
    growth = _growth(results)
    for g in growth:
        print(f"{g['from']}x -> {g['to']}x: {g['text_x']}x the text, {g['time_x']}x the time "
              f"({g['per_char_x']}x the time per character; by round {g['time_x_by_round']}); "
              f"one hash-table pass over the bigrams: {g['reference_time_x']}x")
    Path(args.output).write_text(json.dumps({"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0],
                                                         "load": list(os.getloadavg())},
                                             "repeat": args.repeat, "scales": results, "growth": growth},
                                            indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
