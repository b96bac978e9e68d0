"""Indicator tables (主要指标表): rows of tab-separated cells in .txt drafts, pipe tables in .md.

A table is a run of consecutive `table` blocks. Its first row is the header; the columns are
recognised by their headers (指标, 单位, 2020年, 2025年, 年均/累计, 属性), and each row becomes an
Indicator that the target checks compare with the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Document, Span

_SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_UNIT_SUFFIX = re.compile(r"[（(]([^（）()]{1,12})[）)]\s*$")
_NUMBER = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")


@dataclass
class Cell:
    text: str      # stripped
    span: Span     # the stripped text in the document


@dataclass
class Row:
    line: int
    cells: list[Cell]


@dataclass
class Column:
    index: int
    role: str      # index | category | name | unit | base | target | growth | attribute | value | other
    header: Cell
    year: int | None = None


@dataclass
class Indicator:
    row: Row
    name: Cell
    unit: Cell | None              # the 单位 cell
    suffix_unit: str               # the unit written after the name: 城镇化率（%）
    suffix_span: Span | None
    values: dict[str, Cell] = field(default_factory=dict)  # role -> cell
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


@dataclass
class Table:
    header: Row
    rows: list[Row]
    columns: list[Column]
    indicators: list[Indicator] = field(default_factory=list)

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
    if "属性" in t or t in ("性质", "指标性质"):
        return "attribute"
    if t.startswith("单位") or t in ("计量单位",):
        return "unit"
    if "年均" in t or "累计" in t:
        return "growth"
    if _YEAR.search(t) or any(w in t for w in ("基期", "目标", "现状", "规划值")):
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
    from .numerals import to_halfwidth_digits

    try:
        return float(to_halfwidth_digits(m.group()).replace("．", "."))
    except ValueError:
        return None
