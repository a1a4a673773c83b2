"""Scale benchmark: a whole `briefing build` (default mode) on folders of five kinds.

- overlapping: a day of wire copy about one story. Each article reports 20-40 of the story's
  facts (the seed articles' sentences), the most reported facts in most articles, and words a
  sixth of the time are swapped for others, so nearly every wording is distinct: hundreds of
  outlets rewording the same facts, the hardest case for merging.
- varied: each article a different mix of real prose (the seeds, the installed packages'
  descriptions, the Python manual that ships with the interpreter), sentences recurring verbatim.
- stories: 200 stories of 3-5 short articles each, every story overlapping copy of its own run
  of the prose (no two stories share a sentence).
- small: 20,000 small files (3-6 sentences each) of overlapping copy about the one story.
- heavy: overlapping copy that rewords heavily: each article 20-40 distinct facts of the story
  (drawn without repeats, the most reported first), a sixth of the words swapped, so that nearly
  every one of its sentences is a wording of its own (about 30 per article, 30,000 at 1,000).

Each folder is built as a whole process, `--repeat` times (the fastest counts), with its wall
time, the peak of the memory of all its processes summed (read from /proc while it runs) and
the time of its slowest stage (each stage's calls summed, worker processes included). The
growth exponent is log(time ratio) / log(article ratio) between the smallest and largest size
of a kind. Results land in bench/results/scale.json; the README table is its latest run.

Usage: python bench/scale.py [--kinds overlapping,varied,stories] [--sizes 1000,10000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "scale.json"
PROSE = re.compile(r"^[A-Z][A-Za-z0-9 ,;:.%&$'’“”\"()-]{40,300}[a-z][.!?]$")
CODE_MARKS = re.compile(r"[=<>{}\[\]`_#*|\\/]|>>>|\bhttps?\b|\.\w|\w\(")
SENTENCES_PER_ARTICLE = (20, 40)
VARIED_WORDS = 1 / 6  # of an overlapping article's words, the share swapped for another word
STORIES = 200
ARTICLES_PER_STORY = (3, 5)
SMALL_FILES = 20_000
SMALL_SENTENCES = (3, 6)
STAGES = {"briefing.run.pipeline": ("read_folder", "summarise_articles", "compose", "fit_for",
                                "render_outputs", "render_index"),
          "briefing.summarise.stories": ("cluster_articles",)}
DRIVER = """
import json, os, sys, time, importlib.abc, importlib.machinery
marks = sys.argv.pop(1)
def timed(module, name):
    function = getattr(module, name)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            with open(marks, "a") as sink:
                sink.write(json.dumps([name, time.perf_counter() - start]) + "\\n")
    setattr(module, name, wrapper)
