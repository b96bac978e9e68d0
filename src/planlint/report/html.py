"""The review page (--format html): one self-contained HTML file a reviewer opens offline.

Each draft is shown whole with every finding highlighted at its span; beside it the findings,
an outline with counts, filters, a summary and the explanation of every rule that fired. All
draft, rule and config text is untrusted: it is escaped here and reaches the page's script only as
JSON data, and a Content-Security-Policy admits only this page's own script and style.
"""
from __future__ import annotations

import base64
import bisect
import hashlib
import html
import json
from collections import Counter
from pathlib import Path

from planlint import __version__
from planlint.document.model import HIERARCHY, KIND_LABEL, SEVERITIES
from planlint.report.anchors import finding_range, line_pieces, suggestion, visible
from planlint.text import lazyre

_ASSETS = Path(__file__).resolve().parent / "html_assets"
_WORD = {"error": "错误", "warning": "警告", "info": "提示"}
_ORDER = ("error", "warning", "info")
_CATEGORY = {"numbering": "编号", "toc": "目录", "duplicate": "重复", "unit": "单位与数字", "target": "指标与目标",
             "arithmetic": "计算", "responsibility": "责任分工", "punctuation": "标点", "reference": "引用",
             "consistency": "前后一致", "input": "输入"}
_OUTLINE_KINDS = set(HIERARCHY) | {"box"}
_TITLE_CHARS = 28  # of a heading's title in the outline pane


def esc(s: object) -> str:
    """Text for an HTML element or a quoted attribute: markup escaped, controls made visible."""
    return html.escape(visible(str(s)), quote=True)


_STAND_IN = lazyre.compile("[\u2400-\u2421\ufffd]")


def draft_text(s: str) -> str:
    """A stretch of the draft as element content: escaped, each control character shown as a
    marked stand-in (␇) so that a reader sees something was there."""
    return _STAND_IN.sub(lambda m: f'<span class="ctl" title="控制字符">{m.group()}</span>', esc(s))


def render(result, out, options) -> None:
    out.write(Page(result).html())


