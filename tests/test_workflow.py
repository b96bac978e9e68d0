"""The workflow around linting, run as a user runs it: the installed `planlint` console script in a
fresh process, in temporary folders and real git repositories. stdin, colour, text shown as
written, baselines that survive `git mv`, .gitignore, the cache folder, SARIF rule metadata."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT, console_script

DEFECTS = FIXTURES / "workflow" / "draft_defects.txt"
MARKUP_RULES = FIXTURES / "workflow" / "rules_markup.yaml"
MARKUP_DRAFT = FIXTURES / "workflow" / "draft_markup.txt"
# draft_defects.txt: two numbering gaps and one 1、 among 1. items (the only safe fix)
DEFECT_LINES = ["14:1: NUM101", "15:1: NUM101", "17:1: NUM106"]
ESC = "\x1b["
# variables that would change what these tests see
_ENV_DROP = ("PYTHONPATH", "PYTHONSTARTUP", "NO_COLOR", "FORCE_COLOR", "PRE_COMMIT", "PLANLINT_CACHE_DIR",
             "CLICOLOR_FORCE", "TERM")


def planlint(*args, cwd, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """The console script; stdout and stderr as text (stdout_bytes keeps the raw bytes)."""
    full_env = {k: v for k, v in os.environ.items() if k not in _ENV_DROP}
    full_env.update(env or {})
    done = subprocess.run([console_script(), *map(str, args)], cwd=cwd, env=full_env, input=stdin or b"",
                          capture_output=True, timeout=120)
    done.stdout_bytes = done.stdout
    done.stdout = done.stdout.decode("utf-8", "replace")
    done.stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in done.stderr, done.stderr
    return done


def git(cwd, *args) -> str:
    return subprocess.run(["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def concise(stdout: str) -> list[str]:
    """'path:line:col: CODE' of each concise line."""
    return [line.split(" [", 1)[0] for line in stdout.splitlines() if line.strip()]


# --- 1. stdin ----------------------------------------------------------------------------------

def test_dash_reads_the_draft_from_stdin(tmp_path):
    done = planlint("check", "-", "--format", "concise", cwd=tmp_path, stdin=DEFECTS.read_bytes())
    assert done.returncode == 1, done.stderr
    assert concise(done.stdout) == [f"-:{loc}" for loc in DEFECT_LINES]
    assert "文件不存在" not in done.stdout + done.stderr


def test_stdin_filename_names_the_draft_and_finds_its_config(tmp_path):
    (tmp_path / "planlint.yaml").write_text('per-file-ignores:\n  "drafts/*.txt": [NUM106]\n', encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    done = planlint("check", "-", "--stdin-filename", "drafts/plan.txt", "--format", "json", cwd=tmp_path,
                    stdin=DEFECTS.read_bytes())
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert [f["path"] for f in data["files"]] == ["drafts/plan.txt"]
    assert [(f["path"], f["line"], f["code"]) for f in data["findings"]] == [
        ("drafts/plan.txt", 14, "NUM101"), ("drafts/plan.txt", 15, "NUM101")]  # NUM106 ignored for drafts/*.txt
    # another name, another per-file rule set: NUM106 is back
    other = planlint("check", "-", "--stdin-filename", "plan.txt", "--format", "concise", cwd=tmp_path,
                     stdin=DEFECTS.read_bytes())
    assert concise(other.stdout) == [f"plan.txt:{loc}" for loc in DEFECT_LINES]


def test_stdin_gb18030_and_empty_input(tmp_path):
    gbk = DEFECTS.read_text(encoding="utf-8").encode("gb18030")
    done = planlint("check", "-", "--format", "json", cwd=tmp_path, stdin=gbk)
    assert json.loads(done.stdout)["files"][0]["encoding"] == "gb18030"
    assert done.returncode == 1
    empty = planlint("check", "-", cwd=tmp_path, stdin=b"")
    assert empty.returncode == 0
    assert "共 1 个文件，未发现问题" in empty.stdout


def test_fix_on_stdin_prints_the_fixed_text_and_reports_the_rest_on_stderr(tmp_path):
    original = DEFECTS.read_bytes()
    done = planlint("check", "-", "--fix", "--stdin-filename", "plan.txt", cwd=tmp_path, stdin=original)
    assert done.stdout_bytes == original.replace("1、健全".encode(), "1.健全".encode())
    assert done.returncode == 1  # the two numbering gaps are not safe to fix
    assert "plan.txt" in done.stderr and "NUM101" in done.stderr and "NUM106" not in done.stderr
    assert not (tmp_path / "plan.txt").exists()
    # nothing to fix: the text comes back unchanged, so an editor can always replace its buffer
    clean = (FIXTURES / "workflow" / "draft_clean.md").read_bytes()
    same = planlint("check", "-", "--fix", "--stdin-filename", "a.md", cwd=tmp_path, stdin=clean)
    assert same.returncode == 0 and same.stdout_bytes == clean


def test_fix_only_on_stdin_keeps_stdout_for_the_text(tmp_path):
    original = DEFECTS.read_bytes()
    done = planlint("check", "-", "--fix-only", cwd=tmp_path, stdin=original)
    assert done.returncode == 0
    assert done.stdout_bytes == original.replace("1、健全".encode(), "1.健全".encode())
    assert done.stderr == "-：已修正 1 个问题\n"


def test_fix_only_fixes_lists_and_exits_zero_despite_errors(tmp_path):
    shutil.copy(DEFECTS, tmp_path / "a.txt")
    shutil.copy(FIXTURES / "workflow" / "draft_clean.md", tmp_path / "b.md")
    done = planlint("check", "--fix-only", "a.txt", "b.md", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == "a.txt：已修正 1 个问题\n" and done.stderr == ""
    assert "1.健全工作机制。" in (tmp_path / "a.txt").read_text(encoding="utf-8")
    again = planlint("check", "--fix-only", "a.txt", "b.md", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == ""


def test_diff_on_stdin(tmp_path):
    done = planlint("check", "-", "--diff", cwd=tmp_path, stdin=DEFECTS.read_bytes())
    assert done.returncode == 1
    assert "-1、健全工作机制。" in done.stdout and "+1.健全工作机制。" in done.stdout


def test_stdin_misuse_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text("一、总体要求\n", encoding="utf-8")
    mixed = planlint("check", "-", "a.txt", cwd=tmp_path, stdin=b"x")
    assert mixed.returncode == 2 and "标准输入" in mixed.stderr
    lonely = planlint("check", "a.txt", "--stdin-filename", "b.txt", cwd=tmp_path)
    assert lonely.returncode == 2 and "--stdin-filename" in lonely.stderr


# --- 2. text shown as written ------------------------------------------------------------------

@pytest.mark.parametrize("env", [{}, {"FORCE_COLOR": "1"}])
def test_rule_texts_are_not_turned_into_emoji_or_markup(tmp_path, env):
    listing = planlint("rules", "--rules", MARKUP_RULES, cwd=tmp_path, env=dict(env, COLUMNS="250"))
    row = next(line for line in listing.stdout.splitlines() if "USR901" in line)
    assert ":b:" in row and "[red]红[/red]" in row and "🅱" not in listing.stdout
    one = planlint("rule", "USR901", "--rules", MARKUP_RULES, cwd=tmp_path, env=env)
    assert ":b: 与 [red]红[/red]" in one.stdout and "🅱" not in one.stdout


@pytest.mark.parametrize("env", [{}, {"FORCE_COLOR": "1"}])
def test_text_report_and_outline_show_draft_text_as_written(tmp_path, env):
    done = planlint("check", "--rules", MARKUP_RULES, "--select", "USR,NUM", MARKUP_DRAFT, cwd=tmp_path, env=env)
    assert done.returncode == 1
    assert "不要写“甲乙丙”:b: [bold]甲乙丙[/bold]" in done.stdout and "🅱" not in done.stdout
    tree = planlint("outline", MARKUP_DRAFT, cwd=tmp_path, env=env)
    assert "一、 总体要求 :smile:" in tree.stdout.replace(f"{ESC}0m", "").replace(f"{ESC}1m", "")
    assert "😄" not in tree.stdout and "🅱" not in tree.stdout


# --- 3. colour ---------------------------------------------------------------------------------

@pytest.mark.parametrize("args, env, coloured", [
    ((), {}, False),                                  # a pipe: no colour
    ((), {"FORCE_COLOR": "1"}, True),                 # FORCE_COLOR works through a pipe
    ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    (("--color", "always"), {}, True),
    (("--color", "always"), {"NO_COLOR": "1"}, True),  # the option wins over the environment
    (("--color", "never"), {"FORCE_COLOR": "1"}, False),
    (("--color", "auto"), {"FORCE_COLOR": "1"}, True),
])
def test_color_choice_on_check(tmp_path, args, env, coloured):
    done = planlint("check", *args, DEFECTS, cwd=tmp_path, env=env)
    assert done.returncode == 1
    assert (ESC in done.stdout) is coloured, done.stdout[:200]
    assert "NUM101" in done.stdout


@pytest.mark.parametrize("command", [("rules",), ("outline", DEFECTS), ("owners", DEFECTS), ("targets", DEFECTS)])
def test_color_option_on_other_commands(tmp_path, command):
    assert ESC in planlint(*command, "--color", "always", cwd=tmp_path).stdout
    assert ESC not in planlint(*command, "--color", "never", cwd=tmp_path, env={"FORCE_COLOR": "1"}).stdout
    assert ESC not in planlint(*command, cwd=tmp_path).stdout


def test_machine_formats_are_never_coloured(tmp_path):
    done = planlint("check", "--format", "json", "--color", "always", DEFECTS, cwd=tmp_path)
    assert ESC not in done.stdout
    assert len(json.loads(done.stdout)["findings"]) == 3


# --- 4. baselines ------------------------------------------------------------------------------

@needs_git
def test_baseline_survives_git_mv_and_a_copy_does_not_inherit_it(tmp_path):
    repo = tmp_path / "repo"
    (repo / "drafts").mkdir(parents=True)
    shutil.copy(DEFECTS, repo / "drafts" / "纲要.txt")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "draft")
    written = planlint("check", "drafts", "--write-baseline", "baseline.json", cwd=repo)
    assert written.returncode == 0 and "3 个问题" in written.stderr
    # a copy beside the original is a new document: the original keeps its entries
    shutil.copy(repo / "drafts" / "纲要.txt", repo / "drafts" / "副本.txt")
    copied = planlint("check", ".", "--baseline", "baseline.json", "--format", "concise", cwd=repo)
    assert copied.returncode == 1
    assert concise(copied.stdout) == [f"drafts/副本.txt:{loc}" for loc in DEFECT_LINES]
    os.remove(repo / "drafts" / "副本.txt")
    git(repo, "mv", "drafts/纲要.txt", "drafts/纲要（征求意见稿）.txt")
    (repo / "moved").mkdir()
    git(repo, "mv", "drafts/纲要（征求意见稿）.txt", "moved/纲要（征求意见稿）.txt")
    after = planlint("check", ".", "--baseline", "baseline.json", "--format", "concise", cwd=repo)
    assert after.returncode == 0, after.stdout
    assert after.stdout == "" and "不再出现" not in after.stderr
    # the old path gone and two identical drafts in its place: one of them keeps the entries
    shutil.copy(repo / "moved" / "纲要（征求意见稿）.txt", repo / "moved" / "副本.txt")
    both = planlint("check", ".", "--baseline", "baseline.json", "--format", "concise", cwd=repo)
    assert both.returncode == 1
    reported = concise(both.stdout)
    assert len({line.split(":")[0] for line in reported}) == 1
    assert [line.split(":", 1)[1] for line in reported] == DEFECT_LINES


def test_baseline_set_in_the_config_file(tmp_path):
    (tmp_path / "ci").mkdir()
    (tmp_path / "drafts").mkdir()
    shutil.copy(DEFECTS, tmp_path / "drafts" / "a.txt")
    assert planlint("check", "drafts", "--write-baseline", "ci/known.json", cwd=tmp_path).returncode == 0
    (tmp_path / "planlint.yaml").write_text("baseline: ci/known.json\n", encoding="utf-8")
    # run from a subfolder: the path is relative to the config file, not to the current folder
    done = planlint("check", ".", "--format", "concise", cwd=tmp_path / "drafts")
    assert done.returncode == 0 and done.stdout == ""
    everything = planlint("check", ".", "--no-baseline", "--format", "concise", cwd=tmp_path / "drafts")
    assert everything.returncode == 1 and concise(everything.stdout) == [f"a.txt:{loc}" for loc in DEFECT_LINES]
    shown = planlint("config", "--format", "json", cwd=tmp_path / "drafts")
    assert json.loads(shown.stdout)["baseline"] == str(tmp_path.resolve() / "ci" / "known.json")


def test_baseline_in_config_must_be_a_path(tmp_path):
    (tmp_path / "planlint.yaml").write_text("baseline: [a, b]\n", encoding="utf-8")
    shutil.copy(DEFECTS, tmp_path / "a.txt")
    done = planlint("check", "a.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert "planlint.yaml" in done.stderr and "baseline" in done.stderr
    (tmp_path / "planlint.yaml").write_text("baseline: missing.json\n", encoding="utf-8")
    missing = planlint("check", "a.txt", cwd=tmp_path)
    assert missing.returncode == 2 and "missing.json" in missing.stderr and "基线文件不存在" in missing.stderr


# --- 6. .gitignore -----------------------------------------------------------------------------

def _linted(stdout: str) -> list[str]:
    return [f["path"] for f in json.loads(stdout)["files"]]


@needs_git
def test_discovery_honours_gitignore_like_git(tmp_path):
    repo = tmp_path / "repo"
    files = ["a.txt", "归档/old.txt", "旧稿废弃版.md", "drafts/新废弃稿.md", "drafts/b.md", "drafts/保留废弃稿.md",
             "drafts/草稿/c.txt", "drafts/deep/er/d.txt", "local.txt", "notes/e.md"]
    for rel in files:
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DEFECTS, repo / rel)
    git(repo, "init", "-q")
    (repo / ".gitignore").write_text("# drafts taken out of use\n/归档/\n*废弃*.md\n**/er/\n", encoding="utf-8")
    (repo / "drafts" / ".gitignore").write_text("!保留废弃稿.md\n草稿/\n", encoding="utf-8")
    (repo / ".git" / "info" / "exclude").write_text("local.txt\n", encoding="utf-8")
    expected = ["a.txt", "drafts/b.md", "drafts/保留废弃稿.md", "notes/e.md"]
    assert _linted(planlint("check", ".", "--format", "json", cwd=repo).stdout) == expected
    # the ignore files above the walked folder apply too (up to the repository's root)
    assert _linted(planlint("check", "drafts", "--format", "json", cwd=repo).stdout) == expected[1:3]
    assert _linted(planlint("check", ".", "--format", "json", cwd=repo / "drafts").stdout) == ["b.md", "保留废弃稿.md"]
    # git agrees about every file
    git_says = git(repo, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    assert sorted(filter(None, git_says)) == sorted(expected + [".gitignore", "drafts/.gitignore"])
    # a file named on the command line is linted even when ignored (pre-commit passes files by name)
    assert _linted(planlint("check", "旧稿废弃版.md", "--format", "json", cwd=repo).stdout) == ["旧稿废弃版.md"]


def test_gitignore_outside_a_repository_applies_from_the_walked_folder(tmp_path):
    for rel in ("a.txt", "废弃/b.txt", "c废弃.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DEFECTS, tmp_path / rel)
    (tmp_path / ".gitignore").write_text("废弃/\n*废弃*.md\n", encoding="utf-8")
    assert _linted(planlint("check", ".", "--format", "json", cwd=tmp_path).stdout) == ["a.txt"]


# --- 7. cache folder ---------------------------------------------------------------------------

def test_caches_go_to_xdg_cache_home(tmp_path):
    cache = tmp_path / "cache"
    done = planlint("check", DEFECTS, "--format", "concise", cwd=tmp_path, env={"XDG_CACHE_HOME": str(cache)})
    assert done.returncode == 1
    # the validated shipped rules, the shipped YAML files parsed, the sentence-key tables and the
    # regex programs; the grammar is compiled (and cached) only for a line the outline's regexes
    # cannot decide, which this draft does not have
    assert {p.name.split(".")[0] for p in (cache / "planlint").iterdir()} == {"data", "rules", "normalizer", "programs"}
    assert oct((cache / "planlint").stat().st_mode & 0o777) == "0o700"


@pytest.mark.parametrize("setup", ["file-in-the-way", "cache-file-is-a-folder", "garbage-cache"])
def test_an_unusable_cache_never_breaks_a_run(tmp_path, setup):
    # Tests may run as root, for whom permissions do not stop a write: make the folder unusable
    # by other means a read-only home cannot be told apart from (the write fails).
    home = tmp_path / "home"
    home.mkdir()
    if setup == "file-in-the-way":
        (home / ".cache").write_text("not a folder", encoding="utf-8")
        env = {"HOME": str(home), "XDG_CACHE_HOME": ""}
    else:
        from planlint.document.parser import grammar_cache_file

        cache = home / "cache" / "planlint"
        cache.mkdir(parents=True)
        target = grammar_cache_file(cache)
        if setup == "cache-file-is-a-folder":
            target.mkdir()
        else:
            target.write_bytes(b"\x80\x04not a pickle" * 20)
        env = {"XDG_CACHE_HOME": str(home / "cache")}
    done = planlint("check", DEFECTS, "--format", "concise", cwd=tmp_path, env=env)
    assert done.returncode == 1 and done.stderr == ""
    assert concise(done.stdout) == [f"{DEFECTS}:{loc}" for loc in DEFECT_LINES]


NEAR = FIXTURES / "duplicates" / "near.md"  # its DUP103 message is explained with jieba's words


def test_word_index_in_the_cache_folder(tmp_path):
    cache = tmp_path / "cache"
    done = planlint("check", NEAR, "--select", "DUP103", "--format", "concise", cwd=tmp_path,
                    env={"XDG_CACHE_HOME": str(cache), "TMPDIR": str(tmp_path)})
    assert "DUP103" in done.stdout and "“推动”改为“推进”" in done.stdout
    assert {p.name.split(".")[0].split("-")[0] for p in (cache / "planlint").iterdir()} == {"data", "rules", "words",
                                                                                           "normalizer", "programs"}


def test_without_a_cache_nothing_is_written_to_shared_tmp(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    (tmp_path / "blocker").write_text("a file where the cache folder would be", encoding="utf-8")
    done = planlint("check", NEAR, "--select", "DUP103", "--format", "concise", cwd=tmp_path,
                    env={"XDG_CACHE_HOME": str(tmp_path / "blocker"), "TMPDIR": str(scratch)})
    assert "“推动”改为“推进”" in done.stdout and done.stderr == ""
    assert list(scratch.iterdir()) == []  # jieba's own cache would be TMPDIR/jieba.cache


# --- 8. SARIF rule metadata --------------------------------------------------------------------

def _sarif(tmp_path, *args):
    done = planlint("check", "--format", "sarif", *args, cwd=tmp_path)
    return json.loads(done.stdout)["runs"][0]["tool"]["driver"]


def test_sarif_short_description_is_a_whole_first_sentence(tmp_path):
    driver = _sarif(tmp_path, "--rules", MARKUP_RULES, "--select", "USR", MARKUP_DRAFT)
    (rule,) = driver["rules"]
    assert rule["shortDescription"]["text"] == "文中出现“甲乙丙”时，应改写为规范表述 :b: 与 [red]红[/red]，这句在第二行才写完。"
    assert rule["fullDescription"]["text"].endswith("第二句不属于简述。")
    every = _sarif(tmp_path, "--select", "ALL", DEFECTS)["rules"]
    assert len(every) > 40
    for r in every:
        short, full = r["shortDescription"]["text"], r["fullDescription"]["text"]
        assert "\n" not in short and full.startswith(short), r["id"]


def test_sarif_links_each_rule_to_its_documentation(tmp_path):
    from planlint.ruleset.docgen import REPOSITORY

    driver = _sarif(tmp_path, "--select", "ALL", DEFECTS)
    assert driver["informationUri"] == REPOSITORY and "pypi" not in driver["informationUri"]
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for r in driver["rules"]:
        assert r["helpUri"] == f"{REPOSITORY}/blob/main/docs/rules.md#{r['id'].lower()}"
        assert f"\n## {r['id']}\n" in docs  # GitHub's anchor for this heading is the lower-case code


def test_rule_docs_are_up_to_date():
    done = subprocess.run([sys.executable, "-m", "planlint.ruleset.docgen", "--check"], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr


def test_project_urls_and_readme_agree_on_where_planlint_comes_from():
    from planlint.ruleset.docgen import REPOSITORY

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'Repository = "{REPOSITORY}"' in pyproject
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"pip install git+{REPOSITORY}" in readme
    assert "pypi.org/project/planlint" not in readme
    # every install instruction fetches from the repository, none from a PyPI name we do not own
    for doc in (ROOT / "README.md", *(ROOT / "docs" / "ci").iterdir()):
        for line in doc.read_text(encoding="utf-8").splitlines():
            if "pip install" in line and not line.lstrip().startswith("#") and not ("不要" in line or "do not" in line):
                assert "pip install planlint" not in line and "pip install plan-lint" not in line, (doc, line)
