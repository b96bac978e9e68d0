"""An exact set-similarity self-join: every pair of strings whose character n-gram sets have a
Jaccard similarity of at least a threshold (or, optionally, a small edit distance).

AllPairs/PPJoin style prefix filtering (Bayardo et al. 2007; Xiao et al. 2008), with AdaptJoin's
two-gram prefixes (Wang et al. 2012). Each string becomes the set of its n-grams, each gram ranked
by how often it occurs, rarest first. Two sets that overlap enough must share their rarest common
grams within short prefixes of both, so only the prefixes are indexed and probed, and a pair is a
candidate only when its prefixes share two grams; every candidate is then verified exactly.
Nothing is approximate: no pair at or above the threshold is missed (unlike LSH), and no pair
below it is returned.

Grams found once in the whole input can never be shared and are neither indexed nor probed;
identical strings are joined once. Records are processed by increasing size, so the length filter
only ever moves a posting list's start forward. Bigrams are built in C from one joined UTF-16
buffer, which is what makes this fast enough in pure Python for ~500,000 sentences.
"""
from __future__ import annotations

import math
from array import array
from collections import Counter
from typing import Callable, Iterator, Sequence


def grams(s: str, n: int = 2) -> set:
    """The set of n-grams of s (a string shorter than n is its own single gram). Bigrams are ints
    (two UTF-16 code units read as one 32-bit word, built in C), which is what makes the join fast
    enough in pure Python; longer grams are strings."""
    if n == 2:
        if len(s) < 2:
            return {ord(s)} if s else set()  # one character: its code, a "bigram" with NUL
        b = s.encode("utf-16-le")
        units = len(b) // 2
        even, odd = array("I"), array("I")
        even.frombytes(b[: 4 * (units // 2)])
        odd.frombytes(b[2 : 2 + 4 * ((units - 1) // 2)])
        out = set(even)
        out.update(odd)
        return out
    if len(s) <= n:
        return {s}
    return {s[i : i + n] for i in range(len(s) - n + 1)}


def jaccard(a: str, b: str, n: int = 2) -> float:
    ga, gb = grams(a, n), grams(b, n)
    if not ga and not gb:
        return 1.0
    inter = len(ga & gb)
    return inter / (len(ga) + len(gb) - inter)


def join(strings: Sequence[str], threshold: float, n: int = 2, max_edits: int = 0,
         edit_ratio: float = 1.0, stats: dict | None = None,
         skip: Callable[[int, int], bool] | None = None) -> Iterator[tuple[int, int, float]]:
    """Yield (i, j, similarity) with i < j for each pair of *different* strings that are similar:
    n-gram Jaccard similarity >= threshold, or (with max_edits) a character edit distance of at
    most min(max_edits, max(1, edit_ratio * the shorter length)) -- for strings with more than
    max_edits * n distinct grams; two shorter ones may share no gram at all. Indexes are into ``strings``;
    equal strings are not paired with each other (that is exact duplication, found by hashing) but
    each is paired with every string similar to it. ``stats`` receives counters if given.

    ``skip(i, j)`` (i < j, the first index of each string) is asked before a candidate pair is
    verified; True drops the pair unverified. A caller that needs only some pairs -- one similar
    earlier sentence for each sentence -- answers from what it has already been given, since the
    pairs are generated lazily; that keeps self-similar input (every sentence near every other)
    from costing a verification per pair."""
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    groups: dict[str, list[int]] = {}
    for i, s in enumerate(strings):
        groups.setdefault(s, []).append(i)
    unique = list(groups)
    skip_unique = None
    if skip is not None:
        first = [g[0] for g in groups.values()]

        def skip_unique(a: int, b: int) -> bool:
            i, j = first[a], first[b]
            return skip(i, j) if i < j else skip(j, i)
    for a, b, sim in _join_unique(unique, threshold, n, max_edits, edit_ratio, stats, skip_unique):
        for i in groups[unique[a]]:
            for j in groups[unique[b]]:
                yield (i, j, sim) if i < j else (j, i, sim)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of a and b, or limit + 1 when it exceeds limit (banded: O(limit*len))."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if len(a) > len(b):
        a, b = b, a
    # trim the common ends: copies differ in a few places
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    a, b = a[i:], b[i:]
    while a and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    if not a:
        return len(b) if len(b) <= limit else limit + 1
    big = limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        lo, hi = max(1, i - limit), min(len(b), i + limit)
        cur = [big] * (len(b) + 1)
        cur[0] = i if i <= limit else big
        for j in range(lo, hi + 1):
            cost = prev[j - 1] + (ca != b[j - 1])
            if prev[j] + 1 < cost:
                cost = prev[j] + 1
            if cur[j - 1] + 1 < cost:
                cost = cur[j - 1] + 1
            cur[j] = cost
        if min(cur) > limit:
            return big
        prev = cur
    return prev[-1] if prev[-1] <= limit else big


def _ranked(unique: list[str], n: int) -> tuple[list, int]:
    """Each string as its sorted list of gram weights, and the first weight of a gram that occurs
    more than once overall. A gram's weight packs (frequency, gram id) in one int, so sorting by
    weight puts the rarest grams first in the same total order for every string. (Any global order
    keeps the join exact; rarity only makes prefixes selective.)"""
    words = _bigram_words(unique) if n == 2 else None
    if words is not None:
        # frequencies straight from the word arrays, in C; the few words that straddle two strings
        # only add to some counts, which changes the order a little and the result not at all
        even, odd, starts = words
        freq: Counter = Counter(even)
        freq.update(odd)
        sets = (_slice_set(s, o, even, odd) for s, o in zip(unique, starts))
    else:
        kept = [grams(s, n) for s in unique]
        freq = Counter()
        for g in kept:
            freq.update(g)
        sets = iter(kept)
    shift = 33  # bigram ids are 32-bit words; other grams get ids below len(freq)
    if words is not None:
        for g, c in freq.items():  # in place: one dict of the size of the vocabulary, not two
            freq[g] = (c << shift) | g
    else:
        for i, (g, c) in enumerate(freq.items()):
            freq[g] = (c << shift) | i
    get = freq.__getitem__
    if len(unique) < 50_000:
        return [sorted(map(get, g)) for g in sets], 2 << shift
    # arrays: a quarter of the memory of lists of ints
    return [array("q", sorted(map(get, g))) for g in sets], 2 << shift


def _bigram_words(unique: list[str]):
    """(even, odd, starts): all strings joined, each padded to an even length, as arrays of 32-bit
    words: "even" holds code units 0-1, 2-3, ..., "odd" 1-2, 3-4, ...; a string's bigrams are a
    slice of each. None when some character is beyond the BMP (two code units)."""
    parts, starts, pos = [], [], 0
    for s in unique:
        starts.append(pos)
        if len(s) % 2:
            s += "\x00"
        parts.append(s)
        pos += len(s)
    data = "".join(parts).encode("utf-16-le")
    del parts
    if len(data) != 2 * pos:
        return None
    even, odd = array("I"), array("I")
    even.frombytes(data[: 4 * (len(data) // 4)])
    odd.frombytes(data[2 : 2 + 4 * ((len(data) - 2) // 4)])
    return even, odd, starts


def _slice_set(s: str, o: int, even: array, odd: array) -> set:
    n = len(s)
    if n < 2:
        return grams(s)
    m = o // 2
    g = set(even[m : (o + n - 2) // 2 + 1])
    g.update(odd[m : (o + n - 3) // 2 + 1])
    return g


def _bigram_sets(unique: list[str]) -> list[set]:
    """The bigram sets of all strings (the same as grams(), built in bulk)."""
    words = _bigram_words(unique)
    if words is None:
        return [grams(s) for s in unique]
    even, odd, starts = words
    return [_slice_set(s, o, even, odd) for s, o in zip(unique, starts)]


def _bounds(largest: int, t: float, slack: int) -> tuple[list[int], list[int], list[int], list[int]]:
    """Per set size l: the smallest partner size, the probe prefix, the index prefix, and how many
    grams the two prefixes must share.

    A pair needs an overlap of at least a: for Jaccard >= t, a >= t*l for the larger set (the
    partner has >= t*l grams) and a >= 2t/(1+t)*l for the smaller one (Xiao et al.); for an edit
    distance of k, a >= l - slack on both sides. The first m common grams (in the global order) of
    a pair then lie within the first l - a + m grams of each set (AdaptJoin's l-prefix, Wang et
    al. 2012), so with prefixes one longer than the classic ones a pair must share two prefix grams:
    one shared rare gram is no longer enough to make a candidate."""
    eps = 1e-9
    mid = 2 * t / (1 + t)
    least, probe, index, share = [], [], [], []
    for l in range(largest + 1):
        a_probe = min(math.ceil(t * l - eps), l - slack) if slack else math.ceil(t * l - eps)
        a_index = min(math.ceil(mid * l - eps), l - slack) if slack else math.ceil(mid * l - eps)
        m = 2 if min(a_probe, a_index) >= 2 else 1
        least.append(min(math.ceil(t * l - eps), l - slack) if slack else math.ceil(t * l - eps))
        probe.append(l - a_probe + m)
        index.append(l - a_index + m)
        share.append(m)
    return least, probe, index, share


def _join_unique(unique: list[str], t: float, n: int, max_edits: int, edit_ratio: float,
                 stats: dict | None, skip: Callable[[int, int], bool] | None = None,
                 ) -> Iterator[tuple[int, int, float]]:
    records, shared_from = _ranked(unique, n)
    size = [len(r) for r in records]
    by_size = sorted(range(len(records)), key=size.__getitem__)
    index: dict[int, list[int]] = {}
    start: dict[int, int] = {}  # per gram: postings before it are too short for any later probe
    # k edits change at most k*n distinct grams: such pairs share a gram among the first k*n+1
    slack = max_edits * n
    min_size, probe_len, index_len, share = _bounds(max(size, default=0), t, slack)
    probed = verified = scanned = 0
    for x in by_size:
        tokens = records[x]
        lx = size[x]
        least = min_size[lx]
        need = share[lx]
        counts: Counter = Counter()
        for tok in tokens[: probe_len[lx]]:
            if tok < shared_from:
                continue  # a gram of this string only
            postings = index.get(tok)
            if postings is None:
                continue
            s = start.get(tok, 0)
            while s < len(postings) and size[postings[s]] < least:
                s += 1
            scanned += len(postings) - s
            if s:
                start[tok] = s
                counts.update(postings[s:])
            else:
                counts.update(postings)
        candidates = [y for y, c in counts.items() if c >= need or c >= share[size[y]]] if counts else ()
        if candidates:
            sx = set(tokens)
            probed += len(candidates)
            for y in candidates:
                if skip is not None and skip(x, y):
                    continue
                ly = size[y]
                overlap = len(sx.intersection(records[y]))
                sim = overlap / (lx + ly - overlap)
                if sim < t:
                    # (strings of at most k*n grams can share none: Jaccard only)
                    if not slack or overlap < lx - slack or lx <= slack:
                        continue
                    verified += 1
                    a, b = unique[x], unique[y]
                    limit = min(max_edits, max(1, int(edit_ratio * min(len(a), len(b)))))
                    if edit_distance(a, b, limit) > limit:
                        continue
                yield (y, x, sim) if y < x else (x, y, sim)
        for tok in tokens[: index_len[lx]]:
            if tok >= shared_from:
                index.setdefault(tok, []).append(x)
    if stats is not None:
        stats.update(records=len(records), candidates=probed, edit_checks=verified, scanned=scanned,
                     postings=sum(map(len, index.values())))