class Page:
    def __init__(self, result):
        self.result = result
        self.findings = result.findings
        self.docs = {d.path: d for d in result.documents}
        shown = [f.path for f in result.files if f.path in self.docs]
        self.file_index = {path: k for k, path in enumerate(shown)}
        self.by_file: dict[str, list[int]] = {p: [] for p in shown}
        for i, f in enumerate(self.findings):
            self.by_file.setdefault(f.path, []).append(i)
        self.rules = {r.code: r for r in result.rules}
        codes = sorted({f.code for f in self.findings})
        self.rule_anchor = {code: f"r{j}" for j, code in enumerate(codes)}
        self.headings: list[int] = []     # parent index of each outline heading (-1: none)
        self.heading_of: dict[int, int] = {}  # finding index -> innermost outline heading

    def html(self) -> str:
        body = "".join([self._header(), '<div class="layout">', self._outline(), "<main>",
                        *(self._draft(path) for path in self.by_file if path in self.docs),
                        self._summary(), self._explanations(), "</main></div>", self._data()])
        css = (_ASSETS / "report.css").read_text(encoding="utf-8")
        js = (_ASSETS / "report.js").read_text(encoding="utf-8")
        policy = (f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; "
                  "img-src data:; base-uri 'none'; form-action 'none'")
        return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>planlint 审阅报告</title><style>{css}</style></head><body>{body}"
                f"<script>{js}</script></body></html>\n")

    # -- header: totals and filters ------------------------------------------------------------

    def _header(self) -> str:
        s = self.result.summary()
        total = len(self.findings)
        files = len(self.result.files)
        totals = "".join(f'<span><span class="sev s-{sev}">{_WORD[sev]}</span> {s[sev]}</span>' for sev in _ORDER)
        return (f'<header class="top"><h1>planlint 审阅报告</h1>'
                f'<div class="totals"><span>{files} 个文件</span><span>共 {total} 个问题'
                f'（显示 <b id="shown">{total}</b> 个）</span>{totals}<span class="tool">planlint {esc(__version__)}</span></div>'
                f'<div class="filters">{self._filters()}</div></header>')

    def _filters(self) -> str:
        sev = Counter(f.severity for f in self.findings)
        cat = Counter(f.category for f in self.findings)
        code = Counter(f.code for f in self.findings)
        groups = [
            ("s", "级别", [(v, _WORD[v], sev[v]) for v in _ORDER if sev[v]], ""),
            ("c", "类别", [(v, _CATEGORY.get(v, v), n) for v, n in sorted(cat.items())], ""),
            ("r", "规则", [(v, v, n) for v, n in sorted(code.items())], " rules"),
        ]
        out = []
        for g, legend, values, extra in groups:
            boxes = "".join(f'<label><input type="checkbox" data-g="{g}" value="{esc(v)}" checked> '
                            f"{esc(label)} <span class=\"cnt\">{n}</span></label>" for v, label, n in values)
            out.append(f'<fieldset><legend>{legend}<button type="button" data-g="{g}" data-all="1">全选</button>'
                       f'<button type="button" data-g="{g}" data-all="0">全不选</button></legend>'
                       f'<div class="grp{extra}">{boxes}</div></fieldset>')
        return "".join(out)

    # -- outline pane ----------------------------------------------------------------------------

    def _outline(self) -> str:
        parts = ['<nav class="outline" aria-label="提纲"><ul>']
        for path, ids in self.by_file.items():
            k = self.file_index.get(path)
            if k is None:
                continue
            tree = self._outline_tree(self.docs[path], ids)
            parts.append(f'<li class="file"><a href="#f{k}">{esc(path)}</a>'
                         f'<span class="cnt" data-file-count="{k}">{len(ids)}</span>{tree}</li>')
        parts.append("</ul></nav>")
        return "".join(parts)

    def _outline_tree(self, doc, ids: list[int]) -> str:
        """Nested lists of the draft's headings with the number of findings under each; assigns
        each finding its innermost heading (the last one at or before its line)."""
        shown = [h for h in doc.headings if h.kind in _OUTLINE_KINDS and not h.in_toc]
        base = len(self.headings)
        index = {id(h): base + n for n, h in enumerate(shown)}
        for h in shown:
            parent = h.parent
            while parent is not None and id(parent) not in index:
                parent = parent.parent
            self.headings.append(index[id(parent)] if parent is not None else -1)
        lines = [h.line for h in shown]
        counts: Counter = Counter()
        for i in ids:
            g = base + bisect.bisect_right(lines, self.findings[i].line) - 1
            g = g if g >= base else -1
            self.heading_of[i] = g
            while g >= 0:
                counts[g] += 1
                g = self.headings[g]
        children: dict[int, list[int]] = {}
        for n in range(len(shown)):
            children.setdefault(self.headings[base + n], []).append(base + n)
        k = self.file_index[doc.path]

        def items(parent: int) -> str:
            rows = []
            for g in children.get(parent, []):
                h = shown[g - base]
                title = h.title if len(h.title) <= _TITLE_CHARS else h.title[:_TITLE_CHARS] + "…"
                rows.append(f'<li><a href="#f{k}-L{h.line}" title="{esc(KIND_LABEL.get(h.kind, ""))}">'
                            f"{esc(_heading_name(h.label(), title))}</a>"
                            f'<span class="cnt" data-h="{g}">{counts[g] or ""}</span>{items(g)}</li>')
            return "<ul>" + "".join(rows) + "</ul>" if rows else ""

        return items(-1)

    # -- one draft: its text with the marks, and its findings ------------------------------------

    def _draft(self, path: str) -> str:
        doc = self.docs[path]
        k = self.file_index[path]
        ids = self.by_file[path]
        text = doc.text
        ranges = [finding_range(text, self.findings[i]) for i in ids]
        pieces = line_pieces(text, ranges)
        backlinks = self._backlinks(path)
        rows = []
        content = text.content
        for line, start, line_text in text.lines():
            if line in pieces:
                body = "".join(self._piece(content, p, ids) for p in pieces[line])
            else:
                body = draft_text(line_text)
            back = backlinks.get(line, "")
            rows.append(f'<div class="l" id="f{k}-L{line}"><a class="n" href="#f{k}-L{line}">{line}</a>'
                        f'<span class="t">{body}</span>{back}</div>')
        listing = "".join(self._card(i) for i in ids)
        empty = "" if ids else '<p class="none">未发现问题</p>'
        return (f'<section class="draft" id="f{k}"><h2>{esc(path)}'
                f'<span class="cnt" data-file-count="{k}">{len(ids)}</span></h2>'
                f'<div class="cols"><div class="doc">{"".join(rows)}</div>'
                f'<aside class="findings"><ol class="fl">{listing}</ol>{empty}</aside></div></section>')

    def _piece(self, content: str, p, ids: list[int]) -> str:
        text = draft_text(content[p.start:p.end])
        if not p.ids:
            return text
        found = [self.findings[ids[j]] for j in p.ids]
        worst = max(found, key=lambda f: SEVERITIES.index(f.severity)).severity
        numbers = " ".join(str(ids[j]) for j in p.ids)
        title = esc("\n".join(f"{f.code} {f.message}" for f in found))
        point = " pt" if p.start == p.end else ""
        return f'<mark class="hl{point} s-{worst}" data-f="{numbers}" title="{title}">{text}</mark>'

    def _card(self, i: int) -> str:
        f = self.findings[i]
        k = self.file_index[f.path]
        rule = self.rule_anchor[f.code]
        parts = [f'<li class="fd s-{f.severity}" id="d{i}" data-i="{i}">',
                 f'<a class="where" href="#f{k}-L{f.line}">{esc(_where(f))}</a>',
                 f'<span class="sev s-{f.severity}">{_WORD[f.severity]}</span>',
                 f'<a class="code" href="#{rule}" title="规则说明">{esc(f.code)}</a>',
                 f'<span class="msg">{esc(f.message)}</span>']
        hint = suggestion(f)
        if hint:
            parts.append(f'<span class="sug">建议：{esc(hint)}</span>')
        for r in f.related:
            parts.append(f'<span class="rel">另见：{self._place(r.path, r.line, r.column)}'
                         f'{"（" + esc(r.message) + "）" if r.message else ""}</span>')
        parts.append("</li>")
        return "".join(parts)

    def _place(self, path: str, line: int, column: int) -> str:
        k = self.file_index.get(path)
        label = esc(f"{path}:{line}:{column}")
        return f'<a href="#f{k}-L{line}">{label}</a>' if k is not None else label

    def _backlinks(self, path: str) -> dict[int, str]:
        """Lines that a finding elsewhere names as related (the first occurrence of a duplicate,
        the other draft of a pair) link back to that finding."""
        links: dict[int, list[str]] = {}
        for i, f in enumerate(self.findings):
            for r in f.related:
                if r.path == path:
                    links.setdefault(r.line, []).append(f'<a href="#d{i}" title="{esc(f.code + " " + f.message)}">'
                                                        f"↩{esc(f.code)}</a>")
        return {line: '<span class="back">' + " ".join(items) + "</span>" for line, items in links.items()}

    # -- summary and rule explanations -----------------------------------------------------------

    def _summary(self) -> str:
        cat = Counter(f.category for f in self.findings)
        code = Counter(f.code for f in self.findings)
        rows_cat = "".join(f"<tr><td>{esc(_CATEGORY.get(c, c))}（{esc(c)}）</td><td class=\"num\">{n}</td></tr>"
                           for c, n in cat.most_common())
        rows_rule = "".join(
            f'<tr><td><a href="#{self.rule_anchor[c]}">{esc(c)}</a></td>'
            f"<td>{esc(self.rules[c].name if c in self.rules else '')}</td><td class=\"num\">{n}</td></tr>"
            for c, n in sorted(code.items(), key=lambda kv: (-kv[1], kv[0])))
        per_file = sorted(((len(ids), p) for p, ids in self.by_file.items()), key=lambda x: (-x[0], x[1]))[:10]
        rows_file = "".join(f"<tr><td>{self._file_link(p)}</td><td class=\"num\">{n}</td></tr>"
                            for n, p in per_file)
        errors = "".join(f"<li>{esc(e)}</li>" for e in self.result.errors)
        return ('<section class="summary" id="summary"><h2>汇总</h2><div class="tables">'
                f"<table><tr><th>类别</th><th>问题</th></tr>{rows_cat}</table>"
                f"<table><tr><th>规则</th><th>名称</th><th>问题</th></tr>{rows_rule}</table>"
                f"<table><tr><th>问题最多的文件</th><th>问题</th></tr>{rows_file}</table></div>"
                + (f'<h3>未能检查</h3><ul class="errors">{errors}</ul>' if errors else "") + "</section>")

    def _file_link(self, path: str) -> str:
        k = self.file_index.get(path)
        return f'<a href="#f{k}">{esc(path)}</a>' if k is not None else esc(path)

    def _explanations(self) -> str:
        parts = ['<section class="rules" id="rules"><h2>规则说明</h2>']
        for code, anchor in self.rule_anchor.items():
            r = self.rules.get(code)
            if r is None:
                parts.append(f'<article class="rule" id="{anchor}"><h3>{esc(code)}</h3></article>')
                continue
            desc = "".join(f"<p>{esc(p)}</p>" for p in r.description.splitlines() if p.strip())
            std = f"<p>依据：{esc(r.standard)}</p>" if r.standard else ""
            examples = "".join(f'<div>{label}：</div><pre class="{kind}">{esc(ex.rstrip(chr(10)))}</pre>'
                               for kind, label in (("bad", "不符合"), ("good", "符合"))
                               for ex in r.examples.get(kind, [])[:2])
            parts.append(f'<article class="rule" id="{anchor}"><h3>{esc(r.code)} {esc(r.name)}</h3>'
                         f'<div class="meta">{esc(_CATEGORY.get(r.category, r.category))} · '
                         f"{_WORD.get(r.severity, esc(r.severity))}</div>{desc}{std}{examples}</article>")
        parts.append("</section>")
        return "".join(parts)

    def _data(self) -> str:
        data = {"findings": [{"k": self.file_index.get(f.path, -1), "s": f.severity, "c": f.category,
                              "r": f.code, "h": self.heading_of.get(i, -1), "m": f.message}
                             for i, f in enumerate(self.findings)],
                "headings": self.headings}
        return f'<script type="application/json" id="planlint-data">{script_json(data)}</script>'


def _where(f) -> str:
    """行:列, or Word's own name for the place in a .docx (第12段, 表2 第3行第2列)."""
    location = getattr(f, "location", None)
    return location["label"] if location and location.get("label") else f"{f.line}:{f.column}"


def _heading_name(label: str, title: str) -> str:
    """第一章 总则, 四、健全机制, （一）指导思想: a space only after a label that ends in a character."""
    return label + title if label.endswith(("、", "）", ")", ".", "．")) else f"{label} {title}"


def script_json(data) -> str:
    """JSON that cannot end its <script> element or open a comment inside it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                     ("\u2029", "\\u2029")):
        text = text.replace(ch, code)
    return text


def _sha256(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


