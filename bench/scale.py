"""Scale benchmark: `briefing build` on synthetic folders of 50 to 5,000 articles.

Articles are made from real text: the seed articles' sentences, the prose sentences of the
package descriptions installed beside briefing (each wheel's METADATA) and of the Python reference
manual that ships with the interpreter (pydoc_data). Each synthetic article
draws a different mix of sentences and a different headline, so no two are copies, while many
sentences recur across articles as they do in wire copy. Each size is timed as a whole process
(wall time and peak memory, from the child's rusage), and sumy's own LexRank is timed on the
same sentences at the sizes where it finishes within its budget; results are reported as ratios
measured in the same run, never as absolute pass/fail times.

Each size is built `--repeat` times and the fastest run counts. Peak memory is the largest
process's resident set (worker processes are forks of the main one).

Usage: python bench/scale.py [--sizes 50,500,1000,5000] [--baseline-budget 60] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "scale.json"
PROSE = re.compile(r"^[A-Z][A-Za-z0-9 ,;:.%&$'’“”\"()-]{40,300}[a-z][.!?]$")
CODE_MARKS = re.compile(r"[=<>{}\[\]`_#*|\\/]|>>>|\bhttps?\b|\.\w|\w\(")
SENTENCES_PER_ARTICLE = (18, 42)


def prose_sentences() -> list[str]:
    """Sentences of English prose: the seeds, installed packages' descriptions, Python's manual."""
    import sysconfig

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    site = Path(sysconfig.get_paths()["purelib"])
    texts += [p.read_text(encoding="utf-8", errors="ignore")
              for p in sorted(site.glob("*.dist-info/METADATA"))]
    texts += [reference_manual()]
    found: set[str] = set()
    for text in texts:
        for paragraph in re.split(r"\n\s*\n", text):
            if paragraph.startswith((" ", "\t")):
                continue
            for piece in re.split(r"(?<=[a-z][.!?])\s+", " ".join(paragraph.split())):
                if PROSE.match(piece) and not CODE_MARKS.search(piece) and len(piece.split()) >= 7:
                    found.add(piece)
    return sorted(found)


def reference_manual() -> str:
    """The Python reference manual's prose, which ships with the interpreter (pydoc_data)."""
    from pydoc_data.topics import topics

    return "\n".join(topics.values())


def write_corpus(folder: Path, count: int, pool: list[str], seed: int) -> int:
    """Write `count` articles of varied sentence mixes; return the number of sentences written."""
    generator = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for number in range(count):
        size = generator.randint(*SENTENCES_PER_ARTICLE)
        start = generator.randrange(len(pool))
        chosen = [pool[(start + generator.randrange(60)) % len(pool)] for _ in range(size)]
        headline = " ".join(generator.choice(pool).split()[:9]).rstrip(",;")
        paragraphs = [" ".join(chosen[i:i + 3]) for i in range(0, size, 3)]
        body = f"{headline}\n\n" + "\n\n".join(paragraphs) + f"\n\nSource: Wire {number % 37}\n"
        (folder / f"article-{number:05d}.txt").write_text(body, encoding="utf-8")
        total += size
    return total


def run_measured(command: list[str], timeout: float) -> tuple[float, float, int]:
    """Wall seconds, peak memory in MB and exit code of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            _, status, usage = os.wait4(process.pid, 0)
            return float("inf"), usage.ru_maxrss / 1024, -9
        time.sleep(0.05)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def briefing_command(folder: Path, out: Path) -> list[str]:
    return [sys.executable, "-c", "from briefing.cli import main; main()", "build", str(folder),
            "--out", str(out), "--single-story"]


def sumy_lexrank_command(folder: Path) -> list[str]:
    """sumy's LexRank alone on the same cleaned sentences (load, clean, split as briefing does)."""
    code = (
        "import sys; from pathlib import Path; from briefing import pipeline, split, score; "
        "from briefing.settings import load_settings; "
        "s = load_settings(); arts, _ = pipeline.read_articles(Path(sys.argv[1]), s); "
        "sp = split.SentenceSplitter(); sents = split.split_sentences(arts, sp); "
        "score.rate_by_position(score.build_summarizer('lexrank', 'english'), "
        "score.build_document(sents, sp), len(sents))"
    )
    return [sys.executable, "-c", code, str(folder)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500,1000,5000")
    parser.add_argument("--baseline-budget", type=float, default=60.0,
                        help="seconds sumy's LexRank may take before larger sizes skip it")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--repeat", type=int, default=2,
                        help="builds per size; the fastest counts (others are the machine's noise)")
    options = parser.parse_args()
    pool = prose_sentences()
    print(f"sentence pool: {len(pool)} prose sentences")
    rows = []
    baseline_alive = True
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(s) for s in options.sizes.split(",")):
            folder = Path(scratch) / f"in-{size}"
            sentences = write_corpus(folder, size, pool, seed=size)
            runs = [run_measured(briefing_command(folder, Path(scratch) / f"out-{size}"), options.timeout)
                    for _ in range(options.repeat)]
            wall = min(run[0] for run in runs)
            row = {"articles": size, "sentences": sentences, "seconds": round(wall, 2),
                   "peak_mb": round(max(run[1] for run in runs)), "exit": max(run[2] for run in runs)}
            if baseline_alive:
                base, _, base_code = run_measured(sumy_lexrank_command(folder), options.baseline_budget)
                row["sumy_lexrank_seconds"] = round(base, 2) if base_code == 0 else None
                row["ours_over_sumy"] = round(wall / base, 3) if base_code == 0 else None
                row["sumy_note"] = None if base_code == 0 else f"over {options.baseline_budget:.0f} s"
                baseline_alive = base_code == 0
            rows.append(row)
            print(format_row(row), flush=True)
    report = {"rows": rows, "growth": growth(rows)}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for line in report["growth"]:
        print(line)
    print(markdown_table(rows))


def markdown_table(rows: list[dict]) -> str:
    """The results as the README shows them."""
    lines = ["| articles | sentences | wall time | peak memory | sumy LexRank alone | ours / sumy |",
             "|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        base = row.get("sumy_lexrank_seconds")
        sumy = f"{base:.1f} s" if base else row.get("sumy_note") or "not run"
        ratio = f"{row['ours_over_sumy']:.2f}" if base else "–"
        lines.append(f"| {row['articles']:,} | {row['sentences']:,} | {row['seconds']:.1f} s | "
                     f"{row['peak_mb']} MB | {sumy} | {ratio} |")
    return "\n".join(lines)


def format_row(row: dict) -> str:
    base = row.get("sumy_lexrank_seconds")
    versus = f"sumy LexRank {base:.1f} s, ours/sumy {row['ours_over_sumy']:.2f}" if base else \
        f"sumy LexRank {row.get('sumy_note') or 'not run (a smaller size ran over budget)'}"
    return (f"{row['articles']:>6} articles {row['sentences']:>7} sentences: {row['seconds']:>7.2f} s, "
            f"peak {row['peak_mb']:>5} MB, exit {row['exit']}; {versus}")


def growth(rows: list[dict]) -> list[str]:
    """Time ratios between sizes ten times apart (the target: at most 12 times the time)."""
    by_size = {row["articles"]: row["seconds"] for row in rows}
    return [f"{small} -> {small * 10} articles: time x{by_size[small * 10] / by_size[small]:.1f}"
            for small in sorted(by_size) if small * 10 in by_size]


if __name__ == "__main__":
    main()
