"""planlint's own regular expressions, compiled with the program kept from an earlier run.

`re.compile` parses a pattern and translates it into a program for the regex engine (`_sre`) in
pure Python: about 0.2 ms a pattern, and a run compiles 60-110 of planlint's patterns (a quarter
of a short draft's start-up, and what every --jobs worker pays again). The program depends only
on the pattern and on this Python, so it is kept in the cache folder, as the interpreter keeps
bytecode, and handed straight to `_sre.compile` the next time: the engine validates a program it
is given, so a damaged cache gives an error here, never a wrong match, and the pattern is then
compiled as usual. Anything unexpected (another Python implementation, another layout of `re`'s
internals) means: compile as usual.

Only planlint's own patterns come here (module constants, shipped vocabularies); a pattern a
user writes in a rule file does not, so the cache stays the size of planlint's own set. A process
that compiled new patterns adds them to the cache when save() is called (the end of a run, after
each file of a worker); nothing is written otherwise."""
from __future__ import annotations

import re
import sys

try:  # the internals re.compile itself uses (re._compiler.compile); sre_* before 3.11
    import _sre
    from array import array

    try:
        from re import _compiler, _parser
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_compile as _compiler
        import sre_parse as _parser
    _USABLE = (sys.implementation.name == "cpython" and callable(getattr(_compiler, "_code", None))
               and callable(getattr(_sre, "compile", None)) and array("I").itemsize == _sre.CODESIZE)
except (ImportError, AttributeError):  # pragma: no cover - not CPython
    _USABLE = False

# planlint compiles fewer than 200 patterns under every rule; the cache of a checkout whose
# patterns are edited grows, and past this it is started afresh (a new version starts a new file)
MAX_PROGRAMS = 600
_FORMAT = 1

_kept: dict | None = None  # "flags\0source" -> stored program, as read from the cache
_added: dict = {}          # programs compiled by this process, not yet saved


def compile(source: str | bytes, flags: int = 0) -> re.Pattern:  # noqa: A001 - the same call as re.compile
    """re.compile(source, flags) for one of planlint's own patterns (text or, for the JSON report's
    scan, bytes)."""
    flags = int(flags)
    if not _USABLE:
        return re.compile(source, flags)
    name = f"{flags}\0{source}"
    stored = _programs().get(name) or _added.get(name)
    if stored is not None:
        pattern = _from_stored(source, stored)
        if pattern is not None:
            return pattern
    parts = _translate(source, flags)
    if len(_added) < MAX_PROGRAMS:
        _added[name] = _stored(parts)
    return _sre.compile(source, *parts)


def save() -> None:
    """Add the programs this process compiled to the cache (a run that compiled none writes
    nothing)."""
    global _kept
    if not _added:
        return
    from planlint.resources import write_json_cache

    target = _target()
    if target is None:
        _added.clear()
        return
    merged = dict(_read(target) or {})  # another process may have saved since this one read
    if len(merged) + len(_added) > MAX_PROGRAMS:
        merged = {}
    merged.update(_added)
    if write_json_cache(target, {"format": _FORMAT, "python": _python(), "programs": merged}):
        _kept = merged
    _added.clear()


def _translate(source: str | bytes, flags: int) -> tuple:
    """What re._compiler.compile hands to _sre.compile after flags, for a pattern string."""
    parsed = _parser.parse(source, flags)
    code = _compiler._code(parsed, flags)
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for group_name, index in groupindex.items():
        indexgroup[index] = group_name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _stored(parts: tuple) -> list:
    """A program as JSON data: the code as base64 of its machine words (a tenth of the time to
    read back that a list of numbers takes)."""
    from binascii import b2a_base64

    flags, code, groups, groupindex, indexgroup = parts
    words = b2a_base64(array("I", code).tobytes(), newline=False).decode("ascii")
    return [flags, words, groups, dict(groupindex), list(indexgroup)]


def _from_stored(source: str | bytes, stored) -> re.Pattern | None:
    """The compiled pattern from a stored program; None when the entry is not one (wrong shape,
    invalid program: it came from a file)."""
    from binascii import Error as Base64Error, a2b_base64

    try:
        flags, words, groups, groupindex, indexgroup = stored
        if not (isinstance(flags, int) and isinstance(words, str) and isinstance(groups, int)
                and isinstance(groupindex, dict) and isinstance(indexgroup, list)):
            return None
        code = array("I")
        code.frombytes(a2b_base64(words))
        return _sre.compile(source, flags, code.tolist(), groups, groupindex, tuple(indexgroup))
    except (TypeError, ValueError, RuntimeError, OverflowError, Base64Error):
        return None  # RuntimeError: the engine found the program invalid


def _programs() -> dict:
    global _kept
    if _kept is None:
        target = _target()
        _kept = (_read(target) if target is not None else None) or {}
    return _kept


def _read(target) -> dict | None:
    from planlint.resources import read_json_cache

    data = read_json_cache(target)
    if (isinstance(data, dict) and data.get("format") == _FORMAT and data.get("python") == _python()
            and isinstance(data.get("programs"), dict)):
        return data["programs"]
    return None


def _python() -> str:
    """What a program depends on besides its pattern: this interpreter and its regex engine."""
    return f"{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}\0{_sre.MAXREPEAT}\0{_sre.MAXGROUPS}"


def _target():
    from planlint.resources import cache_dir, install_tag, name_digest

    folder = cache_dir()
    if folder is None:
        return None
    from planlint import __version__

    return folder / f"programs.{install_tag()}-{name_digest(__version__ + chr(0) + _python())}.json"
