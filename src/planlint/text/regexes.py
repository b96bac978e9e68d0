"""User regular expressions, bounded: a size estimate checked before compiling (a counted repeat
can ask for gigabytes), compilation with the `regex` module, and searches under a time budget
(its `timeout=` stops catastrophic backtracking). Pattern rules and every regex parameter a
configuration may set go through here."""
from __future__ import annotations

import re
import time
from functools import lru_cache

from planlint.errors import CheckLimit
from planlint.text import lazyre, programs

DEFAULT_TIMEOUT = 2.0  # seconds of matching per rule and file
_COUNT = lazyre.compile(r"\{(\d*)(,?)(\d*)\}")


MAX_TIMEOUT = 60.0     # seconds: a larger timeout is a mistake, not a wish
MAX_LENGTH = 20_000    # characters of one regular expression
MAX_EXPANSION = 100_000  # its size with counted repeats multiplied out (a{1000}{1000} is 10^6)


class PatternTimeout(CheckLimit):
    """A user pattern did not finish in time; the engine reports it as a per-file error."""

    def __init__(self, code: str, budget: float):
        super().__init__(f"规则 {code} 的正则表达式在 {budget:g} 秒内未完成匹配（可能存在灾难性回溯），"
                         "已停止该规则对本文件的检查；请改写该规则的正则表达式")


def expansion(pattern: str) -> int:
    """An upper estimate of a regex's compiled size: atoms count 1, a group its contents, and a
    counted repeat {m,n} multiplies what it repeats by n. Compiling `(?:(?:a{1000}){1000}){1000}`
    takes gigabytes; this sees 10^9 in a few microseconds. Stops counting past MAX_EXPANSION."""
    stack = [[0, 0]]  # per open group: [size so far, size of its last atom]
    i, n = 0, len(pattern)

    def atom(size: int) -> None:
        stack[-1][0] += size
        stack[-1][1] = size

    while i < n:
        c = pattern[i]
        if c == "\\":
            j = i + 2
            if j < n and pattern[i + 1] in "pPNxuU" and pattern[j] == "{":
                k = pattern.find("}", j)
                j = n if k == -1 else k + 1
            atom(1)
            i = j
        elif c == "[":
            j = i + 1
            j += pattern[j:j + 1] == "^"
            j += pattern[j:j + 1] == "]"
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            atom(1)
            i = j + 1
        elif c == "(":
            stack.append([0, 0])
            i += 1
        elif c == ")":
            size = stack.pop()[0] if len(stack) > 1 else 0
            atom(size)
            i += 1
        elif c == "{" and (m := _COUNT.match(pattern, i)):
            low, comma, high = m.groups()
            times = _bounded_int(high) if high else _bounded_int(low) + (1 if comma else 0)
            top = stack[-1]
            top[0] += top[1] * (max(times, 1) - 1)
            top[1] *= max(times, 1)
            i = m.end()
        else:
            atom(1)
            i += 1
        if stack[-1][0] > MAX_EXPANSION:
            return stack[-1][0]
    return sum(size for size, _ in stack)


def _bounded_int(digits: str) -> int:
    return int(digits) if digits and len(digits) <= 9 else (10 ** 9 if digits else 0)


def regex_problem(source) -> str | None:
    """Why a user's regular expression may not be used (too long, too large once compiled, or
    invalid), or None. Never compiles a pattern that would take unbounded memory."""
    import regex

    if not isinstance(source, str):
        return "应为字符串"
    if len(source) > MAX_LENGTH:
        return f"正则表达式过长（{len(source)} 个字符，最多 {MAX_LENGTH}）"
    if expansion(source) > MAX_EXPANSION:
        return f"正则表达式的重复次数过大（展开后超过 {MAX_EXPANSION}），请减少 {{m,n}} 中的次数或嵌套"
    try:
        compile_pattern(source)
    except regex.error as e:
        return f"正则表达式无效：{e}"
    except (OverflowError, MemoryError, RecursionError, ValueError) as e:
        return f"正则表达式过大（{type(e).__name__}）"
    return None


class Budget:
    """The matching time left for one rule on one file: every search of the rule draws on it, and
    running out stops the rule there (PatternTimeout, a per-file error naming the rule)."""

    def __init__(self, code: str, total: float = DEFAULT_TIMEOUT):
        self.code, self.total = code, total
        self.deadline = time.perf_counter() + total

    def _left(self) -> float:
        left = self.deadline - time.perf_counter()
        if left <= 0:
            raise PatternTimeout(self.code, self.total)
        return left

    def finditer(self, compiled, text: str):
        left = self._left()
        try:
            yield from compiled.finditer(text, timeout=left)
        except TimeoutError:
            raise PatternTimeout(self.code, self.total) from None

    def search(self, compiled, text: str):
        left = self._left()
        try:
            return compiled.search(text, timeout=left)
        except TimeoutError:
            raise PatternTimeout(self.code, self.total) from None


class Bounded:
    """A regular expression a configuration may set (title_pattern, context_pattern), searched
    under one time budget, like the pattern rules."""

    def __init__(self, source: str, code: str, default: str | None = None, timeout: float = DEFAULT_TIMEOUT):
        # the shipped default is known to be linear: `re` spares every run importing `regex`
        self.shipped = source == default
        self.compiled = programs.compile(source) if self.shipped else compile_pattern(source)
        self.budget = Budget(code, timeout)

    def search(self, text: str):
        if self.shipped:
            return self.compiled.search(text)
        return self.budget.search(self.compiled, text)


@lru_cache(maxsize=256)
def compile_pattern(source: str, ignorecase: bool = False):
    import regex

    flags = regex.VERSION0 | (regex.IGNORECASE if ignorecase else 0)
    return regex.compile(source, flags)
