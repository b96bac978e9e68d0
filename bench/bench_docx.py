"""Word drafts beside their text: the corpus converted to .docx by LibreOffice must give the same
findings as the .txt (same codes at the same paragraph and column: a converted line is one
paragraph), and a .docx the size of the largest corpus draft must lint within the budget.

    python bench/bench_docx.py            # table on stdout, JSON in bench/results_docx.json
    python bench/bench_docx.py --repeat 3

Needs `soffice` (Debian: apt-get install libreoffice-writer-nogui) and the corpus
(../shared/corpus, or PLANLINT_CORPUS). Wall time is the best of --repeat child processes
(`python -m planlint check --format json`, startup included, as for a user); CPU time is the
child's user+system time, which other work on the machine disturbs less.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PLANLINT_CORPUS", ROOT.parent / "shared" / "corpus"))
CORPUS_REAL = CORPUS.parent / "corpus-real"   # documents of other styles, compared too
BUDGET = 0.5  # seconds for a .docx the size of the largest corpus draft


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(txts: list[Path], folder: Path) -> list[Path]:
    """The drafts as LibreOffice saves them to .docx (UTF-8 text in, one paragraph per line)."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("soffice not found")
    profile = Path(folder) / "lo-profile"   # a private profile: runs in parallel do not collide
    subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--infilter=Text (encoded):UTF8,LF,,,", "--convert-to", "docx:MS Word 2007 XML",
                    "--outdir", str(folder), *map(str, txts)],
                   check=True, capture_output=True, timeout=600)
    return [Path(folder) / (t.stem + ".docx") for t in txts]


def findings(paths: list[Path]) -> dict[str, list[tuple]]:
    """stem -> [(code, line, column, message)] from one planlint run over the paths."""
    out = subprocess.run([sys.executable, "-m", "planlint", "check", "--format", "json", *map(str, paths)],
                         capture_output=True, text=True)
    doc = json.loads(out.stdout)
    by_file: dict[str, list[tuple]] = {Path(f["path"]).stem: [] for f in doc["files"]}
    for f in doc["findings"]:
        by_file[Path(f["path"]).stem].append((f["code"], f["line"], f["column"], f["message"]))
    return by_file


def compare(txts: list[Path], docxs: list[Path]) -> dict[str, dict]:
    """Per draft: finding counts and the findings only one side has (messages compared too,
    except where a message names a line of the text)."""
    a, b = findings(txts), findings(docxs)
    out = {}
    for stem in sorted(a):
        left = {x[:3] for x in a[stem]}
        right = {x[:3] for x in b.get(stem, [])}
        out[stem] = {"txt": len(a[stem]), "docx": len(b.get(stem, [])),
                     "only_txt": sorted(left - right), "only_docx": sorted(right - left)}
    return out


def measure(path: Path, repeat: int) -> dict:
    walls, cpus = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "planlint", "check", "--format", "json", str(path)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
    return {"wall": round(min(walls), 3), "cpu": round(min(cpus), 3)}


def read_time(path: Path, repeat: int) -> float:
    code = ("import time,sys; from planlint.document.wordfile import read_docx; t=time.perf_counter(); "
            "read_docx(sys.argv[1]); print(time.perf_counter()-t)")
    return round(min(float(subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                                          text=True).stdout) for _ in range(repeat)), 3)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    txts = sorted(CORPUS.glob("*.txt"))
    if not txts or soffice() is None:
        print("需要语料（../shared/corpus）与 LibreOffice（soffice）", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        docxs = convert(txts, Path(tmp))
        conversion = round(time.perf_counter() - start, 2)
        same = compare(txts, docxs)
        real = sorted(CORPUS_REAL.glob("*.txt"))
        if real:
            (Path(tmp) / "real").mkdir()
            same.update(compare(real, convert(real, Path(tmp) / "real")))
        largest = max(txts, key=lambda p: p.stat().st_size)
        big = Path(tmp) / (largest.stem + ".docx")
        report = {"conversion_seconds": conversion, "files": same,
                  "largest": {"file": largest.name, "txt_bytes": largest.stat().st_size,
                              "docx_bytes": big.stat().st_size,
                              "txt": measure(largest, args.repeat), "docx": measure(big, args.repeat),
                              "read_docx": read_time(big, args.repeat), "budget": BUDGET}}
    for stem, r in same.items():
        status = "same" if not (r["only_txt"] or r["only_docx"]) else "DIFFERENT"
        print(f"{stem[:28]:28} txt {r['txt']:4}  docx {r['docx']:4}  {status}")
    lg = report["largest"]
    print(f"largest ({lg['file']}, .docx {lg['docx_bytes']} B): txt {lg['txt']}, docx {lg['docx']}, "
          f"reading the .docx {lg['read_docx']} s; conversion of the corpus {conversion} s")
    (ROOT / "bench" / "results_docx.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")
    return 0 if all(not (r["only_txt"] or r["only_docx"]) for r in same.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
