"""Indicator tables (主要指标表): rows of tab-separated cells in .txt drafts, pipe tables in .md,
and tables laid out one cell per line (web pages and PDF extraction: 指标 / 单位 / 2020年 / 2025年 /
属性 each on a line of its own, then the rows cell by cell).

A table is a run of consecutive `table` blocks, or a run of short body lines that begins with a
header whose every cell names a known column. Its first row is the header; the columns are
recognised by their headers (指标, 单位, 2020年, 2025年, 年均/累计, 属性), and each row becomes an
Indicator that the target checks compare with the text.
"""
from __future__ import annotations

import re

import msgspec

from planlint.document.model import Document, Span
from planlint.text import lazyre

_SEPARATOR_CELL = lazyre.compile(r"^:?-{2,}:?$")
_YEAR = lazyre.compile(r"(?:19|20)\d{2}")
_UNIT_SUFFIX = lazyre.compile(r"[（(]([^（）()]{1,12})[）)]\s*$")
_NUMBER = lazyre.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")


class Cell(msgspec.Struct):
    text: str      # stripped
    span: Span     # the stripped text in the document


class Row(msgspec.Struct):
    line: int
    cells: list[Cell]


class Column(msgspec.Struct):
    index: int
    role: str      # index | category | name | unit | base | target | growth | attribute | value | other
    header: Cell
    year: int | None = None


class Indicator(msgspec.Struct):
    row: Row
    name: Cell
    unit: Cell | None              # the 单位 cell
    suffix_unit: str               # the unit written after the name: 城镇化率（%）
    suffix_span: Span | None
    values: dict[str, Cell] = msgspec.field(default_factory=dict)  # role -> cell
    attribute: Cell | None = None

    @property
    def clean_name(self) -> str:
        text = self.name.text
        m = _UNIT_SUFFIX.search(text)
        if m:
            text = text[: m.start()]
        return re.sub(r"[\s*＊]", "", text)

    @property
    def unit_text(self) -> str:
        return (self.unit.text if self.unit is not None and self.unit.text not in ("", "—", "-") else
                self.suffix_unit)


class Table(msgspec.Struct):
    header: Row
    rows: list[Row]
    columns: list[Column]
    indicators: list[Indicator] = msgspec.field(default_factory=list)

    def column(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.role == role), None)


def split_row(text: str, start: int) -> list[Cell]:
    """Cells with their offsets: pipes when the row has them, tabs otherwise."""
    sep = "|" if text.count("|") >= 2 or text.lstrip().startswith("|") else "\t"
    cells, pos = [], 0
    for part in text.split(sep):
        stripped = part.strip(" \u3000\t")
        lead = len(part) - len(part.lstrip(" \u3000\t"))
        cells.append(Cell(stripped, Span(start + pos + lead, start + pos + lead + len(stripped))))
        pos += len(part) + 1
    if sep == "|":
        if cells and not cells[0].text:
            cells = cells[1:]
        if cells and not cells[-1].text:
            cells = cells[:-1]
    return cells


def tables(doc: Document) -> list[Table]:
    return doc.memo("tables", _tables)


def _tables(doc: Document) -> list[Table]:
    out = _row_tables(doc) + [t for t in (_table(rows) for rows in cell_per_line_groups(doc)) if t is not None]
    return sorted(out, key=lambda t: t.header.line)


def _row_tables(doc: Document) -> list[Table]:
    groups: list[list[Row]] = []
    previous = None
    content = doc.text.content
    for block in doc.blocks:
        if block.kind != "table":
            previous = block
            continue
        cells = split_row(content[block.span.start:block.span.end], block.span.start)
        if all(_SEPARATOR_CELL.match(c.text) for c in cells if c.text):
            continue  # the |---|---| line of a Markdown table
        if previous is None or previous.kind != "table" or block.line - previous.line > 2:
            groups.append([])
        groups[-1].append(Row(block.line, cells))
        previous = block
    out = []
    for rows in groups:
        table = _table(rows)
        if table is not None:
            out.append(table)
    return out


def _role(text: str) -> str:
    t = re.sub(r"\s", "", text)
    if t in ("序号", "编号"):
        return "index"
    if t in ("类别", "分类", "领域", "类型", "维度"):
        return "category"
    if "属性" in t or t in ("性质", "指标性质", "指标属性"):
        return "attribute"
    if t.startswith("单位") or t in ("计量单位",):
        return "unit"
    if "年均" in t or "累计" in t:
        return "growth"
    if _YEAR.search(t) or any(w in t for w in ("基期", "目标", "现状", "规划值", "预期值")):
        return "value"
    if "指标" in t or t in ("名称", "项目"):
        return "name"
    return "other"


def _table(rows: list[Row]) -> Table | None:
    header, body = rows[0], rows[1:]
    columns = []
    for i, cell in enumerate(header.cells):
        role = _role(cell.text)
        m = _YEAR.search(cell.text)
        columns.append(Column(i, role, cell, int(m.group()) if m else None))
    values = [c for c in columns if c.role == "value"]
    if not any(c.role == "name" for c in columns) or not values:
        return Table(header, body, columns)
    # the first value column is the base, the last the target, unless their headers say otherwise
    base = next((c for c in values if "基期" in c.header.text or "现状" in c.header.text), values[0])
    target = next((c for c in values if "目标" in c.header.text and c is not base), values[-1])
    if target is not base:
        base.role, target.role = "base", "target"
    table = Table(header, body, columns)
    width = len(columns)
    for row in body:
        cells = row.cells
        if len(cells) < width:
            # merged cells (类别) are lost in extracted text: align the row from the right
            cells = [Cell("", Span(cells[0].span.start, cells[0].span.start))] * (width - len(cells)) + cells
        ind = _indicator(table, row, cells)
        if ind is not None:
            table.indicators.append(ind)
    return table


