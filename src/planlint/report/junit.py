"""JUnit XML for CI test-report widgets: a test suite per file, a test case per file × rule,
failed when the rule found something in that file."""
from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree as ET

from planlint.text.termsafe import escape


def document(result) -> ET.Element:
    rules = {r.code: r for r in result.rules}
    by_case: dict[tuple[str, str], list] = defaultdict(list)
    for f in result.findings:
        by_case[(f.path, f.code)].append(f)
    root = ET.Element("testsuites", name="planlint")
    total = failures = errors = 0
    for file in result.files:
        # paths and quoted spans are escaped: XML 1.0 forbids most controls and U+FFFE/U+FFFF, and a
        # CI log that prints the body must not read a newline + "::error" as a workflow command
        shown = escape(file.path)
        suite = ET.SubElement(root, "testsuite", name=shown)
        codes = sorted(set(file.codes or rules) | {c for p, c in by_case if p == file.path})
        n_fail = n_err = 0
        if file.error:
            case = ET.SubElement(suite, "testcase", name="read", classname=shown)
            ET.SubElement(case, "error", message=escape(file.error)).text = escape(file.error)
            n_err += 1
        for code in codes:
            name = f"{code} {rules[code].name}" if code in rules else code
            case = ET.SubElement(suite, "testcase", name=name, classname=shown)
            found = by_case.get((file.path, code), [])
            if found:
                n_fail += 1
                body = "\n".join(f"{shown}:{f.line}:{f.column}: [{f.severity}] {escape(f.message)}" for f in found)
                ET.SubElement(case, "failure", message=f"{len(found)} 个问题", type=code).text = body
        count = len(codes) + (1 if file.error else 0)
        suite.set("tests", str(count))
        suite.set("failures", str(n_fail))
        suite.set("errors", str(n_err))
        total, failures, errors = total + count, failures + n_fail, errors + n_err
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    return root


def render(result, out, options) -> None:
    root = document(result)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
