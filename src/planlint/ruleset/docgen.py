"""The rules' documentation: docs/rules.md is generated from the built-in rule files, and each
rule's page address (SARIF helpUri) is an anchor in it.

    python -m planlint.ruleset.docgen            # rewrite docs/rules.md
    python -m planlint.ruleset.docgen --check    # exit 1 when docs/rules.md is out of date

URL scheme (stable: a rule code never changes meaning): {REPOSITORY}/blob/main/docs/rules.md#{code
in lower case}, the anchor GitHub gives the heading `## CODE`.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from planlint.text import lazyre

# The project's home; pyproject.toml [project.urls] says the same (a test keeps them equal).
REPOSITORY = "https://github.com/planlint/planlint"
DOCS_PATH = "docs/rules.md"

_SENTENCE_END = "。！？"
_OPEN, _CLOSE = "“‘（(《〈「『【[", "”’）)》〉」』】]"
_ASCII_WORD = lazyre.compile(r"[A-Za-z0-9%.,;:)\]]$")


def url(code: str) -> str:
    return f"{REPOSITORY}/blob/main/{DOCS_PATH}#{code.lower()}"


def unwrap(text: str) -> str:
    """A description's lines joined as one paragraph: YAML block text breaks lines mid-sentence.
    Chinese lines join directly; a break between two Latin words becomes a space."""
    out = ""
    for line in (ln.strip() for ln in text.strip().splitlines()):
        if not line:
            continue
        if out and _ASCII_WORD.search(out) and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out


def summary(description: str, fallback: str = "") -> str:
    """The first sentence of a description, whole (a 。 inside quotes or brackets does not end it)."""
    text = unwrap(description)
    depth = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in _SENTENCE_END and depth == 0:
            return text[:i + 1]
    return text or fallback


def markdown(rules) -> str:
    """docs/rules.md for the given rules, ordered by code."""
    rules = sorted(rules, key=lambda r: r.code)
    out = ["# planlint 规则", "",
           "本页由 `python -m planlint.ruleset.docgen` 从 `rules/*.yaml` 生成，请勿手工修改。"
           "`planlint rule 代码` 在终端显示同样的内容。", "",
           "| 代码 | 名称 | 类别 | 级别 | 默认 | 说明 |", "|---|---|---|---|---|---|"]
    for r in rules:
        out.append(f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.category} | {r.severity} | "
                   f"{'开' if r.enabled else '关'} | {_cell(summary(r.description, r.name))} |")
    for r in rules:
        out += ["", f"## {r.code}", "",
                f"**{r.name}**（{r.category}，{r.severity}{'' if r.enabled else '，默认关闭'}）", "",
                unwrap(r.description) or r.name]
        if r.standard:
            out += ["", f"依据：{r.standard}"]
        for kind, label in (("bad", "不符合"), ("good", "符合")):
            for example in r.examples.get(kind, []):
                out += ["", f"{label}：", "", "```text", *example.rstrip("\n").splitlines(), "```"]
        if r.params:
            out += ["", "参数：", "", "```yaml",
                    *(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in r.params.items()), "```"]
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def main(argv: list[str]) -> int:
    from planlint.ruleset import loader as rules_mod

    # Run from the repository root: an installed package has no docs/ beside it.
    target = Path.cwd() / DOCS_PATH
    text = markdown(rules_mod.load(()).rules)
    if "--check" in argv:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            print(f"{DOCS_PATH} 已过期：运行 python -m planlint.ruleset.docgen 重新生成", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"已写入 {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
