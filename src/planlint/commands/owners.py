"""planlint owners FILE: the units × tasks matrix of a task-division plan — who leads what, who
takes part in what."""
from __future__ import annotations

import csv
import sys

import click

from planlint.document.assignments import LEAD, RESPONSIBLE, SUPPORT, Analysis, analyse, shorten
from planlint.commands.options import color_option, echo_json, format_option, load_one, load_rules, rules_option

ROLE_CELL = {LEAD: "牵头", RESPONSIBLE: "责任", SUPPORT: "配合"}


def _params(rule_files) -> dict:
    """The recognition parameters as the rule set configures them (RSP101's, the missing-owner rule)."""
    for rule in load_rules(rule_files).rules:
        if rule.kind == "responsibility.missing":
            return rule.params
    return {}


def matrix(a: Analysis) -> dict:
    """Tasks with their owners, and units with the tasks they lead or take part in."""
    tasks, units = [], {}
    for i, t in enumerate(a.tasks, 1):
        tid = t.label()
        row = {"id": tid, "line": t.heading.line, "title": t.heading.title, "owned": t.owned,
               "lead": [], "responsible": [], "support": [], "deadline": "", "attribute": ""}
        for c in t.clauses + t.inherited:
            row["deadline"] = row["deadline"] or c.deadline
            row["attribute"] = row["attribute"] or c.attribute
            for u in c.units:
                if u.name not in row[u.role]:
                    row[u.role].append(u.name)
                entry = units.setdefault(u.name, {"name": u.name, "lead": [], "responsible": [], "support": []})
                if tid not in entry[u.role]:
                    entry[u.role].append(tid)
        tasks.append(row)
    return {"tasks": tasks, "units": list(units.values())}


@click.command()
@click.argument("path", type=click.Path())
@format_option("text", "csv", "json")
@rules_option
@color_option
def owners(path, fmt, rule_files, color):
    """列出任务分工方案的单位×任务矩阵：每个单位牵头哪些任务、参与哪些任务。"""
    doc = load_one(path)
    params = _params(rule_files)
    recognised = analyse(doc, params).is_plan
    a = analyse(doc, params, force=True)
    data = matrix(a)
    if fmt == "json":
        echo_json({"path": doc.path, "task_plan": recognised, **data})
    elif fmt == "csv":
        _csv(data)
    else:
        _text(doc.path, recognised, data, color)


def _csv(data: dict) -> None:
    """One row per unit, one column per task; a cell says 牵头, 责任 or 配合."""
    out = csv.writer(sys.stdout, lineterminator="\n")
    ids = [t["id"] for t in data["tasks"]]
    out.writerow(["单位", "牵头任务数", "参与任务数", *ids])
    for u in data["units"]:
        role = {tid: ROLE_CELL[r] for r in (SUPPORT, RESPONSIBLE, LEAD) for tid in u[r]}
        out.writerow([u["name"], len(u["lead"]), len(u["responsible"]) + len(u["support"]),
                      *(role.get(tid, "") for tid in ids)])


def _text(path: str, recognised: bool, data: dict, color: str) -> None:
    from planlint.text.termsafe import markup as escape
    from rich.table import Table

    from planlint.report import console as console_mod

    console = console_mod.make(color=console_mod.wants_color(color))
    tasks, units = data["tasks"], data["units"]
    missing = [t for t in tasks if not t["owned"]]
    note = "" if recognised else "（未识别为任务分工方案，按分工方案解析）"
    console.print(f"[bold]{escape(path)}[/]  {len(tasks)} 项任务，{len(units)} 个单位，"
                  f"{len(missing)} 项未标注责任单位{note}", soft_wrap=True)
    if not units and not tasks:
        return
    table = Table(show_lines=False)
    table.add_column("单位", overflow="fold")
    table.add_column("牵头", justify="right")
    table.add_column("参与", justify="right")
    table.add_column("牵头的任务", overflow="fold", ratio=1)
    table.add_column("参与的任务", overflow="fold", ratio=1)
    for u in sorted(units, key=lambda u: (-len(u["lead"]), -len(u["responsible"]) - len(u["support"]))):
        part = u["responsible"] + [f"{tid}（配合）" for tid in u["support"]]
        table.add_row(escape(u["name"]), str(len(u["lead"])), str(len(part)), escape(" ".join(u["lead"])),
                      escape(" ".join(part)))
    console.print(table)
    if missing:
        gaps = Table(title="未标注责任单位的任务")
        gaps.add_column("任务")
        gaps.add_column("行", justify="right")
        gaps.add_column("标题")
        for t in missing:
            gaps.add_row(escape(t["id"]), str(t["line"]), escape(shorten(t["title"], 30)))
        console.print(gaps)
