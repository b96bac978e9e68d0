"""Run the selected rules over documents: one read and one parse per file, each check a pure
function of the Document, corpus-wide checks over the list of Documents."""
from __future__ import annotations

import sys
import time
from itertools import islice

import msgspec

from planlint import checks

from planlint.document import parser, source
from planlint.text import programs
from planlint.workflow.discovery import expand
from planlint.errors import CheckLimit, InputError
from planlint.document.model import Applicability, Document, Finding, severity_rank
from planlint.ruleset.loader import Rule

STDIN = "-"  # the path that means: read the draft from standard input


class FileResult(msgspec.Struct):
    path: str
    encoding: str | None = None
    lines: int = 0
    findings: int = 0
    error: str | None = None
    codes: list[str] = msgspec.field(default_factory=list)  # the rules run on this file (config may differ per file)
    fixed: int = 0                                  # findings fixed by --fix


class RunResult(msgspec.Struct):
    files: list[FileResult]
    findings: list[Finding]
    rules: list[Rule]
    errors: list[str] = msgspec.field(default_factory=list)   # one line each: the run failed (exit 2)
    documents: list[Document] = msgspec.field(default_factory=list)
    timing: dict[str, float] = msgspec.field(default_factory=dict)
    diffs: list[str] = msgspec.field(default_factory=list)        # --diff: one unified diff per changed file
    baselined: int = 0                                     # findings hidden by --baseline
    stale: list = msgspec.field(default_factory=list)              # baseline entries no finding matched
    notes: list[str] = msgspec.field(default_factory=list)         # stderr lines that are not failures
    stdin_output: bytes | None = None                      # --fix on stdin: the text to print

    def summary(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def failed(self, fail_on: str) -> bool:
        threshold = severity_rank(fail_on)
        return any(severity_rank(f.severity) >= threshold for f in self.findings)


def load_document(path: str, display: str, revisions: str = "accept") -> Document:
    text = source.read(path, display, revisions=revisions)
    return parser.build(text, parser.format_of(path))


# Findings of one rule in one file beyond this are not reported (a line of 300,000 unmatched
# brackets): nobody reads them, and each costs memory; the run says how many were left out.
MAX_PER_RULE = 5000


def run_document(doc: Document, rules: list[Rule], timing: dict[str, float] | None = None,
                 errors: list[str] | None = None, notes: list[str] | None = None) -> list[Finding]:
    found: list[Finding] = []
    for rule in rules:
        kind = checks.get(rule.kind)
        if kind is None or kind.scope != "document":
            continue
        got = _guarded(rule, lambda: islice(kind.run(doc, rule), MAX_PER_RULE + 1), doc.path, timing, errors)
        if len(got) > MAX_PER_RULE:
            del got[MAX_PER_RULE:]
            if notes is not None:
                notes.append(f"{doc.path}: 规则 {rule.code} 的问题超过 {MAX_PER_RULE} 个，只报告前 {MAX_PER_RULE} 个")
        found.extend(got)
    for f in found:
        if f.fix is not None:
            f.fix_json = f.fix.to_json(doc.text)
    return found


def _guarded(rule: Rule, call, where: str, timing, errors) -> list[Finding]:
    """A check that fails on some text must not stop the run; the failure is reported, loudly."""
    start = time.perf_counter()
    try:
        return list(call())
    except CheckLimit as e:
        if errors is None:
            raise
        errors.append(f"{where}: {e}")
        return []
    except Exception as e:  # noqa: BLE001 - report, keep linting the other rules and files
        if errors is None:
            raise
        errors.append(f"{where}: 规则 {rule.code} 内部错误（{type(e).__name__}: {e}），请报告此问题")
        return []
    finally:
        if timing is not None:
            timing[rule.code] = timing.get(rule.code, 0.0) + time.perf_counter() - start


class FileOptions(msgspec.Struct):
    """How each file is linted; plain data so that it can be sent to a worker process."""

    fix: Applicability | None = None  # the fixes to apply: SAFE ones, or UNSAFE ones too
    write: bool = True          # write fixed files (False: --diff)
    suppress: bool = True       # honour <!-- planlint: ... --> directives
    max_bytes: int | None = None  # larger drafts are refused (None: source.MAX_BYTES)
    stdin: bytes | None = None  # the draft read from standard input, linted as path STDIN
    revisions: str = "accept"   # .docx tracked changes: "accept" | "original"
    keep_document: bool = True  # False: hand back only the text and digests (no rule needs the parse later)


class FileOutcome(msgspec.Struct):
    file: FileResult
    path: str = ""                # the path opened (file.path is the one reported)
    findings: list[Finding] = msgspec.field(default_factory=list)
    errors: list[str] = msgspec.field(default_factory=list)
    timing: dict[str, float] = msgspec.field(default_factory=dict)
    document: Document | None = None
    suppressions: object = None   # suppressions.Suppressions, to filter corpus findings later
    fix: object = None            # fixer.FixResult when fixing
    notes: list[str] = msgspec.field(default_factory=list)  # e.g. findings left out (MAX_PER_RULE)


def lint_file(path: str, display: str, rules: list[Rule], options: FileOptions | None = None) -> FileOutcome:
    """Everything that happens to one file: read, parse, check, honour suppressions, fix. Runs in
    a worker process unchanged (arguments and result are plain data)."""
    from planlint.workflow import suppressions

    options = options or FileOptions()
    errors: list[str] = []
    timing: dict[str, float] = {}
    notes: list[str] = []
    named = display if path == STDIN else path  # stdin: --stdin-filename says .md or .txt

    def lint_text(text):
        doc = parser.build(text, parser.format_of(named))
        notes.clear()  # of the last pass when fixing
        found = run_document(doc, rules, timing, errors, notes)
        if options.suppress:
            found = suppressions.apply(suppressions.parse(doc), found)
        return doc, found

    try:
        if options.fix and named.lower().endswith(".docx"):
            from planlint.workflow import docx_fix

            data, snapshot = _read(path, display, options)
            fixed, doc, found = docx_fix.fix_docx(data, display, lint_text, options.fix == Applicability.UNSAFE, options.revisions)
            fixed.snapshot = snapshot
        elif options.fix:
            from planlint.workflow import fixer

            data, snapshot = _read(path, display, options)
            fixed, doc, found = fixer.fix_loop(data, source.decode(data, display), lint_text,
                                               unsafe=options.fix == Applicability.UNSAFE)
            fixed.snapshot = snapshot
        else:
            fixed = None
            doc, found = lint_text(_text(_read(path, display, options, snapshot=False)[0], display, named, options))
    except InputError as e:
        return FileOutcome(FileResult(display, error=e.problem), path, errors=[e.message])
    result = FileResult(display, doc.text.encoding, doc.text.line_count, len(found),
                        codes=[r.code for r in rules], fixed=fixed.fixed if fixed else 0)
    sup = suppressions.parse(doc) if options.suppress else None
    _take_digests(doc, rules, timing, errors)
    if not options.keep_document:
        doc = _text_only(doc)
    return FileOutcome(result, path, found, errors, timing, doc, sup, fixed, notes)


def _take_digests(doc: Document, rules: list[Rule], timing, errors) -> None:
    """What each corpus rule of this file keeps of the document, taken while it is parsed."""
    for rule in rules:
        kind = checks.get(rule.kind)
        if kind is not None and kind.scope == "corpus" and kind.digest is not None:
            _guarded(rule, lambda: [checks.kept(doc, rule)], doc.path, timing, errors)


def _text(data: bytes, display: str, named: str, options: FileOptions):
    if named.lower().endswith(".docx"):
        from planlint.document.wordfile import parse_docx

        return parse_docx(data, display, options.revisions).text
    return source.decode(data, display)


def _text_only(doc: Document) -> Document:
    """The document without its parse: what the end of the run (fingerprints, the baseline, the
    text report, corpus rules through their digests) reads. Memory stays that of the texts and
    digests, not of every heading, block and analysis, and a worker sends back little more than
    its findings."""
    return Document(doc.text, [], [], None, [], doc.fmt, derived=checks.digest_keys(doc), text_only=True)


def _read(path: str, display: str, options: FileOptions, snapshot: bool = True):
    """The draft's bytes and, for a file read to be fixed, its snapshot (what --fix checks before
    replacing it)."""
    if path == STDIN and options.stdin is not None:
        return options.stdin, None
    if not snapshot:
        return source.read_bytes(path, display, limit=options.max_bytes), None
    return source.read_with_snapshot(path, display, limit=options.max_bytes)


def lint(paths: list[str], rules: list[Rule], keep_documents: bool = False, *,
         resolve=None, options: FileOptions | None = None, baseline=None, jobs: int | None = 1,
         progress=None, stdin_filename: str | None = None, parsed: bool = False,
         fingerprints: bool = True) -> RunResult:
    """Lint paths. rules: the rules for every file, unless resolve(path) gives a file its own
    (a config.FileConfig: rules, or excluded). options: fixing and suppressions. baseline: a
    baseline.Baseline whose findings are not reported. A path STDIN lints options.stdin under the
    name stdin_filename (config lookup, per-file rules, reported path). parsed: the documents are
    kept with their outline (reports that show it: html, docx). fingerprints: set each finding's
    fingerprint (reports that show it; hashing every finding costs the run OpenSSL's import)."""
    from planlint.workflow import baseline as baseline_mod, suppressions

    options = options or FileOptions()
    tasks: list[tuple[str, str, list[Rule]]] = []
    all_rules: dict[str, Rule] = {r.code: r for r in rules}
    for path, display in expand(paths):
        if path == STDIN and options.stdin is not None:
            display = stdin_filename or STDIN
        file_rules = rules
        if resolve is not None:
            fc = resolve(display if path == STDIN else path)
            if fc.excluded:
                continue
            file_rules = fc.rules
            all_rules.update((r.code, r) for r in file_rules)
        tasks.append((path, display, file_rules))
    if options.keep_document and not parsed and not _needs_whole_documents(all_rules.values()):
        options = msgspec.structs.replace(options, keep_document=False)
    # jobs: worker processes for large runs (parallel.py); progress: progress.bar for many files
    from planlint.workflow import parallel

    outcomes: list[FileOutcome] = list(parallel.outcomes(tasks, options, jobs, progress))
    programs.save()  # the patterns first compiled in this run are compiled from the cache next time

    errors = [e for o in outcomes for e in o.errors]
    timing: dict[str, float] = {}
    for o in outcomes:
        for code, t in o.timing.items():
            timing[code] = timing.get(code, 0.0) + t
    documents = [o.document for o in outcomes if o.document is not None]
    _add_corpus(outcomes, documents, list(all_rules.values()), timing, errors)

    findings: list[Finding] = []
    diffs: list[str] = []
    baselined = 0
    stdin_output = None
    linted = [o for o in outcomes if o.document is not None]
    per_file = []
    for o in linted:
        found = sorted(o.findings, key=Finding.sort_key)
        if o.suppressions is not None:
            found = suppressions.finish(o.suppressions, found)
        if fingerprints:
            baseline_mod.fingerprint(found, o.document.text)
        per_file.append((o.document.text, found))
    # .docx drafts name paragraphs, in their own findings and where others point at them
    word_texts = {o.document.path: o.document.text for o in linted if o.document.text.encoding == "docx"}
    # the baseline sees the whole run at once: a renamed draft's entries are matched by content
    kept_per_file = baseline.filter_all(per_file) if baseline is not None else [f for _, f in per_file]
    for o, (_, all_found), found in zip(linted, per_file, kept_per_file):
        baselined += len(all_found) - len(found)
        o.file.findings = len(found)
        if word_texts:
            from planlint.document.wordfile.positions import place

            place(found, o.document, word_texts)
        findings.extend(found)
        if getattr(o.fix, "note", None):
            warn(o.fix.note)
        if o.fix is not None and o.path == STDIN and options.write:
            stdin_output = o.fix.data  # printed by the caller, changed or not (editors replace the buffer)
        elif o.fix is not None and o.fix.changed:
            _write_fix(o, options, diffs, errors)
    findings.sort(key=Finding.sort_key)
    result = RunResult([o.file for o in outcomes], findings, list(all_rules.values()), errors,
                       documents if keep_documents else [], timing, diffs, baselined,
                       notes=[n for o in outcomes for n in o.notes], stdin_output=stdin_output)
    if baseline is not None:
        result.stale = baseline.stale([o.document.path for o in outcomes if o.document is not None])
    return result


def _add_corpus(outcomes, documents, rules, timing, errors) -> None:
    """Corpus-scoped findings go to their file's outcome, if that file runs the rule and no
    suppression there covers it."""
    from planlint.workflow import suppressions

    corpus = run_corpus(documents, rules, timing, errors)
    by_path = {o.document.path: o for o in outcomes if o.document is not None}
    for f in corpus:
        o = by_path.get(f.path)
        if o is None or f.code not in o.file.codes:
            continue
        if o.suppressions is None or suppressions.apply(o.suppressions, [f]):
            o.findings.append(f)


def _write_fix(o: FileOutcome, options: FileOptions, diffs: list[str], errors: list[str]) -> None:
    from planlint.workflow import fixer

    if not options.write:
        from planlint.document.source import decode

        before = getattr(o.fix, "before", None) or decode(o.fix.original, o.file.path)
        diffs.append(fixer.diff(o.file.path, before, o.fix.text))
        return
    try:
        source.write_atomic(o.path, o.fix.data, expected=o.fix.snapshot)
    except source.WriteRefused as e:
        o.file.fixed = 0
        errors.append(f"{o.file.path}: {e}")
    except OSError as e:
        o.file.fixed = 0
        errors.append(f"{o.file.path}: 无法写入修正（{e.strerror}）")


def _needs_whole_documents(rules) -> bool:
    """Whether any rule reads whole documents at the end of the run (a corpus rule without a
    digest)."""
    for rule in rules:
        kind = checks.get(rule.kind)
        if kind is not None and kind.scope == "corpus" and kind.digest is None:
            return True
    return False


def run_corpus(documents: list[Document], rules: list[Rule], timing=None, errors=None) -> list[Finding]:
    found: list[Finding] = []
    for rule in rules:
        kind = checks.get(rule.kind)
        if kind is not None and kind.scope == "corpus":
            found.extend(_guarded(rule, lambda: kind.run(documents, rule), "（多文件）", timing, errors))
    return found


def warn(message: str) -> None:
    from planlint.text.termsafe import escape

    print(f"planlint: {escape(message)}", file=sys.stderr)
