"""The HTML report of a large draft in a real browser: how long the page takes to write, to load,
and to update after a click on a filter.

    python bench/bench_html.py            # table on stdout, JSON in bench/results_html.json
    python bench/bench_html.py --quick    # a smaller draft, no JSON

The page is the report of a ~200 KB draft with 500 findings of the real rules at seeded random
spans (tests/test_html_report.py opens the same page to check that its filters work). It is opened
by playwright in the system chromium (apt-get install chromium); without either this says so and
exits 2. A click is timed inside the page: the click, the page's update and the next two frames.
Targets (the bounds the test used to assert): written < 5 s, loaded < 10 s, each click < 1 s.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# warning off, warning on, every rule off, every rule on: the page ends showing every finding
CLICKS = ("input[data-g=s][value=warning]", "input[data-g=s][value=warning]",
          "fieldset:has(input[data-g=r]) button[data-all='0']",
          "fieldset:has(input[data-g=r]) button[data-all='1']")
TIMED_CLICK = """selector => new Promise(done => {
    const start = performance.now();
    document.querySelector(selector).click();
    requestAnimationFrame(() => requestAnimationFrame(() => done((performance.now() - start) / 1000)));
})"""


def large_result(folder: Path, size_bytes: int = 200_000, count: int = 500):
    """A draft of size_bytes with count findings of the real rules at random spans (seeded)."""
    from planlint.document import parser, source
    from planlint.document.model import Finding
    from planlint.ruleset import loader
    from planlint.workflow.engine import FileResult, RunResult

    rng = random.Random(16)
    sentences = ["推进重点流域综合治理，新建生态护岸三十公里。", "完善城乡公共服务体系，提升基层治理能力。",
                 "健全生态补偿机制，落实横向补偿办法。", "加快数字政府建设，推动政务数据共享。"]
    lines, size, chapter = [], 0, 0
    while size < size_bytes:
        if len(lines) % 40 == 0:
            chapter += 1
            lines.append(f"第{chapter}章 重点任务")
        elif len(lines) % 8 == 0:
            lines.append(f"{len(lines) % 40 // 8}.推进专项行动")
        else:
            lines.append("".join(rng.choice(sentences) for _ in range(4)))
        size += len(lines[-1].encode("utf-8")) + 1
    draft = folder / "large.txt"
    draft.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = parser.build(source.read(str(draft), "large.txt"), "txt")
    rules = [r for r in loader.load().rules if r.enabled][:30]
    findings = []
    for _ in range(count):
        line = rng.randrange(1, len(lines) + 1)
        col = rng.randrange(1, max(2, len(lines[line - 1])))
        end = min(len(lines[line - 1]) + 1, col + rng.randrange(1, 12))
        r = rng.choice(rules)
        findings.append(Finding("large.txt", line, col, line, max(end, col + 1), r.code, r.name, r.category,
                                r.severity, f"{r.name} 的示例问题"))
    findings.sort(key=Finding.sort_key)
    return RunResult([FileResult("large.txt", "utf-8", len(lines), count)], findings, rules, documents=[doc])


def measure(folder: Path, size_bytes: int, count: int) -> dict:
    from playwright.sync_api import sync_playwright

    from planlint.report import html as html_report

    result = large_result(folder, size_bytes, count)
    page_file = folder / "large.html"
    start = time.perf_counter()
    with open(page_file, "w", encoding="utf-8") as out:
        html_report.render(result, out, None)
    written = time.perf_counter() - start
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        page = browser.new_page()
        start = time.perf_counter()
        page.goto(page_file.as_uri())
        page.wait_for_selector("html[data-ready='1']", timeout=60_000)
        loaded = time.perf_counter() - start
        clicks = [page.evaluate(TIMED_CLICK, selector) for selector in CLICKS]
        shown = page.inner_text("#shown")
        browser.close()
    return {"page_kb": page_file.stat().st_size // 1024, "findings": count, "shown_after_clicks": shown,
            "written_s": round(written, 3), "loaded_s": round(loaded, 3),
            "clicks_s": [round(c, 3) for c in clicks],
            "within_targets": written < 5 and loaded < 10 and max(clicks) < 1.0}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    ns = ap.parse_args()
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("playwright is not installed (pip install playwright)", file=sys.stderr)
        return 2
    size, count = (50_000, 200) if ns.quick else (200_000, 500)
    with tempfile.TemporaryDirectory(prefix="planlint-bench-html-") as tmp:
        m = measure(Path(tmp), size, count)
    print(f"{m['page_kb']} KB page, {m['findings']} findings: written in {m['written_s']:.2f} s, "
          f"loaded in {m['loaded_s']:.2f} s, filter clicks "
          f"{', '.join(f'{c * 1000:.0f} ms' for c in m['clicks_s'])} "
          f"({'within' if m['within_targets'] else 'OVER'} the targets)")
    if not ns.quick:
        out = Path(__file__).with_name("results_html.json")
        out.write_text(json.dumps(m, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
