"""Which files a run lints: the paths given, and *.txt/*.md found by walking folders."""
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


def _gitignored_dirs(root: str) -> set[str]:
    """Folder names a .gitignore at the walked root ignores (plain names only: 'drafts/', 'old')."""
    names: set[str] = set()
    try:
        with open(os.path.join(root, ".gitignore"), encoding="utf-8", errors="replace") as fh:
            for line in fh:
                line = line.strip()
                if line and not line.startswith(("#", "!")) and not any(c in line for c in "*?["):
                    names.add(line.strip("/"))
    except OSError:
        pass
    return names


def expand(paths: list[str]) -> list[tuple[str, str]]:
    """(path to open, path to report) for every file to lint, in a stable order. Paths that do not
    exist are passed through so that reading them reports the error."""
    out: list[tuple[str, str]] = []
    for given in paths:
        if not os.path.isdir(given):
            out.append((given, given))
            continue
        ignored = IGNORED_DIRS | _gitignored_dirs(given)
        found = []
        for folder, dirs, files in os.walk(given):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ignored)
            for name in files:
                path = os.path.join(folder, name)
                # regular files only: opening a FIFO named x.txt would block the run forever
                if (name.lower().endswith(DRAFT_SUFFIXES + UNREADABLE_SUFFIXES) and not name.startswith((".", "~$"))
                        and os.path.isfile(path)):
                    found.append(path)
        out.extend((p, _display(p)) for p in sorted(found))
    return out
