"""The corpus drafts converted to .docx by LibreOffice give the same findings as the .txt (a
converted line is one paragraph, so even the positions agree). Skips without the corpus or
without soffice (Debian: libreoffice-writer-nogui); bench/bench_docx.py measures the same."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import bench_docx  # noqa: E402

pytestmark = pytest.mark.skipif(bench_docx.soffice() is None,
                                reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")


@pytest.mark.parametrize("folder", [bench_docx.CORPUS, bench_docx.CORPUS_REAL], ids=["corpus", "corpus-real"])
def test_corpus_as_docx_gives_the_same_findings(tmp_path, folder):
    txts = sorted(folder.glob("*.txt"))
    if not txts:
        pytest.skip(f"{folder} is absent")
    docxs = bench_docx.convert(txts, tmp_path)
    assert all(p.exists() for p in docxs)
    same = bench_docx.compare(txts, docxs)
    assert set(same) == {t.stem for t in txts}
    for stem, r in same.items():
        assert (r["only_txt"], r["only_docx"]) == ([], []), stem
        assert r["txt"] == r["docx"]
    assert sum(r["txt"] for r in same.values()) > 0   # the comparison compared something
