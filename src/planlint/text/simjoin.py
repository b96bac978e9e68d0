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
identical strings are joined once. Records are numbered by increasing size and probed in that
order, so the length filter only ever trims a posting list's front, and a positional bound cuts
each probed list at the largest partner size its gram can still serve. Candidates are checked
first against 512-bit gram signatures, whose popcounts bound an overlap from above; gram sets are
rebuilt only for the few that pass. Bigrams are built in C from one joined UTF-16 buffer. All of
this is what makes the join fast enough in pure Python for ~500,000 sentences.
"""
from __future__ import annotations

import gc
import math
from array import array
from bisect import bisect_left
from collections import Counter
from functools import reduce
from itertools import compress, count, repeat
from operator import gt, or_
from typing import Callable, Hashable, Iterator, Sequence


def grams(s: str, n: int = 2) -> set:
    """The set of n-grams of s (a string shorter than n is its own single gram). Bigrams are ints
    (two UTF-16 code units read as one 32-bit word, built in C), which is what makes the join fast
    enough in pure Python; longer grams are strings. Grams are always of characters: a string
    with characters beyond the BMP (two code units each) gets its bigrams one by one, coded
    above 32 bits, so that one edit changes at most n grams there too."""
    if n == 2:
        if len(s) < 2:
            return {ord(s)} if s else set()  # one character: its code, a "bigram" with NUL
        b = s.encode("utf-16-le")
        units = len(b) // 2
        if units != len(s):
            return {_pair_code(s[i], s[i + 1]) for i in range(len(s) - 1)}
        even, odd = array("I"), array("I")
        even.frombytes(b[: 4 * (units // 2)])
        odd.frombytes(b[2 : 2 + 4 * ((units - 1) // 2)])
        out = set(even)
        out.update(odd)
        return out
    if len(s) <= n:
        return {s}
    return {s[i : i + n] for i in range(len(s) - n + 1)}


def _pair_code(a: str, b: str) -> int:
    """A bigram as an int: the 32-bit word of its two code units when both are in the BMP (what the
    bulk path builds), else a code above 32 bits that no such word has."""
    x, y = ord(a), ord(b)
    if x < 0x10000 and y < 0x10000:
        return x | (y << 16)
    return (1 << 42) | (x << 21) | y


def jaccard(a: str, b: str, n: int = 2) -> float:
    ga, gb = grams(a, n), grams(b, n)
    if not ga and not gb:
        return 1.0
    inter = len(ga & gb)
    return inter / (len(ga) + len(gb) - inter)


def join(strings: Sequence[str], threshold: float, n: int = 2, max_edits: int = 0,
         edit_ratio: float = 1.0, stats: dict | None = None,
         skip: Callable[[int, int], bool] | None = None,
         classes: Sequence[Hashable] | None = None) -> Iterator[tuple[int, int, float]]:
    """Yield (i, j, similarity) with i < j for each pair of *different* strings that are similar:
    n-gram Jaccard similarity >= threshold, or (with max_edits) a character edit distance of at
    most min(max_edits, max(1, edit_ratio * the shorter length)) -- for strings with more than
    max_edits * n distinct grams; two shorter ones may share no gram at all. Indexes are into ``strings``;
    equal strings are not paired with each other (that is exact duplication, found by hashing) but
    each is paired with every string similar to it. ``stats`` receives counters if given.

    ``skip(i, j)`` (i < j, the first index of each string) is asked of each candidate pair that
    passes the signature bound, before it is counted exactly; True drops the pair. A caller that
    needs only some pairs -- one similar earlier sentence for each sentence -- answers from what it
    has already been given, since the pairs are generated lazily; that keeps self-similar input
    (every sentence near every other) from costing a verification per pair.

    ``classes`` (a key per string) keeps the strings of one class apart: none of their pairs is
    generated. Unlike ``skip`` there is no call per pair -- classmates leave a record's candidates
    in one set difference -- so a family of thousands of strings that the caller does not want
    paired (number variants of one sentence; the sentences of one draft, when only pairs across
    drafts are wanted) costs little more than its posting lists."""
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    yield from _collector_paused(_pairs(strings, threshold, n, max_edits, edit_ratio, stats, skip, classes))


def _pairs(strings: Sequence[str], threshold: float, n: int, max_edits: int, edit_ratio: float,
           stats: dict | None, skip: Callable[[int, int], bool] | None,
           classes: Sequence[Hashable] | None) -> Iterator[tuple[int, int, float]]:
    """join() over the distinct strings, each pair expanded to every copy of its two strings."""
    groups: dict[str, list[int]] = {}
    for i, s in enumerate(strings):
        groups.setdefault(s, []).append(i)
    unique = list(groups)
    unique_classes = None
    if classes is not None:
        # a string whose copies are in different classes is kept apart from none (each copy's
        # pairs are then sorted out below); an object() is a class of its own
        unique_classes = [classes[g[0]] if len(g) == 1 or all(classes[i] == classes[g[0]] for i in g) else object()
                          for g in groups.values()]
    skip_unique = None
    if skip is not None:
        first = [g[0] for g in groups.values()]

        def skip_unique(a: int, b: int) -> bool:
            i, j = first[a], first[b]
            return skip(i, j) if i < j else skip(j, i)
    for a, b, sim in _join_unique(unique, threshold, n, max_edits, edit_ratio, stats, skip_unique,
                                  unique_classes):
        for i in groups[unique[a]]:
            for j in groups[unique[b]]:
                if classes is None or classes[i] != classes[j]:
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


_SIG_BITS = 512  # width of a record's gram signature: a 512-bit int
_SIG_MASK = _SIG_BITS - 1
_SIG_POW = [1 << b for b in range(_SIG_BITS)]


def _collector_paused(pairs: Iterator) -> Iterator:
    """pairs, with the cyclic garbage collector paused while the join computes (and running while
    the caller handles each pair). The join builds a million lists and sets that hold only ints and
    form no cycles; collection passes over them would cost a sixth of its time at corpus scale."""
    enabled = gc.isenabled()
    try:
        while True:
            gc.disable()
            try:
                pair = next(pairs, None)
            finally:
                if enabled:
                    gc.enable()
            if pair is None:
                return
            yield pair
    finally:
        pairs.close()


class _Records:
    """What the join keeps of each string, numbered by increasing size (the order the join probes
    them in; ``order[x]`` is record x's index in the input):

    - ``size``: its number of distinct grams;
    - ``prefix``: the grams of its longest prefix that occur elsewhere, as ranks -- hapax grams
      rank first and can never be shared, ``hapax`` says how many it has;
    - ``shared``: all its shared grams' ranks, sorted (an array of 32-bit words);
    - ``signature``: one bit per shared gram (its rank modulo _SIG_BITS), so that popcounts bound
      any overlap from above, exactly (a hapax gram is in no other string, so it needs no bit).
      Full gram sets are rebuilt only for the pairs that pass it. A signature is made from
      ``shared`` when its record first meets a candidate (sign()): in one draft, a few dozen of a
      thousand records ever do, and making it was a third of the records' cost.

    Dense ranks let the inverted index be a list, and numbering by size turns the length filter
    into a comparison of record numbers. A string whose prefix holds no shared gram can pair with
    nothing and gets no record (in one draft, two thirds of the sentences); ``prefix_len`` must not
    decrease with the size, so that most of them are known before their grams are deduplicated."""

    __slots__ = ("order", "size", "hapax", "prefix", "shared", "signature", "vocabulary", "first_of_size")

    def __init__(self, unique: list[str], n: int, prefix_len: Callable[[int], int]):
        ranked, self.vocabulary = _ranks(unique, n)
        kept, size, hapax, prefix, all_shared = [], [], [], [], []
        for i, r in enumerate(ranked):  # a hapax gram is a 0, and occurs once
            h = r.count(0)
            if prefix_len(len(r)) <= h:
                continue  # not even as many grams as r lists would leave a shared gram in the prefix
            shared = set(r)
            shared.discard(0)
            l = len(shared) + h
            p = prefix_len(l) - h
            if p <= 0:
                continue  # its prefix is all hapax grams: it can pair with nothing
            kept.append(i)
            size.append(l)
            hapax.append(h)
            shared = sorted(shared)
            prefix.append(shared[:p])
            all_shared.append(array("I", shared))
        by_size = sorted(range(len(size)), key=size.__getitem__)
        self.order = order = [kept[k] for k in by_size]
        self.size = [size[k] for k in by_size]
        self.hapax = [hapax[k] for k in by_size]
        self.prefix = [prefix[k] for k in by_size]
        self.shared = [all_shared[k] for k in by_size]
        self.signature: list[int | None] = [None] * len(order)  # None: not made yet
        largest = self.size[-1] if order else 0
        self.first_of_size = [bisect_left(self.size, l) for l in range(largest + 2)]

    @property
    def signed(self) -> set[int]:
        """The records whose signature is made."""
        return {y for y, made in enumerate(self.signature) if made is not None}

    def sign(self, x: int, candidates: set[int]) -> None:
        """Make the signatures of record x and its candidates that are not made yet."""
        signature = self.signature
        missing = [y for y in (x, *candidates) if signature[y] is None]
        if missing:
            mask, power, shared = _SIG_MASK.__and__, _SIG_POW.__getitem__, self.shared
            for y in missing:
                signature[y] = reduce(or_, map(power, map(mask, shared[y])), 0)


def _ranks(unique: list[str], n: int) -> tuple[Iterator[list[int]], int]:
    """(the ranks of each string's grams, one more than the largest rank). The grams that occur
    more than once rank by frequency, rarest first and from 1, so that sorted ranks put each
    string's rarest shared grams first in one total order. (Any global order keeps the join exact;
    rarity only makes prefixes selective.) A gram that occurs once can be in no other string: only
    how many a string has matters, so those few thousand per draft get no rank, just a 0 (once per
    such gram; a shared gram may be listed more than once)."""
    words = _bigram_words(unique) if n == 2 else None
    if words is not None:
        # frequencies straight from the word arrays, in C; the few words that straddle two strings
        # only add to some counts, which changes the order a little and the result not at all
        even, odd, starts = words
        freq: Counter = Counter(even)
        freq.update(odd)
    else:
        kept = [grams(s, n) for s in unique]
        freq = Counter()
        for g in kept:
            freq.update(g)
    # built in C: the shared grams (ties keep first-seen order), numbered after the hapax ones (as
    # if every gram had a rank, from 1)
    shared = list(compress(freq, map(gt, freq.values(), repeat(1))))
    shared.sort(key=freq.__getitem__)
    vocabulary = len(freq) + 1
    del freq  # before the ranks are made: the two together were the join's peak of memory
    rank = dict(zip(shared, count(vocabulary - len(shared))))
    del shared
    if words is None:
        return (list(map(rank.get, g, repeat(0))) for g in kept), vocabulary
    return _ranked_words(unique, even, odd, starts, rank), vocabulary


_CHUNK = 4096  # strings whose words are ranked in one pass


def _ranked_words(unique: list[str], even: array, odd: array, starts: list[int], rank: dict
                  ) -> Iterator[list[int]]:
    """Each string's word ranks: the words of a few thousand strings at a time are ranked in two C
    passes, and each string's are slices of those (a map per string cost half as much again, and
    ranking all words at once as much memory as the words)."""
    get, zeros = rank.get, repeat(0)
    for a in range(0, len(unique), _CHUNK):
        b = min(a + _CHUNK, len(unique))
        lo = starts[a] // 2
        hi = (starts[b - 1] + len(unique[b - 1])) // 2 + 1
        even_ranks = list(map(get, even[lo:hi], zeros))
        odd_ranks = list(map(get, odd[lo:hi], zeros))
        for i in range(a, b):
            s, o = unique[i], starts[i]
            if len(s) < 2:
                yield [get(g, 0) for g in grams(s)]
                continue
            m = o // 2 - lo
            yield even_ranks[m : m + len(s) // 2] + odd_ranks[m : m + (len(s) - 1) // 2]


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
        least.append(max(0, a_probe))  # the smallest partner has the overlap the larger set needs
        probe.append(l - a_probe + m)
        index.append(l - a_index + m)
        share.append(m)
    return least, probe, index, share


def _largest_partners(l: int, prefix: int, least: int, needs: list[int], m: int) -> list[int]:
    """For each position p of a set's probe prefix: the largest partner size (at most l) for which
    a gram at p can still be one of the pair's first m shared grams -- those lie within the first
    l - a + m grams, and the overlap a a pair needs (``needs``, by partner size) grows with the
    partner's size (PPJoin's positional filter, applied to whole posting lists). least - 1 when no
    partner is left."""
    largest = []
    ly = l
    for p in range(prefix):
        while ly >= least and needs[ly] > l + m - 1 - p:
            ly -= 1
        largest.append(max(ly, least - 1))
    return largest


def _needs(l: int, least: int, t: float, slack: int) -> list[int]:
    """For each partner size up to l: the overlap a pair of a set of l grams with it needs --
    Jaccard >= t, or (with slack) no more than slack of the larger set's grams unshared. Sizes
    below ``least`` can never be partners and get 0 (computing them made this quadratic)."""
    eps = 1e-9
    ratio = t / (1 + t)
    edits = _edits_need(l, slack)
    least = max(0, min(least, l + 1))
    return [0] * least + [min(math.ceil(ratio * (l + ly) - eps), edits) for ly in range(least, l + 1)]


def _edits_need(l: int, slack: int) -> int:
    """The overlap an edit-distance pair needs whose larger set has l grams: all but slack of them
    (l + 1, i.e. never, without edits or for sets of at most slack grams, which may share none)."""
    return l - slack if slack and l > slack else l + 1


def _join_unique(unique: list[str], t: float, n: int, max_edits: int, edit_ratio: float,
                 stats: dict | None, skip: Callable[[int, int], bool] | None = None,
                 classes: list[Hashable] | None = None) -> Iterator[tuple[int, int, float]]:
    # k edits change at most k*n distinct grams: such pairs share a gram among the first k*n+1
    slack = max_edits * n
    # an upper bound on a string's distinct grams: its length, and at least 1 (a string shorter
    # than n, even an empty one, is its own gram)
    largest = max(1, max(map(len, unique), default=0))
    min_size, probe_len, index_len, share = _bounds(largest, t, slack)
    rec = _Records(unique, n, probe_len.__getitem__)
    size, hapax, prefix, order, first_of_size = rec.size, rec.hapax, rec.prefix, rec.order, rec.first_of_size
    tiny = max((l for l, m in enumerate(share) if m < 2), default=-1)  # sizes that need one shared gram
    tiny_end = first_of_size[min(tiny + 1, len(first_of_size) - 1)]  # records below it are that small
    mates = _classmates(classes, order) if classes is not None else None
    index: list[list[int] | None] = [None] * rec.vocabulary  # gram -> records whose index prefix holds it
    tables: dict[int, tuple[list[int], list[int]]] = {}  # per set size: (needs, cut), built once
    probed = verified = 0
    for x in range(len(size)):
        lx = size[x]
        least = first_of_size[min_size[lx]]  # records below it are too small to pair with x
        if lx not in tables:
            needs = _needs(lx, min_size[lx], t, slack)
            tables[lx] = needs, [first_of_size[l + 1] for l in
                                 _largest_partners(lx, probe_len[lx], min_size[lx], needs, share[lx])]
        needs, cut = tables[lx]
        seen, twice = _probe(index, prefix[x], cut[hapax[x]:], least)
        if share[lx] < 2:
            candidates = seen
        elif least < tiny_end:
            candidates = twice.union(y for y in seen if y < tiny_end)
        else:
            candidates = twice
        if mates is not None and mates[x] is not None:
            candidates = candidates - mates[x]
        if candidates:
            probed += len(candidates)
            rec.sign(x, candidates)
            for y, sim, edits in _verify(x, candidates, needs, rec, unique, n, t, slack, skip):
                a, b = order[x], order[y]
                if edits:
                    verified += 1
                    limit = min(max_edits, max(1, int(edit_ratio * min(len(unique[a]), len(unique[b])))))
                    if edit_distance(unique[a], unique[b], limit) > limit:
                        continue
                yield (a, b, sim) if a < b else (b, a, sim)
        for tok in prefix[x][: max(0, index_len[lx] - hapax[x])]:
            postings = index[tok]
            if postings is None:
                index[tok] = [x]
            else:
                postings.append(x)
    if stats is not None:
        stats.update(records=len(unique), candidates=probed, edit_checks=verified,
                     postings=sum(len(p) for p in index if p))


def _probe(index: list[list[int] | None], tokens: list[int], cut: list[int], least: int,
           ) -> tuple[set[int], set[int]]:
    """(the records found in a posting list of the probe prefix ``tokens``, those found in two),
    among records from ``least`` on; ``cut[i]`` is where the list of tokens[i] stops serving."""
    seen: set[int] = set()
    twice: set[int] = set()
    for tok, below in zip(tokens, cut):
        postings = index[tok]
        if postings is None:
            continue
        if postings[0] < least:
            # records are probed by increasing size: a posting too small now stays too small
            del postings[: bisect_left(postings, least)]
            if not postings:
                index[tok] = None
                continue
        if postings[-1] >= below:  # a gram this far into the prefix cannot pair with those
            postings = postings[: bisect_left(postings, below)]
        if seen:
            twice.update(seen.intersection(postings))
        seen.update(postings)
    return seen, twice


def _classmates(classes: list[Hashable], order: list[int]) -> list[set[int] | None]:
    """Per record: the records of its class (one set shared by them all), or None if it is alone."""
    members: dict[Hashable, set[int]] = {}
    for x, i in enumerate(order):
        members.setdefault(classes[i], set()).add(x)
    return [m if len(m) > 1 else None for m in map(members.__getitem__, map(classes.__getitem__, order))]


def _verify(x: int, candidates: set[int], needs: list[int], rec: _Records, unique: list[str], n: int,
            t: float, slack: int, skip: Callable[[int, int], bool] | None) -> Iterator[tuple[int, float, bool]]:
    """(y, similarity, needs an edit-distance check) for each candidate y (an earlier, so no larger,
    record than x) that passes: Jaccard >= t, or (with slack) an overlap that k edits could
    explain; ``needs[l]`` is the overlap a partner of l grams needs.
    The signatures bound each overlap from above first, so most failing pairs cost one AND and one
    popcount; ``skip`` is asked of the rest, in input order, and the pairs it keeps are counted exactly."""
    size, signature, order = rec.size, rec.signature, rec.order
    lx, bx = size[x], signature[x]
    edits_need = _edits_need(lx, slack)  # (x is the larger set)
    hidden = lx - rec.hapax[x] - bx.bit_count()  # shared grams of x that signature collisions may hide
    passed = [y for y in candidates if (bx & signature[y]).bit_count() + hidden >= needs[size[y]]]
    if not passed:
        return
    a = order[x]
    gx = grams(unique[a], n)
    for y in sorted(passed, key=order.__getitem__):
        b = order[y]
        if skip is not None and skip(a, b):
            continue
        ly = size[y]
        overlap = len(gx.intersection(grams(unique[b], n)))
        sim = overlap / (lx + ly - overlap)
        if sim >= t:
            yield y, sim, False
        elif overlap >= edits_need:
            yield y, sim, True
