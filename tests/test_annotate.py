"""planlint annotate / check --format docx: the Word copy with the findings as comments (批注).

Each copy is read back twice: with python-docx (the comments and the text between each comment's
range markers) and, where LibreOffice is installed, as LibreOffice reads it (converted to flat ODT
and to PDF)."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

DRAFT = FIXTURES / "reports" / "review_defects.txt"
DRAFT_MD = FIXTURES / "reports" / "review_defects.md"
HOSTILE = FIXTURES / "reports" / "hostile.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _planlint(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("planlint")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "planlint"]
    return subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def _findings(*args) -> list[dict]:
    return json.loads(_planlint("check", "--format", "json", *args).stdout)["findings"]


def _span_text(path: Path, f: dict) -> str:
    line = path.read_text(encoding="utf-8").split("\n")[f["line"] - 1]
    return line[f["column"] - 1:f["end_column"] - 1]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _anchored(docx_path: Path) -> dict[str, str]:
    """Comment id -> the text between its commentRangeStart and commentRangeEnd, in body order."""
    with zipfile.ZipFile(docx_path) as z:
        body = ET.fromstring(z.read("word/document.xml"))
    open_ids: dict[str, str] = {}
    done: dict[str, str] = {}
    for el in body.iter():
        if el.tag == W + "commentRangeStart":
            open_ids[el.get(W + "id")] = ""
        elif el.tag == W + "commentRangeEnd":
            cid = el.get(W + "id")
            done[cid] = open_ids.pop(cid)
        elif el.tag == W + "t" and el.text:
            for cid in open_ids:
                open_ids[cid] += el.text
    return done


def _comments(docx_path: Path) -> list[dict]:
    import docx

    d = docx.Document(str(docx_path))
    anchored = _anchored(docx_path)
    return [{"author": c.author, "initials": c.initials, "text": c.text, "anchor": anchored[str(c.comment_id)]}
            for c in d.comments]


@pytest.mark.parametrize("draft", [DRAFT, DRAFT_MD], ids=["txt", "md"])
def test_each_finding_is_a_comment_on_its_span(tmp_path, draft):
    rel = str(draft.relative_to(ROOT))
    before = _digest(draft)
    out = tmp_path / "copy.docx"
    done = _planlint("annotate", rel, "-o", str(out))
    assert done.returncode == 1, done.stderr       # the fixtures hold errors: --fail-on error
    assert "Traceback" not in done.stderr
    assert done.stdout.strip() == f"已写入 {out}"
    assert _digest(draft) == before                 # the original is never modified
    findings = _findings(rel)
    comments = _comments(out)
    assert len(comments) == len(findings) >= 3
    for f, c in zip(findings, comments):
        assert c["author"] == "planlint" and c["initials"] == "PL"
        assert c["anchor"] == _span_text(draft, f)
        assert c["text"].startswith(f["message"])
        assert f"规则：{f['code']} {f['name']}" in c["text"]
        if f["fix"]:
            assert f"建议：{f['fix']['description']}" in c["text"]


def test_copy_holds_the_whole_text_one_paragraph_a_line(tmp_path):
    import docx

    out = tmp_path / "copy.docx"
    _planlint("annotate", str(DRAFT.relative_to(ROOT)), "-o", str(out))
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert paragraphs == DRAFT.read_text(encoding="utf-8").rstrip("\n").split("\n")
    bold = [p.text for p in docx.Document(str(out)).paragraphs if p.runs and p.runs[0].bold]
    assert "第一章 规划背景" in bold and "四、健全生态补偿机制" in bold
    assert not any(t.startswith("全县森林") for t in bold)


def test_unt106_comment_sits_on_the_range(tmp_path):
    out = tmp_path / "copy.docx"
    _planlint("annotate", str(DRAFT.relative_to(ROOT)), "-o", str(out))
    unt = [c for c in _comments(out) if "UNT106" in c["text"]]
    assert [c["anchor"] for c in unt] == ["0-3岁"]
    assert "建议：改为“0～3岁”" in unt[0]["text"]


def test_default_output_sits_beside_the_draft(tmp_path):
    draft = tmp_path / "生态规划.txt"
    shutil.copyfile(DRAFT, draft)
    done = _planlint("annotate", draft.name, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert (tmp_path / "生态规划.批注.docx").is_file()
    assert draft.read_bytes() == DRAFT.read_bytes()


def test_never_writes_over_the_draft(tmp_path):
    draft = tmp_path / "稿.txt"
    shutil.copyfile(DRAFT, draft)
    done = _planlint("annotate", draft.name, "-o", draft.name, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "是本次检查的文稿，不能用来保存批注副本" in done.stderr
    assert draft.read_bytes() == DRAFT.read_bytes()


def test_options_shared_with_check(tmp_path):
    rel = str(DRAFT.relative_to(ROOT))
    out = tmp_path / "c.docx"

    def codes(*args):
        done = _planlint("annotate", rel, "-o", str(out), *args)
        assert "Traceback" not in done.stderr
        return done.returncode, sorted(c["text"].rsplit("规则：", 1)[1].split()[0] for c in _comments(out))

    assert codes("--min-severity", "warning") == (1, ["NUM101", "NUM101", "PUN107", "UNT106"])
    assert codes("--ignore", "NUM") == (0, ["PUN107", "TGT104", "UNT106"])
    assert codes("--ignore", "NUM", "--fail-on", "warning") == (1, ["PUN107", "TGT104", "UNT106"])
    assert codes("--select", "UNT106") == (0, ["UNT106"])
    assert codes("--exit-zero") == (0, ["NUM101", "NUM101", "PUN107", "TGT104", "UNT106"])
    config = tmp_path / "planlint.yaml"
    config.write_text("ignore: [PUN107, TGT]\n", encoding="utf-8")
    assert codes("--config", str(config)) == (1, ["NUM101", "NUM101", "UNT106"])
    baseline = tmp_path / "baseline.json"
    done = _planlint("check", rel, "--write-baseline", str(baseline))
    assert done.returncode == 0, done.stderr
    assert codes("--baseline", str(baseline)) == (0, [])


def test_check_format_docx_writes_the_same_copy(tmp_path):
    rel = str(DRAFT.relative_to(ROOT))
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    assert _planlint("annotate", rel, "-o", str(a)).returncode == 1
    done = _planlint("check", "--format", "docx", "-o", str(b), rel)
    assert done.returncode == 1, done.stderr
    assert _comments(b) == _comments(a)


def test_several_drafts_go_into_a_folder(tmp_path):
    out = tmp_path / "批注"
    done = _planlint("annotate", str(DRAFT.relative_to(ROOT)), str(DRAFT_MD.relative_to(ROOT)), "-o", str(out))
    assert done.returncode == 1, done.stderr
    # the two drafts share a stem: the second copy keeps its suffix rather than overwrite the first
    assert sorted(p.name for p in out.iterdir()) == ["review_defects.md.批注.docx", "review_defects.批注.docx"]
    assert len(_comments(out / "review_defects.md.批注.docx")) == len(_findings(str(DRAFT_MD.relative_to(ROOT))))


def test_output_folder_that_is_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "out").write_text("x", encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        shutil.copyfile(DRAFT, tmp_path / name)
    done = _planlint("annotate", "a.txt", "b.txt", "-o", "out", cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "out: 无法建立存放批注副本的文件夹" in done.stderr


def test_a_bad_draft_fails_the_run_and_the_others_are_annotated(tmp_path):
    bad = tmp_path / "坏.txt"
    bad.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    good = tmp_path / "好.txt"
    shutil.copyfile(DRAFT, good)
    done = _planlint("annotate", bad.name, good.name, "-o", "out", cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "坏.txt" in done.stderr
    assert (tmp_path / "out" / "好.批注.docx").is_file()
    assert not (tmp_path / "out" / "坏.批注.docx").exists()


def test_hostile_text_is_written_as_visible_characters(tmp_path):
    import docx

    out = tmp_path / "h.docx"
    done = _planlint("annotate", str(HOSTILE.relative_to(ROOT)), "-o", str(out))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "<script>document.title" in text              # plain text in Word, nothing to run
    assert "\x07" not in text and "\x1b" not in text and "\u202e" not in text
    assert "\u2407" in text and "\u241b[31m" in text
    assert [c["anchor"] for c in _comments(out) if "UNT106" in c["text"]] == ["0-3岁", "1-2个"]


# --- as LibreOffice reads the copy ---------------------------------------------------------------------

def _soffice(tmp_path, docx_path: Path, target: str) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui): "
                    "the copy was not opened by an office suite")
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
                           "--outdir", str(tmp_path / "lo"), str(docx_path)],
                          capture_output=True, text=True, timeout=180)
    out = tmp_path / "lo" / (docx_path.stem + "." + target.split(":")[0])
    assert out.is_file(), done.stdout + done.stderr
    return out


def _odt_annotations(fodt: Path) -> list[tuple[str, str, str]]:
    """(author, comment text, anchored text) of each annotation in a flat ODT file."""
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    dc = "{http://purl.org/dc/elements/1.1/}"
    root = ET.parse(fodt).getroot()
    found: dict[str, list] = {}
    open_names: list[str] = []

    def emit(s):
        for name in open_names:
            found[name][2] += s or ""

    def walk(el):
        if el.tag == office + "annotation":
            name = el.get(office + "name")
            author = el.findtext(dc + "creator") or ""
            body = "\n".join("".join(p.itertext()) for p in el if p.tag.endswith("}p"))
            found[name] = [author, body, ""]
            open_names.append(name)
            return
        if el.tag == office + "annotation-end":
            open_names.remove(el.get(office + "name"))
            return
        emit(el.text)
        for child in el:
            walk(child)
            emit(child.tail)

    walk(root.find(office + "body"))
    return [tuple(v) for v in found.values()]


def test_libreoffice_shows_each_comment_at_its_words(tmp_path):
    out = tmp_path / "copy.docx"
    _planlint("annotate", str(DRAFT.relative_to(ROOT)), "-o", str(out))
    annotations = _odt_annotations(_soffice(tmp_path, out, "fodt"))
    findings = _findings(str(DRAFT.relative_to(ROOT)))
    assert len(annotations) == len(findings)
    for f, (author, body, anchor) in zip(findings, annotations):
        assert author == "planlint"
        assert body.startswith(f["message"])
        assert anchor == _span_text(DRAFT, f)


def test_libreoffice_converts_the_copy_to_pdf(tmp_path):
    out = tmp_path / "copy.docx"
    _planlint("annotate", str(DRAFT_MD.relative_to(ROOT)), "-o", str(out))
    pdf = _soffice(tmp_path, out, 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}')
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"/Annot" in data


# --- a .docx draft: the original package with the comments added ---------------------------------------

def _word_draft(path: Path) -> None:
    """A Word draft whose defects straddle runs of different formatting, with a table and a
    reviewer's comment of its own."""
    import docx

    d = docx.Document()
    for text in ("某县“十四五”生态保护专项规划", "第一章 规划背景", "第一节 发展基础", "全县森林覆盖率稳步提高。"):
        d.add_paragraph(text)
    p = d.add_paragraph()
    p.add_run("第三节 ")
    p.add_run("面临形势").italic = True
    own = d.add_paragraph("生态修复任务依然繁重。")
    d.add_comment(own.runs, text="请补充数据", author="审阅人", initials="SY")
    d.add_paragraph("第二章 主要任务")
    d.add_paragraph("一、加强系统治理")
    p = d.add_paragraph()
    p.add_run("推进农村生活污水治理，覆盖0")
    p.add_run("-3岁").bold = True
    p.add_run("婴幼儿照护服务网点。")
    d.add_paragraph("二、提升环境质量")
    d.add_paragraph("四、健全补偿机制")
    table = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "指标", (0, 1): "目标", (1, 0): "森林覆盖率", (1, 1): "提高5-8个"}.items():
        table.cell(r, c).text = text
    d.save(str(path))