def _indicator(table: Table, row: Row, cells: list[Cell]) -> Indicator | None:
    by_role: dict[str, Cell] = {}
    for col in table.columns:
        if col.index < len(cells):
            by_role.setdefault(col.role, cells[col.index])
    name = by_role.get("name")
    if name is None or not name.text or _NUMBER.fullmatch(name.text):
        return None
    values = {r: by_role[r] for r in ("base", "target", "growth") if r in by_role and by_role[r].text}
    if not values:
        return None  # a category row
    m = _UNIT_SUFFIX.search(name.text)
    suffix = m.group(1).strip() if m and not _YEAR.search(m.group(1)) else ""
    suffix_span = Span(name.span.start + m.start(1), name.span.start + m.end(1)) if suffix else None
    return Indicator(row, name, by_role.get("unit"), suffix, suffix_span, values, by_role.get("attribute"))


def number_of(cell_text: str) -> float | None:
    """The number in a value cell: 65, ＞7, 〔13.5〕, 60左右 → 65, 7, 13.5, 60. None if none."""
    m = _NUMBER.search(cell_text)
    if m is None:
        return None
    from planlint.text.numerals import to_halfwidth_digits

    try:
        return float(to_halfwidth_digits(m.group()).replace("．", "."))
    except ValueError:
        return None


# ---------------------------------------------------------------- one cell per line

_CELL_MAX = 40           # a cell of a table laid out one cell per line is a short line ...
_CELL_FINAL = "。；;"     # ... that is not a sentence
_HEADER_MIN = 3
_HEADER_MAX = 12
_DASHES = ("—", "-", "－", "——", "/", "／", "…", "")
_VALUE_WORDS = lazyre.compile(r"[0-9０-９]|下达|完成|控制|达到|基本|全面|稳定|持续|以上|以下|提高|下降|增长")


def cell_per_line_groups(doc: Document) -> list[list[Row]]:
    """Tables laid out one cell per line, as rows of cells: a header of at least three lines that
    each name a column (one of them the indicator name, one a value), then rows of as many lines,
    each cell fitting its column. Ordinary short lines are not a table: their first lines do not
    all name columns, and their cells do not fit."""
    lines = _short_line_runs(doc)
    out = []
    for run in lines:
        i = 0
        while i < len(run):
            header, width = _header_at(run, i)
            if header is None:
                i += max(1, width)  # past the column names that did not make a header: linear time
                continue
            rows = [header]
            j = i + width
            while j < len(run):
                row = _fitting_row(header, run, j)
                if row is None:
                    break
                rows.append(row)
                j += len(row.cells)
            if len(rows) > 1:
                for row in rows:
                    row.line = doc.text.pos(row.cells[0].span.start).line
                out.append(rows)
            i = j
    return out


def _short_line_runs(doc: Document) -> list[list[Cell]]:
    """Runs of short body lines with only blank lines between them, as cells."""
    content = doc.text.content
    runs: list[list[Cell]] = []
    previous = None
    for block in doc.blocks:
        text = content[block.span.start:block.span.end]
        short = (block.kind == "body" and len(text) <= _CELL_MAX and not any(c in text for c in _CELL_FINAL)
                 and not content[doc.text.line_start(block.line):block.span.start].strip())
        if not short:
            previous = None
            continue
        cell = Cell(text.strip(" \u3000\t"), block.span)
        if previous is None or block.line - previous.line > 3 or content[previous.span.end:block.span.start].strip():
            runs.append([])
        runs[-1].append(cell)
        previous = block
    return [r for r in runs if len(r) >= 2 * _HEADER_MIN]


def _header_at(run: list[Cell], i: int) -> tuple[Row | None, int]:
    """The header that starts at run[i] and how many lines it takes; (None, n) when the n lines
    that name columns there do not make one."""
    roles = []
    j = i
    while j < len(run) and _role(run[j].text) != "other":
        roles.append(_role(run[j].text))
        j += 1
    if (not _HEADER_MIN <= len(roles) <= _HEADER_MAX or "name" not in roles
            or not ({"value", "growth"} & set(roles))):
        return None, j - i
    return Row(0, run[i:j]), j - i


def _fitting_row(header: Row, run: list[Cell], j: int) -> Row | None:
    """The row that starts at run[j]: as many cells as the header, or one fewer when the first
    column is a category (its cell merged over several rows)."""
    roles = [_role(c.text) for c in header.cells]
    widths = [len(roles)] + ([len(roles) - 1] if roles[0] == "category" else [])
    for width in widths:
        cells = run[j:j + width]
        if len(cells) == width and all(_fits(r, c.text) for r, c in zip(roles[len(roles) - width:], cells)):
            return Row(0, cells)
    return None


def _fits(role: str, text: str) -> bool:
    numeric = bool(_NUMBER.fullmatch(text.strip()))
    if role == "index":
        return numeric
    if role in ("name", "category"):
        # an indicator's name may contain a header word (单位GDP能耗, 年均增长率), not be one
        return bool(text) and not numeric and (len(text) > 4 or _role(text) == "other")
    if role == "unit":
        return len(text) <= 10 and not numeric
    if role in ("value", "growth"):
        return len(text) <= 20 and (text in _DASHES or bool(_VALUE_WORDS.search(text)))
    if role == "attribute":
        return text in _DASHES or text.endswith("性")
    return True
