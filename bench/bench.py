"""planlint's benchmark: one run reports per-rule time, wall time and peak memory for one ~180 KB
draft, the five corpus files, and 10x / 100x synthetic corpora, next to autocorrect (PyPI
autocorrect-py) and zhlint (npm) on the same files when they can be installed.

    python bench/bench.py                 # everything; table on stdout, JSON in bench/results.json
    python bench/bench.py --quick         # one run per measurement, no 100x corpus
    python bench/bench.py --no-reference  # skip autocorrect and zhlint
    python bench/bench.py --paired-only   # only the paired ratios (issue 17's targets)

Wall time and peak memory are of a child process (`python -m planlint check ... --format json`),
so startup counts, as it does for a user; memory is the child's peak RSS (os.wait4). The reference
tools are installed into a private cache folder, never into the environment planlint runs in.
Other work on the machine makes wall times noisy: each measurement is the best of --repeat runs.

The paired section runs every command of a comparison once per round, rounds interleaved, and
reports the median over rounds of each ratio (planlint / autocorrect-py, with / without a
near-duplicate), so that load from other processes falls on both sides of a ratio alike. It also
reports CPU time (user + system), which load inflates far less than wall time. Start-up is also
measured with an empty cache folder (a first run: the shipped rules validated, the registries
parsed), and its imports are listed from python -X importtime.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PLANLINT_CORPUS", ROOT.parent / "shared" / "corpus"))
TOOLS = Path(os.environ.get("PLANLINT_BENCH_TOOLS",
                            Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "planlint-bench"))
BUDGET = {"one draft": 0.3, "corpus": 0.5}
# issue 17: paired ratios and absolute limits
TARGETS = {"corpus default / autocorrect": 2.0, "corpus NUM,TOC / autocorrect": 1.3,
           "biggest + near-duplicate / biggest": 1.10}
STARTUP_BUDGET_S = 0.09
PEAK_MB_BUDGET = 300
LINEAR_SLACK = 1.5  # seconds per MB at 100x may be at most this many times that at 10x
# Children run as an installed planlint does: with bytecode caches (kept out of the source tree),
# even where the environment sets PYTHONDONTWRITEBYTECODE; compiling every module costs ~0.1 s.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(TOOLS / "pycache")


def measure(cmd: list[str], repeat: int, cwd: str | None = None, env: dict | None = None) -> dict:
    """Best wall time and peak RSS (MB) of a child process over `repeat` runs."""
    walls, rss, code = [], [], None
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd,
                                env=env or CHILD_ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode("utf-8", "replace")
        proc.stderr.close()
        code = proc.returncode
        rss.append(usage.ru_maxrss / 1024)  # Linux reports KB
    walls.sort()
    return {"wall_s": round(walls[0], 4), "wall_median_s": round(walls[len(walls) // 2], 4),
            "peak_rss_mb": round(max(rss), 1), "exit": code, "stderr_tail": err[-300:] if code not in (0, 1) else ""}


def synthetic(files: list[Path], copies: int, folder: Path) -> list[Path]:
    """`copies` copies of each file with small edits (two lines swapped, a line added), so that
    no two files are identical."""
    rng = random.Random(copies)
    out = []
    for k in range(copies):
        for f in files:
            lines = f.read_text(encoding="utf-8").split("\n")
            i = rng.randrange(max(1, len(lines) - 1))
            if i + 1 < len(lines):
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
            lines.insert(1, f"（修订稿第{k + 1}版）")
            target = folder / f"{f.stem}-{k:03d}.txt"
            target.write_text("\n".join(lines), encoding="utf-8")
            out.append(target)
    return out


def size_mb(paths: list[Path]) -> float:
    return sum(p.stat().st_size for p in paths) / 1e6


def rule_timing(paths: list[Path]) -> dict[str, float]:
    """Per-rule seconds for every built-in rule (what `check --timing` shows), measured in a child
    so that this process stays small: a forked child's peak RSS starts at its parent's."""
    out = subprocess.run([sys.executable, __file__, "--rule-timing", *map(str, paths)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _rule_timing_here(paths: list[str]) -> None:
    from planlint.workflow import engine
    from planlint.ruleset import loader as rules

    chosen = rules.load().select(["ALL"])
    engine.lint(paths, chosen)  # warm: parser cache, family imports
    result = engine.lint(paths, chosen)
    print(json.dumps({code: round(s, 4) for code, s in sorted(result.timing.items(), key=lambda kv: -kv[1])}))


def planlint_cmd(paths, jobs: int | None, everything: bool = True) -> list[str]:
    cmd = [sys.executable, "-m", "planlint", "check", *map(str, paths), "--format", "json", "--exit-zero"]
    if everything:
        cmd += ["--select", "ALL"]  # opt-in rules too
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    return cmd


def has_jobs_option() -> bool:
    out = subprocess.run([sys.executable, "-m", "planlint", "check", "--help"], capture_output=True, text=True)
    return "--jobs" in out.stdout


# --- reference tools ---------------------------------------------------------------------------

_AUTOCORRECT = """
import sys, autocorrect_py
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as fh:
        autocorrect_py.lint_for(fh.read(), path)
