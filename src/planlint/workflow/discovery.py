"""Which files a run lints: the paths given, and *.txt/*.md found by walking folders (skipping what
.gitignore files ignore)."""
from __future__ import annotations

import os

DRAFT_SUFFIXES = (".txt", ".md", ".markdown", ".docx")
# Drafts in formats planlint cannot read: found in folders so that the run says so (exit 2), never
# passes them silently. Word's lock files (~$x.docx) are not drafts.
UNREADABLE_SUFFIXES = (".doc", ".wps", ".pdf", ".odt", ".rtf", ".docm")
# Folders that hold tools' files, never drafts.
IGNORED_DIRS = {"node_modules", "__pycache__", "venv", "site-packages", "build", "dist"}


def _display(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


class _GitIgnore:
    """The .gitignore files that apply while walking one folder, with git's meaning (pathspec's
    gitignore matcher: globs like *废弃*.md, **, anchored /patterns, dir/ patterns, !negations): the
    deepest file with a matching pattern decides, and its last matching pattern wins. Inside a git
    repository the files from its root down to the walked folder apply too, and .git/info/exclude."""

    def __init__(self, top: str):
        self._specs: dict[str, object] = {}
        root = _repository_root(top)
        if root is not None:
            self._load(root, os.path.join(root, ".git", "info", "exclude"))
            folder = root
            for part in os.path.relpath(top, root).split(os.sep):
                if part in ("", "."):
                    continue
                self.enter(folder)
                folder = os.path.join(folder, part)
        self.enter(top)

    def enter(self, folder: str) -> None:
        """Read folder/.gitignore, if any (called for each folder as the walk reaches it)."""
        self._load(folder, os.path.join(folder, ".gitignore"))

    def _load(self, folder: str, path: str) -> None:
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                lines = fh.read().splitlines()
        except OSError:
            return
        from pathspec import GitIgnoreSpec  # only when a repository has ignore files

        spec = GitIgnoreSpec.from_lines(lines)
        if folder in self._specs:  # .git/info/exclude first, then the root .gitignore: later wins
            spec = self._specs[folder] + spec
        self._specs[folder] = spec

    def ignored(self, path: str, is_dir: bool) -> bool:
        if not self._specs:
            return False
        folder = os.path.dirname(path)
        while True:
            spec = self._specs.get(folder)
            if spec is not None:
                rel = os.path.relpath(path, folder).replace(os.sep, "/") + ("/" if is_dir else "")
                verdict = spec.check_file(rel).include
                if verdict is not None:
                    return verdict
            parent = os.path.dirname(folder)
            if parent == folder:
                return False
            folder = parent


def _repository_root(folder: str) -> str | None:
    """The nearest folder at or above folder that holds .git (a folder, or a worktree's file)."""
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def expand(paths: list[str]) -> list[tuple[str, str]]:
    """(path to open, path to report) for every file to lint, in a stable order. Paths that do not
    exist are passed through so that reading them reports the error."""
    out: list[tuple[str, str]] = []
    for given in paths:
        if not os.path.isdir(given):
            out.append((given, given))
            continue
        gitignore = _GitIgnore(os.path.abspath(given))
        found = []
        for folder, dirs, files in os.walk(given):
            here = os.path.abspath(folder)
            if folder != given:
                gitignore.enter(here)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in IGNORED_DIRS
                             and not gitignore.ignored(os.path.join(here, d), True))
            for name in files:
                path = os.path.join(folder, name)
                # regular files only: opening a FIFO named x.txt would block the run forever
                if (name.lower().endswith(DRAFT_SUFFIXES + UNREADABLE_SUFFIXES) and not name.startswith((".", "~$"))
                        and os.path.isfile(path)
                        and not gitignore.ignored(os.path.join(here, name), False)):
                    found.append(path)
        out.extend((p, _display(p)) for p in sorted(found))
    return out
