"""Run each rule's own examples: every bad example must trigger the rule, no good example may."""
from __future__ import annotations

import msgspec

from planlint.workflow import engine

from planlint.document import parser
from planlint.document.model import Text
from planlint.ruleset.loader import Rule


class ExampleFailure(msgspec.Struct):
    rule: Rule
    kind: str  # "bad" | "good"
    example: str
    codes: list[str]

    def describe(self) -> str:
        what = "未触发该规则" if self.kind == "bad" else "误报"
        return f"{self.rule.source}: 规则 {self.rule.code} 的 {self.kind} 示例{what}：{self.example!r}（得到 {self.codes}）"


# An example for a rule that compares drafts holds several files, separated by this line.
FILE_SEPARATOR = "\n--- 文件 ---\n"


def lint_string(content: str, rules: list[Rule], path: str = "<example>.txt"):
    docs = []
    for i, part in enumerate(content.split(FILE_SEPARATOR)):
        name = path if i == 0 else path.replace(".", f"-{i + 1}.", 1)
        text = Text(path=name, content=part, encoding="utf-8")
        if part.startswith("docx:\n"):  # an example read as a Word text (rules/word.yaml)
            from planlint.document.wordfile.reader import example_text

            text = example_text(name, part)
        docs.append(parser.build(text, parser.format_of(path)))
    found = [f for doc in docs for f in engine.run_document(doc, rules)]
    found.extend(engine.run_corpus(docs, rules))
    return found


def run_examples(rules: list[Rule]) -> tuple[int, list[ExampleFailure]]:
    failures, count = [], 0
    for rule in rules:
        for kind in ("bad", "good"):
            for example in rule.examples.get(kind, []):
                count += 1
                codes = [f.code for f in lint_string(example, [rule])]
                if (kind == "bad") != (rule.code in codes):
                    failures.append(ExampleFailure(rule, kind, example, codes))
    return count, failures
