"""planlint indicators FILE...: every indicator of each draft, every place it is stated, the values,
and whether they agree (the indicator model of planlint.document.observations)."""
from __future__ import annotations


import click

from planlint.commands.options import color_option, echo_json, format_option, load_one

STATUS_LABEL = {"agrees": "一致", "differs": "不一致", "": ""}
PLAN_LABEL = {"agrees": "与纲要一致", "differs": "与纲要不一致", "": ""}
SOURCE_LABEL = {"table": "指标表", "box": "专栏", "text": "正文"}
COLUMNS = ("indicator", "name", "path", "line", "source", "role", "year", "year_source", "written", "value",
           "unit", "qualifier", "attribute", "match", "status", "plan_status", "plan_line")


def plan_comparisons(docs) -> dict[int, object]:
    """id(companion observation) -> its companions.Comparison, for the pairs among these drafts."""
    from planlint.document import companion_pairs as C

    return {id(c.observation): c for pair in C.pairs(docs) for c in C.compare(pair)}


def rows(doc, compared: dict | None = None) -> list[dict]:
    """One row per observation, grouped by indicator in order of first statement; a companion's
    rows also say whether its plan (linted alongside) agrees."""
    from planlint.document import observations as I

    m = I.model(doc)
    status = I.reconcile(m)
    compared = compared or {}
    order: dict[str, int] = {}
    for o in m.observations:
        order.setdefault(o.indicator, len(order))
    out = []
    for o in sorted(m.observations, key=lambda o: (order[o.indicator], o.start)):
        row = o.to_dict()
        row["indicator"] = m.display.get(o.indicator, o.indicator)
        row.update(path=doc.path, status=status.get(id(o), ""))
        c = compared.get(id(o))
        row.update(plan_status="" if c is None else "agrees" if c.agrees else "differs",
                   plan_line=None if c is None else c.plan.line)
        out.append(row)
    return out


def period_dict(doc) -> dict:
    from planlint.document import observations as I

    p = I.period(doc)
    return {"base": p.base, "target": p.target, "source": p.source}


def _shown(value) -> str:
    """Cell text for a terminal: control characters escaped, no rich markup."""
    from planlint.text.termsafe import markup as escape

    return escape("" if value is None else str(value))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option("text", "json", "csv")
@color_option
def indicators(paths, fmt, color):
    """列出文稿中每项指标的全部表述（正文、指标表、专栏）、数值、年份及是否一致。"""
    docs = [load_one(p) for p in paths]
    compared = plan_comparisons(docs)
    if fmt == "json":
        echo_json({"version": 1, "files": [{"path": d.path, "period": period_dict(d),
                                            "observations": rows(d, compared)} for d in docs]})
        return
    if fmt == "csv":
        import csv
        import sys

        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for d in docs:
            writer.writerows(rows(d, compared))
        return
    _print(docs, compared, color)


def _print(docs, compared, color) -> None:
    from rich.table import Table

    from planlint.report import console as console_mod

    from planlint.document.observations import ROLE_LABEL, STATED, TABLE_HEADER

    console = console_mod.make(color=console_mod.wants_color(color))
    for d in docs:
        data = rows(d, compared)
        period = period_dict(d)
        span = f"基期{period['base']}年、目标年{period['target']}年（{period['source']}）" if period["target"] else "规划期不明"
        table = Table(title=f"{_shown(d.path)}：{len({r['indicator'] for r in data})} 项指标，{span}")
        for name in ("指标", "位置", "来源", "口径", "年份", "数值", "属性", "比对"):
            table.add_column(name)
        previous = None
        for r in data:
            year = "" if r["year"] is None else str(r["year"]) + ("" if r["year_source"] in (STATED, TABLE_HEADER)
                                                                  else f"（{r['year_source']}）")
            name = r["indicator"] if r["indicator"] != previous else ""
            if r["name"] != r["indicator"]:
                name = f"{name}（{r['name']}）" if name else f"（{r['name']}）"
            previous = r["indicator"]
            table.add_row(_shown(name), f"{r['line']}", SOURCE_LABEL[r["source"]], ROLE_LABEL[r["role"]],
                          _shown(year), _shown(r["written"]), _shown(r["attribute"]),
                          "；".join(x for x in (STATUS_LABEL[r["status"]], PLAN_LABEL[r["plan_status"]]) if x)
                          + ("（近似名称）" if r["match"] == "similar" else ""))
        console.print(table)