"""
_ZHLINT = """
const fs = require('fs'); const { run } = require('zhlint');
for (const path of process.argv.slice(2)) run(fs.readFileSync(path, 'utf8'));
"""


def install_autocorrect() -> tuple[list[str] | None, dict | None, str]:
    target = TOOLS / "autocorrect"
    if not (target / "autocorrect_py").exists():
        r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(target), "autocorrect-py"],
                           capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            return None, None, "pip install autocorrect-py failed: " + r.stderr.strip()[-200:]
    env = dict(os.environ, PYTHONPATH=str(target))
    version = subprocess.run([sys.executable, "-c", "import importlib.metadata as m; print(m.version('autocorrect-py'))"],
                             capture_output=True, text=True, env=env).stdout.strip()
    return [sys.executable, "-c", _AUTOCORRECT], env, f"autocorrect-py {version}"


def install_zhlint() -> tuple[list[str] | None, str | None, str]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return None, None, "node/npm not found"
    folder = TOOLS / "zhlint"
    if not (folder / "node_modules" / "zhlint").exists():
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "package.json").exists():
            (folder / "package.json").write_text('{"private": true}\n')
        r = subprocess.run([npm, "install", "--no-audit", "--no-fund", "zhlint"], cwd=folder,
                           capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            return None, None, "npm install zhlint failed: " + r.stderr.strip()[-200:]
    meta = json.loads((folder / "node_modules" / "zhlint" / "package.json").read_text())
    return [node, "-e", _ZHLINT], str(folder), f"zhlint {meta.get('version')}"


# --- paired runs ---------------------------------------------------------------------------------

THREE_LINES = "第一章 总则\n一、发展目标\n到2025年，全市地区生产总值达到1万亿元。\n"


def plant_near_duplicate(source: Path, target: Path) -> bool:
    """source with a near-duplicate of one of its sentences added at the end (one word changed).
    False when no sentence of the file has a word to change."""
    text = source.read_text(encoding="utf-8")
    swaps = (("推进", "推动"), ("加强", "强化"), ("完善", "健全"), ("提升", "提高"))
    for line in text.split("\n"):
        line = line.strip()
        if not (30 <= len(line) <= 120 and line.endswith(("。", "."))):
            continue
        for old, new in swaps:
            if old in line:
                target.write_text(text.rstrip("\n") + "\n" + line.replace(old, new, 1) + "\n", encoding="utf-8")
                return True
    return False


def run_once(cmd: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and exit code of one child run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or CHILD_ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def _median(values: list[float]) -> float:
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def paired(files: list[Path], rounds: int, tmp: Path) -> dict:
    """Every command once per round, rounds interleaved; medians and median paired ratios."""
    three = tmp / "three-lines.txt"
    three.write_text(THREE_LINES, encoding="utf-8")
    biggest = max(files, key=lambda p: p.stat().st_size)
    planted = tmp / f"{biggest.stem}-near.txt"
    notes = []
    if not plant_near_duplicate(biggest, planted):
        notes.append("no sentence to plant a near-duplicate in: that ratio is not measured")
        planted = None
    py = [sys.executable]
    cmds: dict[str, tuple[list[str], dict | None]] = {
        "python -c pass": (py + ["-c", "pass"], None),
        "import click, lark, rich, yaml": (py + ["-c", "import click, lark, rich, yaml"], None),
        "start-up (three lines)": (planlint_cmd([three], None, False), None),
        "corpus default": (planlint_cmd(files, None, False), None),
        "corpus NUM,TOC": (planlint_cmd(files, None, False) + ["--select", "NUM,TOC"], None),
        "biggest": (planlint_cmd([biggest], None, False), None),
    }
    if planted is not None:
        cmds["biggest + near-duplicate"] = (planlint_cmd([planted], None, False), None)
        check = subprocess.run(planlint_cmd([planted], None, False), capture_output=True, text=True, env=CHILD_ENV)
        if '"DUP103"' not in check.stdout:
            notes.append("the planted near-duplicate was not reported (DUP103)")
    try:
        ac_cmd, ac_env, ac_version = install_autocorrect()
    except (OSError, subprocess.SubprocessError, ValueError) as e:
        ac_cmd, ac_env, ac_version = None, None, f"{type(e).__name__}: {e}"
    if ac_cmd is not None:
        cmds["autocorrect corpus"] = (ac_cmd + [str(p) for p in files], ac_env)
    else:
        notes.append(f"autocorrect skipped: {ac_version}")
    for cmd, env in cmds.values():  # warm: bytecode, grammar, rule and word caches
        run_once(cmd, env)
    # the first run of an installation: empty cache folder (shipped rules validated, registries parsed)
    cold = planlint_cmd([three], None, False)
    cmds["start-up, cold caches"] = (cold, None)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
    for k in range(rounds):
        for name, (cmd, env) in cmds.items():
            if name == "start-up, cold caches":
                env = {**CHILD_ENV, "PLANLINT_CACHE_DIR": str(tmp / f"cold-cache-{k}")}
            wall, cpu, _code = run_once(cmd, env)
            runs[name].append((wall, cpu))
    out = {"rounds": rounds, "autocorrect": ac_version if ac_cmd else None, "notes": notes,
           "commands": {name: {"wall_s": round(_median([w for w, _ in r]), 4),
                               "cpu_s": round(_median([c for _, c in r]), 4)} for name, r in runs.items()},
           "ratios": {}}
    pairs = {"corpus default / autocorrect": ("corpus default", "autocorrect corpus"),
             "corpus NUM,TOC / autocorrect": ("corpus NUM,TOC", "autocorrect corpus"),
             "biggest + near-duplicate / biggest": ("biggest + near-duplicate", "biggest"),
             "start-up / python -c pass": ("start-up (three lines)", "python -c pass"),
             "start-up / import click, lark, rich, yaml": ("start-up (three lines)", "import click, lark, rich, yaml")}
    for label, (a, b) in pairs.items():
        if a in runs and b in runs:
            out["ratios"][label] = {
                "wall": round(_median([x[0] / y[0] for x, y in zip(runs[a], runs[b])]), 3),
                "cpu": round(_median([x[1] / y[1] for x, y in zip(runs[a], runs[b])]), 3),
                "target": TARGETS.get(label)}
    out["startup_imports"] = startup_imports(planlint_cmd([three], None, False), rounds)
    return out


def startup_imports(cmd: list[str], rounds: int, top: int = 12) -> dict:
    """Where start-up's import time goes (python -X importtime, warm caches): per module the least
    self time over the rounds; the top-level imports with the most cumulative time, and totals by
    package (planlint's own modules one by one)."""
    best: dict[str, tuple[int, int, int]] = {}  # module -> (self us, cumulative us, depth)
    for _ in range(max(3, rounds)):
        done = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], capture_output=True, text=True,
                              env=CHILD_ENV)
        for line in done.stderr.splitlines():
            parts = line.split("|")
            if len(parts) != 3 or not line.startswith("import time:") or not parts[1].strip().isdigit():
                continue
            own, cum, name = int(parts[0].split(":")[1]), int(parts[1]), parts[2].rstrip()
            depth = (len(name) - len(name.lstrip())) // 2
            name = name.strip()
            old = best.get(name)
            best[name] = (min(own, old[0]), min(cum, old[1]), depth) if old else (own, cum, depth)
    groups: dict[str, int] = {}
    for name, (own, _, _) in best.items():
        group = name if name.startswith("planlint") else name.split(".")[0]
        groups[group] = groups.get(group, 0) + own
    outer = sorted((n for n, v in best.items() if v[2] == 0), key=lambda n: -best[n][1])
    return {"total_ms": round(sum(v[0] for v in best.values()) / 1000, 1),
            "top_level_ms": {n: round(best[n][1] / 1000, 1) for n in outer[:top]},
            "by_package_ms": {g: round(us / 1000, 1) for g, us in sorted(groups.items(), key=lambda kv: -kv[1])[:top]}}


