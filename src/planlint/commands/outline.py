"""planlint outline FILE: show the heading tree the parser built."""
from __future__ import annotations


import click

from planlint.commands.options import color_option, echo_json, format_option, load_one



def heading_dict(h) -> dict:
    return {
        "kind": h.kind, "number": h.number, "label": h.label(), "marker": h.marker, "form": h.form,
        "title": h.title, "line": h.line, "run_in": h.run_in,
        "children": [heading_dict(c) for c in h.children],
    }


def outline_dict(doc) -> dict:
    return {
        "path": doc.path, "encoding": doc.text.encoding, "lines": doc.text.line_count,
        "toc": [{"kind": e.kind, "number": e.number, "label": e.label(), "title": e.title, "line": e.line}
                for e in doc.toc],
        "headings": [heading_dict(h) for h in doc.tree_roots()],
        "captions": [{"kind": h.kind, "number": h.number, "label": h.label(), "title": h.title, "line": h.line}
                     for h in doc.headings if h.is_caption],
    }


@click.command()
@click.argument("path", type=click.Path())
@format_option("text", "json")
@color_option
def outline(path, fmt, color):
    """显示文稿的篇、章、节、各级序号、专栏和图表标题结构。"""
    doc = load_one(path)
    if fmt == "json":
        echo_json(outline_dict(doc))
        return
    from planlint.text.termsafe import markup as escape
    from rich.tree import Tree

    root = Tree(f"[bold]{escape(doc.path)}[/]  [dim]{doc.text.encoding}, {doc.text.line_count} 行[/]")
    if doc.toc:
        toc = root.add(f"[magenta]目录[/] [dim]({len(doc.toc)} 项)[/]")
        for e in doc.toc:
            toc.add(f"{escape(e.label())} {escape(e.title)} [dim]:{e.line}[/]")

    def add(branch, h):
        style = "cyan" if h.kind == "box" else "bold" if h.kind in ("annex", "pian", "zhang") else ""
        run_in = " [dim](接正文)[/]" if h.run_in else ""
        node = branch.add(f"[{style or 'default'}]{escape(h.label())}[/] {escape(h.title)}{run_in} [dim]:{h.line}[/]")
        for c in h.children:
            add(node, c)
        for cap in captions.get(id(h), []):
            node.add(f"[cyan]{escape(cap.label())}[/] {escape(cap.title)} [dim]:{cap.line}[/]")

    captions: dict[int, list] = {}
    for h in doc.headings:
        if h.kind in ("table", "figure"):
            captions.setdefault(id(h.parent), []).append(h)
    for h in doc.tree_roots():
        add(root, h)
    for cap in captions.get(id(None), []):
        root.add(f"[cyan]{escape(cap.label())}[/] {escape(cap.title)} [dim]:{cap.line}[/]")
    from planlint.report import console as console_mod

    console_mod.make(color=console_mod.wants_color(color)).print(root)