def _reader_landed() -> None:
    try:
        import planlint.document.wordfile  # noqa: F401
    except ImportError:
        pytest.skip("the .docx reader (planlint.document.wordfile) is not in this tree")


def test_docx_copy_keeps_the_original_and_adds_comments(tmp_path):
    import docx

    _reader_landed()
    draft = tmp_path / "规划.docx"
    _word_draft(draft)
    before = draft.read_bytes()
    done = _planlint("annotate", draft.name, "-o", "copy.docx", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert draft.read_bytes() == before
    out = tmp_path / "copy.docx"
    with zipfile.ZipFile(draft) as old, zipfile.ZipFile(out) as new:
        rewritten = {"word/document.xml", "word/comments.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
        for name in old.namelist():
            if name not in rewritten:
                assert old.read(name) == new.read(name), name
        assert set(new.namelist()) == set(old.namelist())
    original, copy = docx.Document(str(draft)), docx.Document(str(out))
    assert [p.text for p in copy.paragraphs] == [p.text for p in original.paragraphs]
    assert [c.text for row in copy.tables[0].rows for c in row.cells] == ["指标", "目标", "森林覆盖率", "提高5-8个"]
    runs = next(p for p in copy.paragraphs if "婴幼儿" in p.text).runs
    assert [(r.text, r.bold) for r in runs if r.text] == [
        ("推进农村生活污水治理，覆盖", None), ("0", None), ("-3岁", True), ("婴幼儿照护服务网点。", None)]
    comments = _comments(out)
    assert comments[0] == {"author": "审阅人", "initials": "SY", "text": "请补充数据", "anchor": "生态修复任务依然繁重。"}
    ours = [(c["text"].rsplit("规则：", 1)[1].split()[0], c["anchor"]) for c in comments if c["author"] == "planlint"]
    assert ours == [("NUM101", "第三节"), ("UNT106", "0-3岁"), ("NUM101", "四、"), ("UNT106", "5-8个")]


def test_docx_copy_in_libreoffice(tmp_path):
    _reader_landed()
    draft = tmp_path / "规划.docx"
    _word_draft(draft)
    _planlint("annotate", draft.name, "-o", "copy.docx", cwd=tmp_path)
    annotations = _odt_annotations(_soffice(tmp_path, tmp_path / "copy.docx", "fodt"))
    assert [(a, anchor) for a, _, anchor in annotations if a == "planlint"] == [
        ("planlint", "第三节"), ("planlint", "0-3岁"), ("planlint", "四、"), ("planlint", "5-8个")]


# --- any text makes a copy Word can open ---------------------------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200), st.lists(st.tuples(st.integers(1, 8), st.integers(1, 30), st.integers(0, 10)), max_size=5))
def test_any_text_and_any_findings_make_a_readable_copy(tmp_path, content, raw):
    import docx

    from planlint.document import parser
    from planlint.document.model import Finding, Text
    from planlint.report import docx_annotate

    doc = parser.build(Text("d.txt", content, "utf-8"), "txt")
    findings = [Finding("d.txt", line, col, line, col + width, "X101", "x", "input", "info", "问题\x07<说明>")
                for line, col, width in raw]
    out = tmp_path / "c.docx"
    out.write_bytes(docx_annotate.copy_of(doc, findings, {}))
    copy = docx.Document(str(out))
    assert len(list(copy.comments)) == len(findings)
    assert all(c.text.startswith("问题\u2407<说明>") for c in copy.comments)
    shown = "\n".join(p.text for p in copy.paragraphs)
    assert len(copy.paragraphs) >= doc.text.line_count
    assert "\x07" not in shown and "\x00" not in shown


def test_docx_copy_of_word_features(tmp_path):
    """Automatic numbers, a tracked change, a text box and a footnote: each comment sits on the
    words (a footnote's on its reference mark, since comments belong to the main text)."""
    _reader_landed()
    try:
        from docx_builder import DocBuilder
    except ImportError:
        pytest.skip("tests/docx_builder.py (from the .docx reader's tests) is not in this tree")
    b = DocBuilder()
    num = b.add_num(b.add_list([("chineseCounting", "%1、", 1)]))
    b.para("总体要求", num)
    b.para("推进农村生活污水治理，覆盖0-3岁婴幼儿。")
    b.deleted_para("删去的标题", num)
    b.para("主要目标", num)
    b.revised_para("到2025年，", "全县", "全市", "培育企业1-2家。")
    b.text_box("专栏1 重点工程", ["建设园区2-3个。"])
    b.footnote(b.para("落实各项任务。"), "注：数据为5-8个。")
    draft = b.save(tmp_path / "word.docx")
    done = _planlint("annotate", str(draft), "-o", str(tmp_path / "copy.docx"), "--select", "UNT106")
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "copy.docx") as z:
        body = ET.fromstring(z.read("word/document.xml"))
    marks: dict[str, str] = {}
    open_ids: dict[str, str] = {}
    for el in body.iter():
        if el.tag == W + "commentRangeStart":
            open_ids[el.get(W + "id")] = ""
        elif el.tag == W + "commentRangeEnd":
            marks[el.get(W + "id")] = open_ids.pop(el.get(W + "id"))
        elif el.tag == W + "footnoteReference":
            for cid in open_ids:
                open_ids[cid] += "[注]"
        elif el.tag == W + "t" and el.text:
            for cid in open_ids:
                open_ids[cid] += el.text
    assert sorted(marks.values()) == sorted(["0-3岁", "1-2家", "2-3个", "[注]"])
    if SOFFICE:
        lo = [anchor for author, _, anchor in _odt_annotations(_soffice(tmp_path, tmp_path / "copy.docx", "fodt"))]
        assert lo[:3] == ["0-3岁", "1-2家", "2-3个"] and "5-8个" in lo[3]