def print_paired(p: dict) -> None:
    print(f"\npaired runs: {p['rounds']} interleaved rounds, medians (wall s / CPU s)")
    for name, m in p["commands"].items():
        extra = ""
        if name == "start-up (three lines)":
            extra = f"  budget {STARTUP_BUDGET_S} s {'ok' if m['wall_s'] < STARTUP_BUDGET_S else 'OVER'} (wall)"
        print(f"  {name:<34}{m['wall_s']:>8.3f}{m['cpu_s']:>8.3f}{extra}")
    print("median paired ratios (wall / CPU):")
    for label, r in p["ratios"].items():
        target = f"  target ≤ {r['target']}× {'ok' if r['wall'] <= r['target'] else 'OVER'}" if r["target"] else ""
        print(f"  {label:<44}{r['wall']:>7.2f}×{r['cpu']:>7.2f}×{target}")
    imports = p.get("startup_imports")
    if imports:
        print(f"start-up imports (python -X importtime, least of the rounds): {imports['total_ms']} ms in all")
        print("  top level, cumulative: " + ", ".join(f"{n} {ms}" for n, ms in imports["top_level_ms"].items()))
        print("  by package, own time:  " + ", ".join(f"{n} {ms}" for n, ms in imports["by_package_ms"].items()))
    for note in p["notes"]:
        print(f"  note: {note}")


