import codecs

import pytest

from planlint.document import source
from planlint.errors import InputError

DRAFT = "第一章　总则\n一、总体要求\n（一）指导思想\n"


@pytest.mark.parametrize("data,encoding,bom", [
    (DRAFT.encode("utf-8"), "utf-8", False),
    (codecs.BOM_UTF8 + DRAFT.encode("utf-8"), "utf-8", True),
    (codecs.BOM_UTF16_LE + DRAFT.encode("utf-16-le"), "utf-16", True),
    (codecs.BOM_UTF16_BE + DRAFT.encode("utf-16-be"), "utf-16", True),
    (DRAFT.encode("gb18030"), "gb18030", False),
    (DRAFT.encode("gbk"), "gb18030", False),
])
def test_encodings_detected(data, encoding, bom):
    text = source.decode(data, "x.txt")
    assert text.encoding == encoding
    assert text.bom is bom
    assert text.content == DRAFT
    assert source.encode(text, text.content) == data


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_newlines_keep_positions(newline):
    raw = DRAFT.replace("\n", newline)
    text = source.decode(raw.encode("utf-8"), "x.txt")
    assert text.newline == newline
    assert text.line_count == 3
    assert text.line_text(2) == "一、总体要求"
    offset = text.content.index("指导")
    assert (text.pos(offset).line, text.pos(offset).column) == (3, 4)
    assert source.encode(text, text.content) == raw.encode("utf-8")


def test_columns_count_code_points_and_ignore_bom():
    data = codecs.BOM_UTF8 + "“十四五”时期𠀀目标\n".encode("utf-8")
    text = source.decode(data, "x.txt")
    offset = text.content.index("目标")
    assert text.pos(offset).column == 9  # eight code points before it, the astral 𠀀 counting once


@pytest.mark.parametrize("data,problem", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是文本文件"),
    (bytes(range(256)) * 4, "不是文本文件"),
    (b"\xff\xfe\x00\xd8", "utf-16"),
])
def test_binary_is_an_input_error(data, problem):
    with pytest.raises(InputError) as e:
        source.decode(data, "bad.txt")
    assert e.value.message.startswith("bad.txt: ")
    assert problem in e.value.message


def test_empty_file():
    text = source.decode(b"", "e.txt")
    assert text.content == "" and text.line_count == 0


def test_read_missing_file(tmp_path):
    with pytest.raises(InputError, match="文件不存在"):
        source.read(str(tmp_path / "nope.txt"))


def test_write_atomic_keeps_old_file_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "d.txt"
    path.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(source.os, "replace", broken_replace)
    with pytest.raises(OSError):
        source.write_atomic(str(path), b"new content")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["d.txt"]
