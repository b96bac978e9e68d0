"""--format html: the review page. Static tests read the page with html.parser; browser tests open it
in Debian's chromium through Playwright (skipped, saying why, where either is missing)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from planlint.report import html as html_report

from conftest import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "bench"))
import bench_html  # noqa: E402  (the large page is built where it is measured)

DRAFT = FIXTURES / "reports" / "review_defects.txt"
DRAFT_MD = FIXTURES / "reports" / "review_defects.md"
HOSTILE = FIXTURES / "reports" / "hostile.txt"
CITY = FIXTURES / "duplicates" / "cross_city.txt"
COUNTY = FIXTURES / "duplicates" / "cross_county.txt"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _planlint(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("planlint")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "planlint"]
    return subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def _report(tmp_path, *paths, extra=()) -> tuple[Path, list[dict]]:
    """The page for paths (relative to the repository) and the same run's JSON findings."""
    page = tmp_path / "report.html"
    rel = [str(Path(p).relative_to(ROOT)) for p in paths]
    done = _planlint("check", "--format", "html", "-o", str(page), *extra, *rel)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    as_json = _planlint("check", "--format", "json", *extra, *rel)
    return page, json.loads(as_json.stdout)["findings"]


class _Page(HTMLParser):
    """What a reader of the page would see: the text under each finding's marks, the cards, links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.marked: dict[int, str] = {}
        self.cards: dict[int, dict] = {}
        self.links: list[str] = []
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._marks: list[list[int]] = []
        self._card: int | None = None
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag == "mark":
            ids = [int(x) for x in a["data-f"].split()]
            self._marks.append(ids)
            for i in ids:
                self.marked.setdefault(i, "")
        if tag == "li" and "data-i" in a:
            self._card = int(a["data-i"])
            self.cards[self._card] = {"class": a["class"], "text": "", "links": []}
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
            if self._card is not None:
                self.cards[self._card]["links"].append(a["href"])
        if tag == "script":
            self._script = a
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "mark":
            self._marks.pop()
        if tag == "li" and self._card is not None:
            self._card = None
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        for ids in self._marks:
            for i in ids:
                self.marked[i] += data
        if self._card is not None:
            self.cards[self._card]["text"] += data
        if self._script is not None:
            self.scripts[-1] += data


def _parse(page: Path) -> _Page:
    p = _Page()
    p.feed(page.read_text(encoding="utf-8"))
    return p


def _span_text(path: Path, f: dict) -> str:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert f["line"] == f["end_line"], "the fixtures' findings sit on one line"
    return lines[f["line"] - 1][f["column"] - 1:f["end_column"] - 1]


# --- the page, read statically ------------------------------------------------------------------------

def test_every_finding_is_marked_on_its_own_text(tmp_path):
    page, findings = _report(tmp_path, DRAFT)
    got = _parse(page)
    assert [(f["code"], f["line"]) for f in findings] == [
        ("NUM101", 6), ("TGT104", 11), ("UNT106", 13), ("NUM101", 14), ("PUN107", 15)]
    for i, f in enumerate(findings):
        assert got.marked[i] == _span_text(DRAFT, f), f
    assert got.marked[2] == "0-3岁"
    assert got.cards[2]["class"] == "fd s-warning"
    assert "UNT106" in got.cards[2]["text"] and "建议：" in got.cards[2]["text"]


def test_markdown_draft_marks_and_outline(tmp_path):
    page, findings = _report(tmp_path, DRAFT_MD)
    got = _parse(page)
    assert [f["code"] for f in findings] == ["NUM101", "PUN107", "UNT106"]
    for i, f in enumerate(findings):
        assert got.marked[i] == _span_text(DRAFT_MD, f)
    counts = _outline_counts(page)
    assert counts["第一章 发展环境"] == "1" and counts["第二章 重点任务"] == "2"


def _outline_counts(page: Path) -> dict[str, str]:
    text = page.read_text(encoding="utf-8")
    nav = text[text.index('<nav class="outline"'):text.index("</nav>")]
    return {re.sub(r"<[^>]+>", "", m.group(1)): m.group(2)
            for m in re.finditer(r'<a href="#f0-L\d+"[^>]*>(.*?)</a><span class="cnt" data-h="\d+">(\d*)</span>', nav)}


def test_outline_counts_findings_under_each_heading(tmp_path):
    page, _ = _report(tmp_path, DRAFT)
    counts = _outline_counts(page)
    assert counts["第一章 规划背景"] == "1"      # 第三节 follows 第一节: the gap is reported on 第三节
    assert counts["第三节 面临形势"] == "1"
    assert counts["第一节 发展基础"] == ""
    assert counts["第二章 主要任务"] == "4"
    assert counts["四、健全生态补偿机制"] == "2"


def test_every_finding_links_to_its_rule_explanation(tmp_path):
    page, findings = _report(tmp_path, DRAFT)
    got = _parse(page)
    ids = {a.get("id") for _, a in got.elements}
    text = page.read_text(encoding="utf-8")
    for i, f in enumerate(findings):
        rule_link = next(h for h in got.cards[i]["links"] if h.startswith("#r"))
        assert rule_link[1:] in ids
        article = text[text.index(f'id="{rule_link[1:]}"'):]
        article = article[:article.index("</article>")]
        assert f["code"] in article and "依据：" in article and "不符合" in article and "符合" in article
    for href in got.links:
        assert href.startswith("#") and href[1:] in ids, href


def test_cross_file_findings_link_both_drafts(tmp_path):
    page, findings = _report(tmp_path, CITY, COUNTY, extra=("--cross-file",))
    got = _parse(page)
    cross = [(i, f) for i, f in enumerate(findings) if any(r["path"] != f["path"] for r in f["related"])]
    assert cross, "the fixtures hold sentences copied between the two drafts"
    files = {str(CITY.relative_to(ROOT)): 0, str(COUNTY.relative_to(ROOT)): 1}  # the order given
    for i, f in cross:
        r = next(r for r in f["related"] if r["path"] != f["path"])
        assert f"#f{files[r['path']]}-L{r['line']}" in got.cards[i]["links"]
        line_id = f"f{files[r['path']]}-L{r['line']}"
        text = page.read_text(encoding="utf-8")
        row = text[text.index(f'id="{line_id}"'):]
        row = row[:row.index("</div>")]
        assert f'href="#d{i}"' in row, "the other draft's line links back to the finding"


def test_hostile_draft_is_inert_text(tmp_path):
    page, findings = _report(tmp_path, HOSTILE)
    text = page.read_text(encoding="utf-8")
    got = _parse(page)
    assert [a.get("type") for t, a in got.elements if t == "script"] == ["application/json", None]
    assert not [t for t, _ in got.elements if t in ("img", "textarea", "iframe", "object", "embed", "svg")]
    assert not [a for _, a in got.elements if any(k.startswith("on") for k in a)]
    assert "</textarea>" not in text and "<img" not in text and "<!-- 注释" not in text
    assert "&lt;script&gt;document.title" in text
    for ch in ("\x07", "\x1b", "\u202e", "\u202c"):
        assert ch not in text
    for stand_in in ("\u2407", "\u241b", "\ufffd"):  # ␇, ␛ and � stand for them, marked
        assert f'<span class="ctl" title="控制字符">{stand_in}</span>' in text
    data = json.loads(got.scripts[0])
    assert len(data["findings"]) == len(findings)
    assert "<" not in got.scripts[0]


def test_script_json_cannot_close_its_element():
    out = html_report.script_json({"m": "</script><!-- \u2028 &"})
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == {"m": "</script><!-- \u2028 &"}


def test_page_is_self_contained(tmp_path):
    page, _ = _report(tmp_path, DRAFT)
    got = _parse(page)
    for tag, a in got.elements:
        assert "src" not in a, tag
        if tag == "link":
            pytest.fail("external stylesheet")
        if "href" in a:
            assert a["href"].startswith("#")
    policy = next(a["content"] for t, a in got.elements if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy


def test_json_format_does_not_import_html_or_docx():
    code = ("import sys; from planlint.cli import main\n"
            "try:\n    main(['check', sys.argv[1], '--format', 'json'])\n"
            "except SystemExit: pass\n"
            "loaded = [m for m in ('planlint.report.html', 'planlint.report.docx_annotate', 'docx') "
            "if m in sys.modules]\n"
            "assert not loaded, loaded\n")
    done = subprocess.run([sys.executable, "-c", code, str(DRAFT)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_assets_ship_inside_the_package():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'packages = ["src/planlint"]' in pyproject  # hatch ships every file under the package
    assets = Path(html_report.__file__).parent / "html_assets"
    assert (assets / "report.css").is_file() and (assets / "report.js").is_file()


# --- in a real browser --------------------------------------------------------------------------------

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium): the page was not opened in a browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright): the page was not opened in a browser")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield b
        b.close()


def _open(browser, page_file: Path):
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("request", lambda r: problems.append(f"request: {r.url}") if not r.url.startswith("file:") else None)
    page.goto(page_file.as_uri())
    page.wait_for_selector("html[data-ready='1']", timeout=30_000)
    return page, problems


def _marked_in_browser(page) -> dict[int, str]:
    return page.evaluate("""() => {
        const out = {};
        document.querySelectorAll('mark.hl').forEach(m => {
            m.getAttribute('data-f').split(' ').forEach(i => { out[i] = (out[i] || '') + m.textContent; });
        });
        return out;
    }""")


def _visible_marks(page) -> dict[str, int]:
    return page.evaluate("""() => {
        const out = {};
        document.querySelectorAll('mark.hl').forEach(m => {
            const c = (m.className.match(/\\b(s-\\w+|off)\\b/) || ['none'])[0];
            out[c] = (out[c] || 0) + 1;
        });
        return out;
    }""")


def test_browser_loads_and_highlights_the_right_text(browser, tmp_path):
    page_file, findings = _report(tmp_path, DRAFT)
    page, problems = _open(browser, page_file)
    assert problems == []
    marked = _marked_in_browser(page)
    for i, f in enumerate(findings):
        assert marked[str(i)] == _span_text(DRAFT, f)
    box = page.locator("mark.hl[data-f='2']").bounding_box()
    assert box is not None and box["width"] > 0
    assert page.locator("mark.hl[data-f='2']").evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.close()


def test_browser_filters_change_what_is_shown(browser, tmp_path):
    page_file, findings = _report(tmp_path, DRAFT)
    page, problems = _open(browser, page_file)
    errors = sum(f["severity"] == "error" for f in findings)
    assert page.inner_text("#shown") == str(len(findings))
    page.click("input[data-g=s][value=error]")
    assert page.inner_text("#shown") == str(len(findings) - errors)
    assert page.locator("li.fd[hidden]").count() == errors
    assert _visible_marks(page).get("s-error", 0) == 0
    assert page.locator("li.fd.s-error").first.is_hidden()
    page.click("input[data-g=r][value=UNT106]")
    assert page.inner_text("#shown") == str(len(findings) - errors - 1)
    assert page.locator("mark.hl[data-f='2']").get_attribute("class").endswith("off")
    assert page.locator("mark.hl[data-f='2']").get_attribute("title") == ""
    page.click("fieldset:has(input[data-g=c]) button[data-all='0']")
    assert page.inner_text("#shown") == "0"
    assert page.locator("[data-file-count='0']").first.inner_text() == "0"
    page.click("fieldset:has(input[data-g=s]) button[data-all='1']")
    page.click("fieldset:has(input[data-g=r]) button[data-all='1']")
    page.click("fieldset:has(input[data-g=c]) button[data-all='1']")
    assert page.inner_text("#shown") == str(len(findings))
    page.hover("mark.hl[data-f='2']")
    assert "UNT106" in page.locator("mark.hl[data-f='2']").get_attribute("title")
    assert problems == []
    page.close()


def test_browser_hostile_draft_runs_nothing(browser, tmp_path):
    page_file, _ = _report(tmp_path, HOSTILE)
    page, problems = _open(browser, page_file)
    assert problems == []
    assert page.title() == "planlint 审阅报告"
    assert page.locator(".doc img, .doc textarea, .doc script").count() == 0
    assert "<script>document.title" in page.inner_text(".doc")
    page.close()


def test_browser_prints_to_pdf(browser, tmp_path):
    page_file, _ = _report(tmp_path, DRAFT)
    page, problems = _open(browser, page_file)
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    assert problems == []
    page.close()


def test_chromium_command_line_prints_to_pdf(tmp_path):
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium): no print to PDF was tried")
    page_file, _ = _report(tmp_path, DRAFT)
    pdf = tmp_path / "report.pdf"
    done = subprocess.run([CHROMIUM, "--headless", *BROWSER_ARGS, f"--user-data-dir={tmp_path / 'profile'}",
                           "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page_file.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert pdf.exists(), done.stderr[-2000:]
    assert pdf.read_bytes().startswith(b"%PDF")


def test_browser_large_draft_filters_all_its_findings(browser, tmp_path):
    # how long the page takes to write, load and update: bench/bench_html.py, on this same page
    result = bench_html.large_result(tmp_path)
    page_file = tmp_path / "large.html"
    with open(page_file, "w", encoding="utf-8") as out:
        html_report.render(result, out, None)
    page, problems = _open(browser, page_file)
    assert problems == []
    for selector in bench_html.CLICKS:
        page.evaluate("selector => document.querySelector(selector).click()", selector)
    assert page.inner_text("#shown") == "500"
    page.close()


def test_docx_draft_page_marks_word_text_and_names_paragraphs(tmp_path):
    try:
        import planlint.document.wordfile  # noqa: F401
    except ImportError:
        pytest.skip("the .docx reader (planlint.document.wordfile) is not in this tree")
    import docx

    d = docx.Document()
    for text in ("第一章 总则", "一、指导思想", "三、基本原则"):
        d.add_paragraph(text)
    p = d.add_paragraph()
    p.add_run("覆盖0")
    p.add_run("-3岁").bold = True
    p.add_run("婴幼儿。")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "森林覆盖率", "提高5-8个"
    draft = tmp_path / "规划.docx"
    d.save(str(draft))
    page = tmp_path / "r.html"
    done = _planlint("check", "--format", "html", "-o", str(page), draft.name, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    got = _parse(page)
    assert sorted(got.marked.values()) == sorted(["三、", "0-3岁", "5-8个"])
    wheres = sorted(re.findall(r'class="where"[^>]*>([^<]*)<', page.read_text(encoding="utf-8")))
    assert wheres == ["第3段", "第4段", "表1 第1行第2列"]


# --- the pieces both reports are cut into ---------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from planlint.document.model import Text  # noqa: E402
from planlint.report.anchors import line_pieces, visible  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="甲乙\n\t\x07<>&\u202e ", max_size=40), st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), max_size=6))
def test_pieces_cover_each_line_and_each_range_exactly(content, raw):
    text = Text("t.txt", content, "utf-8")
    ranges = [(min(a, b, len(content)), min(max(a, b), len(content))) for a, b in raw]
    pieces = line_pieces(text, ranges)
    for line, items in pieces.items():
        start, end = text.line_start(line), text.line_end(line)
        assert "".join(content[p.start:p.end] for p in items) == content[start:end]
        assert all(p.start <= p.end and p.start >= start and p.end <= end for p in items)
    for i, (a, b) in enumerate(ranges):
        in_order = [p for _, items in sorted(pieces.items()) for p in items]
        covered = "".join(content[p.start:p.end] for p in in_order if i in p.ids)
        points = [p for p in in_order if i in p.ids and p.start == p.end]
        assert covered == content[a:b].replace("\n", "") or (points and covered == "")
    assert len(visible(content)) == len(content)
    assert not any(ch in visible(content) for ch in "\x07\u202e")