# --- the run -------------------------------------------------------------------------------------

def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--rule-timing"]:
        _rule_timing_here(argv[1:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="one run each, no 100x corpus")
    ap.add_argument("--no-reference", action="store_true", help="skip autocorrect and zhlint")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--output", default=str(ROOT / "bench" / "results.json"))
    ap.add_argument("--rounds", type=int, default=7, help="rounds of the paired runs")
    ap.add_argument("--paired-only", action="store_true", help="only the paired ratios")
    args = ap.parse_args(argv)
    repeat = 1 if args.quick else args.repeat
    files = sorted(CORPUS.glob("*.txt"))
    if not files:
        print(f"no corpus at {CORPUS} (set PLANLINT_CORPUS)", file=sys.stderr)
        return 2
    if args.paired_only:
        with tempfile.TemporaryDirectory(prefix="planlint-bench-") as tmp:
            result = paired(files, args.rounds, Path(tmp))
        Path(args.output).write_text(json.dumps({"paired": result}, ensure_ascii=False, indent=2) + "\n",
                                     encoding="utf-8")
        print_paired(result)
        return 0
    draft = min(files, key=lambda p: abs(p.stat().st_size - 180_000))
    jobs_ok = has_jobs_option()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    report = {"machine": {"cores": cores, "python": sys.version.split()[0], "load": os.getloadavg()},
              "scenarios": [], "reference": [], "notes": []}
    # fill the Lark parser cache and the bytecode cache
    subprocess.run(planlint_cmd([draft], None), capture_output=True, env=CHILD_ENV)

    with tempfile.TemporaryDirectory(prefix="planlint-bench-") as tmp:
        scenarios = [("one draft", [draft]), ("corpus", files)]
        for copies in (10,) if args.quick else (10, 100):
            folder = Path(tmp) / f"x{copies}"
            folder.mkdir()
            scenarios.append((f"corpus x{copies}", synthetic(files, copies, folder)))
        for name, paths in scenarios:
            big = len(paths) > 20
            target = [str(paths[0].parent)] if big else paths
            row = {"scenario": name, "files": len(paths), "mb": round(size_mb(paths), 2)}
            runs = 1 if name.endswith("x100") else repeat
            row["serial"] = measure(planlint_cmd(target, 1 if jobs_ok else None), runs)
            if jobs_ok and big:
                row["parallel"] = measure(planlint_cmd(target, 0), runs)  # 0: every core
            row["s_per_mb"] = round(row["serial"]["wall_s"] / row["mb"], 3)
            if big:  # peak memory of what a user runs (default rules), with and without --jobs
                row["default_peak_mb"] = {
                    "serial": measure(planlint_cmd(target, 1 if jobs_ok else None, False), 1)["peak_rss_mb"],
                    "parallel": measure(planlint_cmd(target, 0, False), 1)["peak_rss_mb"] if jobs_ok else None}
            if name in BUDGET:
                # the budget is for what a user runs: the default rules (opt-in rules excluded)
                row["default_rules"] = measure(planlint_cmd(target, 1 if jobs_ok else None, False), runs)
                row["budget_s"] = BUDGET[name]
                row["within_budget"] = row["default_rules"]["wall_s"] < BUDGET[name]
            if not big or name.endswith("x10"):
                row["rule_timing_s"] = rule_timing(paths)
            report["scenarios"].append(row)
            print(f"  measured {name}", file=sys.stderr)
        if not args.no_reference:
            _reference(report, draft, files, repeat)
        report["paired"] = paired(files, 3 if args.quick else args.rounds, Path(tmp))
    by_name = {r["scenario"]: r for r in report["scenarios"]}
    if "corpus x10" in by_name and "corpus x100" in by_name:
        ratio = by_name["corpus x100"]["s_per_mb"] / by_name["corpus x10"]["s_per_mb"]
        report["linear"] = {"s_per_mb_ratio_x100_x10": round(ratio, 2), "ok": ratio <= LINEAR_SLACK}
    if not jobs_ok:
        report["notes"].append("this planlint has no --jobs option: serial runs only")
    Path(args.output).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print_table(report)
    print(f"\nJSON: {args.output}")
    return 0


def _reference(report, draft, files, repeat) -> None:
    for name, install in (("autocorrect", install_autocorrect), ("zhlint", install_zhlint)):
        try:
            cmd, extra, version = install()
        except (OSError, subprocess.SubprocessError, ValueError) as e:
            cmd, extra, version = None, None, f"{type(e).__name__}: {e}"
        if cmd is None:
            report["notes"].append(f"{name} skipped: {version}")
            continue
        env, cwd = (extra, None) if name == "autocorrect" else (None, extra)
        for label, paths in (("one draft", [draft]), ("corpus", files)):
            m = measure(cmd + [str(p) for p in paths], repeat, cwd=cwd, env=env)
            if m["exit"] != 0:
                report["notes"].append(f"{name} failed on {label}: {m['stderr_tail']}")
                continue
            report["reference"].append({"tool": version, "scenario": label, "files": len(paths),
                                        "mb": round(size_mb(paths), 2), **m})


def print_table(report) -> None:
    print(f"\nplanlint benchmark — {report['machine']['cores']} cores, Python {report['machine']['python']}\n")
    print("wall s / jobs=N s: every rule (--select ALL), one process / all cores; best of the runs")
    head = f"{'scenario':<14}{'files':>6}{'MB':>7}{'wall s':>9}{'jobs=N s':>10}{'peak MB':>9}{'s/MB':>7}  budget"
    print(head)
    print("-" * len(head))
    for r in report["scenarios"]:
        par = f"{r['parallel']['wall_s']:.3f}" if "parallel" in r else "—"
        budget = ""
        if "budget_s" in r:
            budget = (f"default rules {r['default_rules']['wall_s']:.3f} s < {r['budget_s']} s "
                      f"{'ok' if r['within_budget'] else 'OVER'}")
        peak = max(r["serial"]["peak_rss_mb"], r.get("parallel", {}).get("peak_rss_mb", 0))
        print(f"{r['scenario']:<14}{r['files']:>6}{r['mb']:>7.2f}{r['serial']['wall_s']:>9.3f}{par:>10}"
              f"{peak:>9.1f}{r['s_per_mb']:>7.3f}  {budget}")
    for r in report["scenarios"]:
        if "default_peak_mb" in r:
            m = r["default_peak_mb"]
            worst = max(v for v in m.values() if v is not None)
            print(f"{r['scenario']}: default rules peak {m['serial']} MB serial, {m['parallel']} MB --jobs "
                  f"(budget {PEAK_MB_BUDGET} MiB {'ok' if worst < PEAK_MB_BUDGET else 'OVER'})")
    if "linear" in report:
        lin = report["linear"]
        print(f"\nlinear growth: s/MB at 100x is {lin['s_per_mb_ratio_x100_x10']}x that at 10x "
              f"({'ok' if lin['ok'] else 'NOT linear'})")
    if report["reference"]:
        print(f"\n{'reference':<26}{'scenario':<12}{'wall s':>9}{'peak MB':>9}")
        for r in report["reference"]:
            print(f"{r['tool']:<26}{r['scenario']:<12}{r['wall_s']:>9.3f}{r['peak_rss_mb']:>9.1f}")
    corpus = next((r for r in report["scenarios"] if r["scenario"] == "corpus"), None)
    if corpus and corpus.get("rule_timing_s"):
        print("\nslowest rules on the corpus (s):",
              ", ".join(f"{c} {s:.4f}" for c, s in list(corpus["rule_timing_s"].items())[:8]))
        families: dict[str, float] = {}
        for code, seconds in corpus["rule_timing_s"].items():
            families[code.rstrip("0123456789")] = families.get(code.rstrip("0123456789"), 0.0) + seconds
        print("rule families on the corpus (s):",
              ", ".join(f"{f} {s:.3f}" for f, s in sorted(families.items(), key=lambda kv: -kv[1])))
    for note in report["notes"]:
        print(f"note: {note}")
    if "paired" in report:
        print_paired(report["paired"])


if __name__ == "__main__":
    sys.exit(main())
