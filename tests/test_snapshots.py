"""Every draft fixture's report and fix diff, compared exactly with its snapshot beside it
(fixtures/<family>/<name>.<ext>.expected; the format is described in tests/snapshots.py)."""
from __future__ import annotations

import os

import pytest

import snapshots

DRAFTS = snapshots.drafts()
UPDATE = "python -m tests.snapshots --update"


@pytest.mark.parametrize("fixture", DRAFTS, ids=snapshots.relative)
def test_fixture_prints_what_its_snapshot_says(fixture):
    snapshot = snapshots.snapshot_of(fixture)
    if not snapshot.exists():
        pytest.fail(f"{snapshot} is missing: write it with `{UPDATE} {os.path.relpath(fixture)}` and review it", pytrace=False)
    want = snapshots.expected(snapshot)
    assert snapshots.commands(want), f"{snapshot} holds no `$ planlint ...` command"
    got = snapshots.actual(snapshot)
    if got != want:
        pytest.fail(f"planlint's output differs from the snapshot (- expected, + today). If the change is "
                    f"intended, run `{UPDATE} {os.path.relpath(fixture)}` and review the diff.\n\n"
                    + snapshots.diff(snapshot, want, got), pytrace=False)


def test_every_snapshot_belongs_to_a_draft_fixture():
    orphans = [p for p in snapshots.FIXTURES.rglob("*" + snapshots.SUFFIX)
               if snapshots.fixture_of(p) not in DRAFTS]
    assert orphans == []


def test_snapshot_commands_name_their_fixture():
    # a snapshot whose commands lint some other file would not show its fixture's findings
    for fixture in DRAFTS:
        snapshot = snapshots.snapshot_of(fixture)
        if snapshot.exists():
            for command in snapshots.commands(snapshots.expected(snapshot)):
                assert snapshots.relative(fixture) in command.split(), (snapshot.name, command)
