"""Precision on real documents of other styles: the errors and warnings `planlint check` gives on
../shared/corpus-real equal, entry for entry, the judged list in tests/expectations/corpus_real.yaml
(see bench/precision_real.py). Skipped when the folder is absent."""
from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT / "bench"))
import precision_real  # noqa: E402

CORPUS_REAL = Path(os.environ.get("PLANLINT_CORPUS_REAL", ROOT.parent / "shared" / "corpus-real"))


@pytest.fixture(scope="module")
def report() -> list[dict]:
    if not CORPUS_REAL.is_dir() or not any(CORPUS_REAL.glob("*.txt")):
        pytest.skip("../shared/corpus-real is not available")
    result = run_cli("check", "--format", "json", str(CORPUS_REAL))
    assert result.exit_code in (0, 1), result.output
    return precision_real.entries(json.loads(result.stdout)["findings"], CORPUS_REAL)


def test_every_entry_is_judged_with_a_reason():
    items = precision_real.load()
    assert items, "tests/expectations/corpus_real.yaml has no findings"
    for e in items:
        assert isinstance(e["verdict"], bool) and e["reason"].strip(), e


def test_report_equals_the_judged_findings(report):
    expected = Counter(precision_real.key(e) for e in precision_real.load())
    got = Counter(precision_real.key(e) for e in report)
    assert sorted((got - expected).elements()) == [], "new findings: judge them (bench/precision_real.py --update)"
    assert sorted((expected - got).elements()) == [], "findings no longer reported: remove or re-judge them"


def test_excerpts_still_match_the_documents(report):
    """An entry keeps pointing at the text it judged (a finding that moved is a new finding)."""
    now = {precision_real.key(e): e["excerpt"] for e in report}
    for e in precision_real.load():
        assert now.get(precision_real.key(e)) == e["excerpt"], e