class Timing(importlib.abc.MetaPathFinder):
    # wraps a stage module's functions when the command imports it, not before: the command
    # starts as a user's does (its layout process forked before the command line is read)
    def find_spec(self, fullname, path, target=None):
        if fullname not in STAGES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        execute = spec.loader.exec_module
        def exec_module(module):
            execute(module)
            for name in STAGES[fullname]:
                timed(module, name)
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, Timing())
from briefing.__main__ import main
main()
"""


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="ignore")


def prose_sentences() -> list[str]:
    """Sentences of English prose: the seeds, installed packages' descriptions, Python's manual."""
    import sysconfig
    from pydoc_data.topics import topics

    site = Path(sysconfig.get_paths()["purelib"])
    texts = [text_of(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [text_of(p) for p in sorted(site.glob("*.dist-info/METADATA"))]
    texts += list(topics.values())
    found: dict[str, None] = {}
    for text in texts:
        for sentence in sentences_of(text):
            if PROSE.match(sentence) and not CODE_MARKS.search(sentence) and len(sentence.split()) >= 7:
                found[sentence] = None
    return list(found)


def sentences_of(text: str) -> list[str]:
    pieces = []
    for paragraph in re.split(r"\n\s*\n", text):
        if not paragraph.startswith((" ", "\t")):
            pieces += re.split(r"(?<=[a-z][.!?])\s+", " ".join(paragraph.split()))
    return pieces


def story_facts() -> list[str]:
    """The seed story's sentences: the facts of the overlapping copy, in the seeds' order."""
    return [s for p in sorted((ROOT / "seeds").glob("*.txt")) for s in sentences_of(text_of(p))
            if PROSE.match(s) and len(s.split()) >= 7]


def reword(sentence: str, vocabulary: list[str], generator: random.Random) -> str:
    """The sentence with a sixth of its words swapped for others: a distinct wording."""
    words = sentence.split()
    for position in range(1, len(words) - 1):
        if generator.random() < VARIED_WORDS:
            words[position] = generator.choice(vocabulary)
    return " ".join(words)


def overlapping_article(facts: list[str], vocabulary: list[str], generator: random.Random,
                        size: int) -> list[str]:
    """An article reporting `size` of the facts, the most reported (first) most often, reworded."""
    weights = [1 / (rank + 1) ** 0.7 for rank in range(len(facts))]
    chosen = sorted(set(generator.choices(range(len(facts)), weights=weights, k=size)))
    return [reword(facts[i], vocabulary, generator) for i in chosen]


def heavy_article(facts: list[str], vocabulary: list[str], generator: random.Random,
                  size: int) -> list[str]:
    """An article reporting `size` distinct facts, the most reported likelier, each reworded."""
    keys = {i: generator.random() ** ((i + 1) ** 0.7) for i in range(len(facts))}  # weighted draw
    chosen = sorted(sorted(keys, key=keys.__getitem__, reverse=True)[:size])
    return [reword(facts[i], vocabulary, generator) for i in chosen]


def write_article(path: Path, headline: str, sentences: list[str], outlet: str) -> None:
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    path.write_text(f"{headline}\n\n" + "\n\n".join(paragraphs) + f"\n\nSource: {outlet}\n",
                    encoding="utf-8")


def write_overlapping(folder: Path, count: int, pool: list[str], seed: int,
                      sentences: tuple[int, int] = SENTENCES_PER_ARTICLE,
                      article: Callable[..., list[str]] = overlapping_article) -> int:
    generator = random.Random(seed)
    facts = story_facts()
    vocabulary = [w for s in pool for w in s.split() if w.isalpha() and w.islower()]
    total = 0
    for number in range(count):
        body = article(facts, vocabulary, generator, generator.randint(*sentences))
        headline = " ".join(body[0].split()[:10]).rstrip(",;")
        write_article(folder / f"article-{number:05d}.txt", headline, body, f"Wire {number % 97}")
        total += len(body)
    return total


def write_varied(folder: Path, count: int, pool: list[str], seed: int) -> int:
    generator = random.Random(seed)
    total = 0
    for number in range(count):
        size = generator.randint(*SENTENCES_PER_ARTICLE)
        start = generator.randrange(len(pool))
        chosen = [pool[(start + generator.randrange(60)) % len(pool)] for _ in range(size)]
        headline = " ".join(generator.choice(pool).split()[:9]).rstrip(",;")
        write_article(folder / f"article-{number:05d}.txt", headline, chosen, f"Wire {number % 37}")
        total += size
    return total


def write_stories(folder: Path, count: int, pool: list[str], seed: int) -> int:
    """`count` stories of 3-5 articles, each overlapping copy of its own run of the prose pool."""
    generator = random.Random(seed)
    vocabulary = [w for s in pool for w in s.split() if w.isalpha() and w.islower()]
    total = 0
    share = len(pool) // count  # stories never share a fact
    for story in range(count):
        facts = pool[story * share:(story + 1) * share]
        for article in range(generator.randint(*ARTICLES_PER_STORY)):
            size = generator.randint(max(2, share - 2), share)
            body = overlapping_article(facts, vocabulary, generator, size)
            write_article(folder / f"story-{story:03d}-{article}.txt",
                          " ".join(body[0].split()[:10]).rstrip(",;"), body, f"Wire {article}")
            total += len(body)
    return total


WRITERS: dict[str, Callable[[Path, int, list[str], int], int]] = {
    "overlapping": write_overlapping, "varied": write_varied, "stories": write_stories,
    "small": partial(write_overlapping, sentences=SMALL_SENTENCES),
    "heavy": partial(write_overlapping, article=heavy_article)}
FIXED_SIZES = {"stories": STORIES, "small": SMALL_FILES}  # kinds of one size, whatever --sizes says


def tree_memory(pid: int) -> int:
    """Resident memory in kB of a process and all its descendants, summed."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) if "VmRSS" in status else 0
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def run_measured(command: list[str], timeout: float, watched: Sequence[int] = ()
                 ) -> tuple[float, float, int, list[float]]:
    """Wall seconds, peak summed memory in MB and exit code of one build and its workers, and
    the peak in MB of each `watched` process (a cluster's workers) while it ran."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, peaks = 0, dict.fromkeys(watched, 0)
    while process.poll() is None:
        peak = max(peak, tree_memory(process.pid))
        peaks = {pid: max(value, tree_memory(pid)) for pid, value in peaks.items()}
        if time.perf_counter() - start > timeout:
            process.kill()
            process.wait()
            return float("inf"), peak / 1024, -9, [v / 1024 for v in peaks.values()]
        time.sleep(0.05)
    return time.perf_counter() - start, peak / 1024, process.returncode, [v / 1024 for v in peaks.values()]


def build_command(folder: Path, out: Path, marks: Path) -> list[str]:
    driver = f"STAGES = {STAGES!r}\n" + DRIVER
    return [sys.executable, "-c", driver, str(marks), "build", str(folder), "--out", str(out)]


def slowest_stage(marks: Path) -> tuple[str, float]:
    """The stage whose calls took the longest in all, and their seconds."""
    totals: dict[str, float] = {}
    for line in marks.read_text().splitlines() if marks.exists() else []:
        name, seconds = json.loads(line)
        totals[name] = totals.get(name, 0.0) + seconds
    return max(totals.items(), key=lambda pair: pair[1], default=("", 0.0))


def measure(kind: str, size: int, pool: list[str], scratch: Path, options: argparse.Namespace) -> dict:
    folder = scratch / f"in-{kind}-{size}"
    folder.mkdir()
    sentences = WRITERS[kind](folder, size, pool, size)
    files = len(list(folder.iterdir()))
    runs, stages = [], []
    for attempt in range(options.repeat):
        marks = scratch / f"marks-{kind}-{size}-{attempt}"
        runs.append(run_measured(build_command(folder, scratch / f"out-{kind}-{size}-{attempt}", marks),
                                 options.timeout))
        stages.append(slowest_stage(marks))
    best = min(range(len(runs)), key=lambda i: runs[i][0])
    return {"kind": kind, "size": size, "files": files, "sentences": sentences,
            "seconds": round(runs[best][0], 2), "peak_mb": round(max(r[1] for r in runs)),
            "exit": max(r[2] for r in runs), "slowest_stage": stages[best][0],
            "slowest_stage_seconds": round(stages[best][1], 2)}


def growth(rows: list[dict], group: str = "kind", size: str = "files") -> dict[str, float]:
    """Per `group` (kind), the exponent of time against `size` (articles) between its smallest
    and largest size."""
    exponents = {}
    for kind in dict.fromkeys(row[group] for row in rows):
        sized = sorted((row[size], row["seconds"]) for row in rows if row[group] == kind)
        (small, fast), (large, slow) = sized[0], sized[-1]
        if large > small and fast > 0 and math.isfinite(slow):
            exponents[kind] = round(math.log(slow / fast) / math.log(large / small), 2)
    return exponents


def markdown_table(rows: list[dict], exponents: dict[str, float]) -> str:
    """The results as the README shows them."""
    lines = ["| folder | articles | sentences | wall time | peak memory (all processes) | slowest stage |",
             "|---|---:|---:|---:|---:|---|"]
    lines += [f"| {row['kind']} | {row['files']:,} | {row['sentences']:,} | {row['seconds']:.1f} s | "
              f"{row['peak_mb']:,} MB | {row['slowest_stage']} {row['slowest_stage_seconds']:.1f} s |"
              for row in rows]
    lines += ["", "Growth exponent (time against articles): "
              + ", ".join(f"{kind} {value:.2f}" for kind, value in exponents.items())]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default="overlapping,varied,stories,small,heavy")
    parser.add_argument("--sizes", default="1000,10000",
                        help="articles per overlapping, varied or heavy folder (stories: always 200 stories, "
                             "small: always 20,000 files)")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--repeat", type=int, default=1,
                        help="builds per folder; the fastest counts (others are the machine's noise)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    options = parser.parse_args()
    pool = prose_sentences()
    print(f"prose pool: {len(pool)} sentences, story facts: {len(story_facts())}")
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for kind in options.kinds.split(","):
            sizes = [FIXED_SIZES[kind]] if kind in FIXED_SIZES else [int(s) for s in options.sizes.split(",")]
            for size in sizes:
                row = measure(kind, size, pool, Path(scratch), options)
                rows.append(row)
                print(json.dumps(row), flush=True)
    exponents = growth(rows)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps({"rows": rows, "growth": exponents}, indent=2) + "\n",
                           encoding="utf-8")
    print(markdown_table(rows, exponents))


if __name__ == "__main__":
    main()
