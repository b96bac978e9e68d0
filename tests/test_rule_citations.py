"""What a rule cites (its `standard`, shown as “依据：”) names the standard and clause or the
convention itself: users have no standards notes, so their internal ids (NUM-07, IND-02, TASK-04)
never reach a rule's text, `planlint rule`, the SARIF help or docs/rules.md."""
import json
import re

import pytest

from conftest import ruleset, run_cli
from planlint.resources import data_dir

NOTE_ID = re.compile(r"\b(?:STR|NUM|PUN|UNIT|IND|TASK|TOC|REF)-\d{2}\b")


@pytest.mark.parametrize("rule", ruleset().rules, ids=lambda r: r.code)
def test_no_rule_text_shows_a_notes_id(rule):
    for text in (rule.standard, rule.description, rule.message):
        assert not NOTE_ID.search(text), (rule.code, text)


def test_every_cited_rule_names_a_source():
    cited = [r for r in ruleset().rules if r.standard]
    assert len(cited) > 50 and all(len(r.standard) >= 6 for r in cited)


def test_rule_command_and_sarif_help_cite_the_standard(tmp_path):
    shown = run_cli("rule", "UNT111").stdout
    assert "依据：GB/T 15835-2011 §5.1.4" in shown and not NOTE_ID.search(shown)
    draft = tmp_path / "d.txt"
    draft.write_text("到25年底完成改造。\n", encoding="utf-8")
    sarif = json.loads(run_cli("check", "--format", "sarif", "--select", "ALL", str(draft)).stdout)
    helps = [r["help"]["text"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert any("依据：GB/T 15835-2011 §5.1.4" in h for h in helps)
    assert not [h for h in helps if NOTE_ID.search(h)]


def test_the_generated_rule_reference_shows_no_notes_id():
    reference = data_dir("rules").parent / "docs" / "rules.md"
    if not reference.is_file():
        pytest.skip("docs/ is not shipped with an installed package")
    assert not NOTE_ID.search(reference.read_text(encoding="utf-8"))
