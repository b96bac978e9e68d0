"""planlint targets PATH: the targets stated in the text and the rows of indicator tables."""
from __future__ import annotations


import click

from planlint.commands.options import color_option, echo_json, format_option, load_one



def targets_dict(doc) -> dict:
    from planlint.document import target_statements as TS
    from planlint.document import tables as T

    text_targets = [t.to_dict(doc) for t in TS.targets(doc)]
    indicators = []
    for table in T.tables(doc):
        for ind in table.indicators:
            row = {"name": ind.clean_name, "unit": ind.unit_text, "line": ind.row.line,
                   "attribute": ind.attribute.text if ind.attribute is not None else ""}
            for role, cell in ind.values.items():
                col = table.column(role)
                row[role] = {"text": cell.text, "value": T.number_of(cell.text),
                             "year": col.year if col is not None else None}
            indicators.append(row)
    return {"path": doc.path, "targets": text_targets, "indicators": indicators}


@click.command()
@click.argument("path", type=click.Path())
@format_option("text", "json")
@color_option
def targets(path, fmt, color):
    """列出文稿正文中的目标表述（指标、动词、数值、年份）和主要指标表中的指标。"""
    doc = load_one(path)
    data = targets_dict(doc)
    if fmt == "json":
        echo_json(data)
        return
    from rich.table import Table

    from planlint.report import console as console_mod
    from planlint.text.termsafe import escape

    # every cell is draft text: no markup, no emoji codes
    console = console_mod.make(color=console_mod.wants_color(color), markup=False)
    table = Table(title=f"{escape(doc.path)}：正文中的目标（{len(data['targets'])} 项）")
    for name in ("行", "指标", "动词", "数值", "单位", "限定", "年份"):
        table.add_column(name)
    for t in data["targets"]:
        table.add_row(str(t["line"]), escape(t["subject"]), escape(t["verb"]), f"{t['value']:g}", escape(t["unit"]),
                      escape("、".join(t["qualifiers"])), str(t["year"] or ""))
    console.print(table)
    if data["indicators"]:
        ind_table = Table(title=f"指标表（{len(data['indicators'])} 项）")
        for name in ("行", "指标", "单位", "基期", "目标", "年均/累计", "属性"):
            ind_table.add_column(name)
        for row in data["indicators"]:
            def cell(role):
                c = row.get(role)
                return "" if c is None else escape(f"{c['text']}（{c['year']}）" if c["year"] else c["text"])

            ind_table.add_row(str(row["line"]), escape(row["name"]), escape(row["unit"]), cell("base"), cell("target"),
                              cell("growth"), escape(row["attribute"]))
        console.print(ind_table)
