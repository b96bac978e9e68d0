"""Word segmentation for explaining a near-duplicate: jieba's exact algorithm (``lcut(text,
HMM=False)``: the most probable route through the dictionary's words) over jieba's own
dictionary, without jieba's 0.6 s start (building a 350 000-word prefix table in memory).

The dictionary is kept as one sorted index in the private cache folder, built on first use from
jieba's dict.txt; a lookup is a binary search in it, so a run reads only the words its sentences
contain. Same words, same frequencies, same tie-breaking as jieba: the segmentation is identical.
"""
from __future__ import annotations

import array
import bisect
import importlib.util
from functools import lru_cache
from math import log
from pathlib import Path
from planlint.text import lazyre

# jieba's patterns (jieba/__init__.py, version 0.42): what is segmented, and what is split as is.
# _HAN is jieba's class, not text.chars.HAN: it ends at U+9FD5 and takes Latin letters, digits and
# +#&._%- into a run; it stays as jieba has it so the segmentation stays identical to jieba's.
_HAN = lazyre.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = lazyre.compile("(\r\n|\\s)")
_ENG = lazyre.compile("[a-zA-Z0-9]")
_FORMAT = b"planlint-words-1\n"


class Dictionary:
    """jieba's dictionary as sorted UTF-8 lines "word<TAB>freq" and their offsets."""

    def __init__(self, blob, offsets, total: int):
        self.blob = blob        # bytes, or a memoryview of the mapped index
        self.offsets = offsets  # start of each line, and one past the last (array or memoryview)
        self.total = total
        self.logtotal = log(total)
        self._words = _Words(self)
        self._freq: dict[str, int | None] = {}  # None: not even a prefix of a word

    def lookup(self, frag: str) -> int | None:
        """jieba's FREQ.get(frag): the word's frequency, 0 for a prefix of a word only, None
        when no word starts with frag."""
        if frag in self._freq:
            return self._freq[frag]
        key = frag.encode("utf-8")
        i = bisect.bisect_left(self._words, key)
        value = None
        if i < len(self._words):
            line = self._line(i)
            word, _, freq = line.partition(b"\t")
            if word == key:
                value = int(freq)
            elif word.startswith(key):
                value = 0
        self._freq[frag] = value
        return value

    def _line(self, i: int) -> bytes:
        return bytes(self.blob[self.offsets[i]:self.offsets[i + 1] - 1])


class _Words:
    """The sorted words as a sequence, for bisect."""

    def __init__(self, d: Dictionary):
        self.d = d

    def __len__(self) -> int:
        return len(self.d.offsets) - 1

    def __getitem__(self, i: int) -> bytes:
        line = self.d._line(i)
        return line[:line.index(b"\t")]


def lcut(text: str, dictionary: Dictionary | None = None) -> list[str]:
    """jieba.lcut(text, HMM=False)."""
    d = dictionary or _dictionary()
    out: list[str] = []
    for block in _HAN.split(text):
        if not block:
            continue
        if _HAN.match(block):
            out.extend(_cut_block(block, d))
        else:
            for x in _SKIP.split(block):
                if _SKIP.match(x):
                    out.append(x)
                else:
                    out.extend(x)
    return out


def _cut_block(sentence: str, d: Dictionary) -> list[str]:
    n = len(sentence)
    dag = []
    for k in range(n):
        ends = []
        i, frag = k, sentence[k]
        while i < n:
            freq = d.lookup(frag)
            if freq is None:
                break
            if freq:
                ends.append(i)
            i += 1
            frag = sentence[k:i + 1]
        dag.append(ends or [k])
    route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
    for idx in range(n - 1, -1, -1):
        route[idx] = max((log(d.lookup(sentence[idx:x + 1]) or 1) - d.logtotal + route[x + 1][0], x)
                         for x in dag[idx])
    out, buf, x = [], "", 0
    while x < n:
        y = route[x][1] + 1
        word = sentence[x:y]
        if len(word) == 1 and _ENG.match(word):
            buf += word
        else:
            if buf:
                out.append(buf)
                buf = ""
            out.append(word)
        x = y
    if buf:
        out.append(buf)
    return out


# --- the index ---------------------------------------------------------------------------------

def jieba_dictionary() -> Path | None:
    """jieba's dict.txt, found without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "dict.txt"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def _dictionary() -> Dictionary:
    from planlint.resources import cache_dir

    source = jieba_dictionary()
    if source is None:
        raise RuntimeError("jieba's dictionary (dict.txt) is not installed")
    st = source.stat()
    folder = cache_dir()
    target = folder / f"words-{st.st_size}-{int(st.st_mtime)}.index" if folder is not None else None
    if target is not None:
        cached = _read_index(target)
        if cached is not None:
            return cached
    d = build(source.read_bytes())
    if target is not None:
        _write_index(target, d)
    return d


def build(data: bytes) -> Dictionary:
    """The index of a jieba dictionary file ("word freq [tag]" lines): as jieba reads it, the
    last frequency of a word wins and the total counts every line."""
    freq: dict[bytes, int] = {}
    total = 0
    for lineno, raw in enumerate(data.splitlines(), 1):
        line = raw.strip()
        parts = line.split(b" ")
        if len(parts) < 2:
            raise ValueError(f"invalid dictionary entry at line {lineno}")
        n = int(parts[1])
        freq[parts[0]] = n
        total += n
    blob = b"".join(w + b"\t" + str(f).encode() + b"\n" for w, f in sorted(freq.items()))
    offsets = array.array("I", [0])
    for line in blob.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    return Dictionary(blob, offsets, total)


def _read_index(path: Path) -> Dictionary | None:
    """The index mapped, not read: a run touches only the pages its lookups land on."""
    import mmap

    try:
        with open(path, "rb") as fh:
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        head_end = mapped.find(b"\n", len(_FORMAT))
        if mapped[:len(_FORMAT)] != _FORMAT or head_end < 0:
            return None
        total, count, size = (int(x) for x in mapped[len(_FORMAT):head_end].split(b" "))
        start = head_end + 1
        start += -start % 4  # the writer pads the header to a multiple of 4
        blob_start = start + 4 * (count + 1)
        if len(mapped) != blob_start + size:
            return None
        offsets = memoryview(mapped)[start:blob_start].cast("I")
        if offsets[-1] != size:
            return None
        return Dictionary(memoryview(mapped)[blob_start:], offsets, total)
    except (OSError, ValueError, TypeError):
        return None


def _write_index(path: Path, d: Dictionary) -> None:
    from planlint.resources import write_cache

    head = _FORMAT + f"{d.total} {len(d.offsets) - 1} {len(d.blob)}\n".encode()
    head += b" " * (-len(head) % 4)  # offsets start 4-aligned
    write_cache(path, head + d.offsets.tobytes() + d.blob)
