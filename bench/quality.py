"""Quality benchmark: our summary against sumy's scorers, at the same length, on the same text.

Run as `.venv/bin/python bench/quality.py [DATA_DIR ...] [--words 100]`. A DATA_DIR is a cluster
(`CLUSTER/docs/*.txt`, optionally `CLUSTER/refs/*.txt` human summaries), a folder of clusters,
or a plain folder of articles (a cluster without references). `seeds/` always runs as one
cluster without references; `../shared/eval/` is the default data when it exists.

Every system sees the same cleaned, split sentences (`pipeline.summarise`) and gets the same
word budget, filled best first without cutting a sentence. Metrics, side by side:

- ROUGE-1 and ROUGE-2 recall against the references (summary cut to its first N words, the
  usual 100-word cut), averaged over a cluster's references; only where references exist.
- Jensen-Shannon divergence between the summary's and the whole input's distribution of
  stemmed content words (Louis and Nenkova 2013): reference-free, lower is better.
- Redundancy: pairs of summary sentences whose content words reach cosine 0.5, and the share
  of summary words in sentences that belong to such a pair.
- Junk: sentences that are page furniture (cookie notices, "Related Articles", menu words glued
  together) and sentences that are two run together ("dialogue.Earlier").

Writes `bench/results/quality.json`: per cluster per system metrics, and averages; the
summaries too with `--summaries` (article text: keep that file out of git for licensed data).
Runs offline.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
from rouge_score import rouge_scorer

import briefing.core.settings
from briefing.core import errors
from briefing.core.algorithms import ALGORITHMS
from briefing.core.models import Sentence, Summary
from briefing.read import formats, split
from briefing.run import pipeline
from briefing.summarise import score
from briefing.summarise.vectors import Vectorizer, cosine

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
RESULTS = ROOT / "bench" / "results" / "quality.json"

DEFAULT_WORDS = 100
OURS = "ours"
BASELINES = tuple(name for name, algorithm in ALGORITHMS.items() if algorithm.sumy)
REDUNDANT_COSINE = 0.5
# Additive smoothing of the word distributions before the JS divergence, small enough that
# words the summary lacks cost nearly their full input probability.
JS_SMOOTHING = 0.0005
BOOTSTRAP_ROUNDS = 1000
FLOORS = ROOT / "bench" / "quality_floors.json"  # pinned of ours on the DUC 2003 dev set

JUNK_PATTERNS = (
    re.compile(r"\bcookies?\b", re.IGNORECASE),
    re.compile(r"Related Articles", re.IGNORECASE),
    re.compile(r"Back to top", re.IGNORECASE),
    re.compile(r"#\w+="),
)
GLUED_WORDS = re.compile(r"[a-z][A-Z]")
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
RUN_TOGETHER = re.compile(r"[a-z][.!?][”\"]?[A-Z]")

METRICS = ("rouge1", "rouge2", "js", "redundant_pairs", "redundant_share", "junk",
           "run_together", "words")
Systems = dict[str, list[str]]  # each system's summary sentences, by system name
HEADERS = {"rouge1": "R-1", "rouge2": "R-2", "js": "JS", "redundant_pairs": "red.pairs",
           "redundant_share": "red.words", "junk": "junk", "run_together": "run-on",
           "words": "words"}


@dataclass(frozen=True, slots=True)
class Cluster:
    """One story: a folder of articles and the human reference summaries, if any."""

    name: str
    docs: Path
    refs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Tools:
    """What the metrics share: the splitter, the term extractor and the ROUGE scorer."""

    splitter: split.SentenceSplitter
    vectorizer: Vectorizer
    rouge: Any


# --- finding the data -------------------------------------------------------------------------

def has_articles(folder: Path) -> bool:
    """The folder holds article files itself (not only subfolders)."""
    return any(p.is_file() and formats.format_of(p.name) is not None for p in folder.iterdir())


def read_refs(folder: Path) -> tuple[str, ...]:
    """The reference summaries of a cluster, one per file (DUC's `D30003.M.100.T.B` too), in name order."""
    if not folder.is_dir():
        return ()
    texts = (p.read_text(encoding="utf-8", errors="replace").strip()
             for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith("."))
    return tuple(t for t in texts if t)


DUC_DOC = re.compile(r"\A\s*<DOC>", re.IGNORECASE)
DUC_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.DOTALL | re.IGNORECASE)
             for name in ("HEADLINE", "DATE_TIME", "TEXT")}


def duc_article(sgml: str) -> str:
    """A DUC/TREC document (<DOC>...<TEXT>) as a plain-text article: headline, date, body."""
    found = {name: pattern.search(sgml) for name, pattern in DUC_FIELD.items()}
    body = re.sub(r"</?P>", "\n\n", found["TEXT"].group(1) if found["TEXT"] else "")
    date = found["DATE_TIME"].group(1).strip() if found["DATE_TIME"] else ""
    iso = re.match(r"(\d{2})/(\d{2})/(\d{4})", date)
    lines = [found["HEADLINE"].group(1).strip() if found["HEADLINE"] else "",
             f"{iso.group(3)}-{iso.group(1)}-{iso.group(2)}" if iso else date[:10]]
    return "\n".join(line for line in lines if line) + "\n\n" + body.replace("``", '"').replace("''", '"')


def readable_docs(docs: Path, scratch: Path) -> Path:
    """The cluster's documents as the tool reads them: DUC files are written out as .txt."""
    files = [p for p in sorted(docs.iterdir()) if p.is_file()]
    duc = [p for p in files if DUC_DOC.match(p.read_text(encoding="utf-8", errors="replace")[:200])]
    if not duc:
        return docs
    folder = scratch / docs.parent.name
    folder.mkdir(parents=True, exist_ok=True)
    for path in duc:
        sgml = path.read_text(encoding="utf-8", errors="replace")
        (folder / f"{path.name}.txt").write_text(duc_article(sgml), encoding="utf-8")
    return folder


def find_clusters(folder: Path) -> list[Cluster]:
    """The clusters a data folder holds: itself, or each subfolder that is one.

    A cluster is `CLUSTER/docs/*` (articles, or DUC document files) with optional
    `CLUSTER/refs/*` (human summaries, one per file), or a plain folder of articles."""
    if (folder / "docs").is_dir():
        return [Cluster(folder.name, folder / "docs", read_refs(folder / "refs"))]
    if has_articles(folder):
        return [Cluster(folder.name, folder, ())]
    found: list[Cluster] = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if (sub / "docs").is_dir() or has_articles(sub):
            found += find_clusters(sub)
    return found


def gather_clusters(data_dirs: Sequence[Path]) -> list[Cluster]:
    """seeds/ first, then every cluster of the data folders, each folder once."""
    clusters: list[Cluster] = []
    seen: set[Path] = set()
    for folder in [SEEDS, *data_dirs]:
        if not folder.is_dir():
            print(f"warning: {folder} is not a folder, skipped", file=sys.stderr)
            continue
        for cluster in find_clusters(folder):
            if cluster.docs.resolve() not in seen:
                seen.add(cluster.docs.resolve())
                clusters.append(cluster)
    return unique_names(clusters)


def unique_names(clusters: list[Cluster]) -> list[Cluster]:
    """Clusters renamed `name~2`, `name~3` where two folders share a name."""
    counts: Counter[str] = Counter()
    renamed = []
    for cluster in clusters:
        counts[cluster.name] += 1
        suffix = f"~{counts[cluster.name]}" if counts[cluster.name] > 1 else ""
        renamed.append(Cluster(cluster.name + suffix, cluster.docs, cluster.refs))
    return renamed


# --- the systems ------------------------------------------------------------------------------

def summarise_ours(summary: Summary, settings: briefing.core.settings.Settings, words: int) -> list[str]:
    """What `briefing summarize --words N` prints, without the citations."""
    return [item.text for item in pipeline.choose_summary(summary, settings, words)]


def pick_best(sentences: Sequence[Sentence], ratings: Sequence[float], words: int) -> list[str]:
    """Best rated first within the budget, passing over one that would overrun; document order."""
    chosen: list[int] = []
    used = 0
    for index in sorted(range(len(sentences)), key=lambda i: (-ratings[i], i)):
        length = len(sentences[index].text.split())
        if used + length <= words:
            chosen.append(index)
            used += length
    return [sentences[i].text for i in sorted(chosen)]


def summarise_baseline(name: str, sentences: Sequence[Sentence], language: str,
                       splitter: split.SentenceSplitter, words: int) -> list[str]:
    """sumy's scorer `name` over the same sentences, picked best first to the budget."""
    document = score.build_document(sentences, splitter)
    summarizer = score.build_summarizer(str(ALGORITHMS[name].sumy), language)
    return pick_best(sentences, score.rate_by_position(summarizer, document, len(sentences)),
                     words)


def summarise_all(cluster: Cluster, words: int, variants: bool,
                  splitter: split.SentenceSplitter) -> tuple[Summary, Systems]:
    """Every system's summary of the cluster, and the cleaned input they all start from."""
    settings = briefing.core.settings.load_settings()
    summary = pipeline.summarise(cluster.docs, settings)
    systems = {OURS: summarise_ours(summary, settings, words)}
    if variants:
        for name in ("coverage", "submodular", "dpp", "sumbasic", "lexrank"):
            if name != settings.algorithm:
                variant = briefing.core.settings.load_settings(algorithm=name)
                systems[f"{OURS}-{name}"] = summarise_ours(
                    pipeline.summarise(cluster.docs, variant), variant, words)
    for name in BASELINES:
        systems[name] = summarise_baseline(name, summary.sentences, settings.language, splitter,
                                           words)
    systems["lead"] = lead(summary, words)
    return summary, systems


def lead(summary: Summary, words: int) -> list[str]:
    """The Lead baseline: the first `words` words of the newest article."""
    newest = max(range(len(summary.articles)),
                 key=lambda i: (summary.articles[i].published or "", -i))
    return [first_words(" ".join(s.text for s in summary.sentences if s.article == newest), words)]


# --- the metrics ------------------------------------------------------------------------------

def first_words(text: str, words: int) -> str:
    """The first `words` words of the text: the usual fixed-length cut for ROUGE."""
    return " ".join(text.split()[:words])


def rouge_recall(summary: str, refs: Sequence[str], rouge: Any, words: int) -> dict[str, float]:
    """ROUGE-1 and ROUGE-2 recall of the summary's first words, averaged over the references."""
    cut = first_words(summary, words)
    scores = [rouge.score(first_words(ref, words), cut) for ref in refs]
    return {key: sum(s[key].recall for s in scores) / len(scores) for key in ("rouge1", "rouge2")}


def distribution(counts: Counter[str], vocabulary: Sequence[str]) -> list[float]:
    """Smoothed probabilities of each vocabulary word."""
    total = sum(counts.values()) + JS_SMOOTHING * len(vocabulary)
    return [(counts[w] + JS_SMOOTHING) / total for w in vocabulary]


def kl_divergence(p: Sequence[float], q: Sequence[float]) -> float:
    """Kullback-Leibler divergence in bits."""
    return sum(a * math.log2(a / b) for a, b in zip(p, q, strict=True) if a > 0)


def js_divergence(summary_terms: Sequence[str], input_terms: Sequence[str]) -> float:
    """Jensen-Shannon divergence (bits, 0..1) of the summary's and input's term distributions."""
    summary_counts, input_counts = Counter(summary_terms), Counter(input_terms)
    vocabulary = sorted(summary_counts.keys() | input_counts.keys())
    if not vocabulary:
        return 0.0
    p, q = distribution(summary_counts, vocabulary), distribution(input_counts, vocabulary)
    mean = [(a + b) / 2 for a, b in zip(p, q, strict=True)]
    return (kl_divergence(p, mean) + kl_divergence(q, mean)) / 2


def redundancy(sentences: Sequence[str], terms: Callable[[str], list[str]]) -> tuple[int, float]:
    """Pairs of sentences at cosine >= 0.5, and the share of words in sentences of such pairs."""
    vectors = [terms(s) for s in sentences]
    pairs = [(i, j) for i, j in combinations(range(len(sentences)), 2)
             if cosine(vectors[i], vectors[j]) >= REDUNDANT_COSINE]
    involved = {i for pair in pairs for i in pair}
    total = sum(len(s.split()) for s in sentences)
    taken = sum(len(sentences[i].split()) for i in involved)
    return len(pairs), taken / total if total else 0.0


def is_junk(sentence: str) -> bool:
    """Page furniture: cookie notices, link lists, anchors, or menu words glued with no end."""
    if any(pattern.search(sentence) for pattern in JUNK_PATTERNS):
        return True
    return bool(GLUED_WORDS.search(sentence)) and not SENTENCE_END.search(sentence.rstrip())


def is_run_together(sentence: str) -> bool:
    """Two sentences the scraper joined without a space (`dialogue.Earlier`)."""
    return bool(RUN_TOGETHER.search(sentence))


def measure(sentences: Sequence[str], refs: Sequence[str], input_terms: Sequence[str],
            tools: Tools, words: int) -> dict[str, float | None]:
    """Every metric of one summary (ROUGE is None without references)."""
    text = " ".join(sentences)
    terms = tools.vectorizer.terms
    pairs, share = redundancy(sentences, terms)
    rouge = rouge_recall(text, refs, tools.rouge, words) if refs else {"rouge1": None,
                                                                       "rouge2": None}
    return {
        **rouge,
        "js": js_divergence(terms(text), input_terms),
        "redundant_pairs": pairs,
        "redundant_share": share,
        "junk": sum(is_junk(s) for s in sentences),
        "run_together": sum(is_run_together(s) for s in sentences),
        "words": len(text.split()),
    }


def evaluate_cluster(cluster: Cluster, tools: Tools, words: int, variants: bool) -> dict[str, Any]:
    """Summaries and metrics of every system on one cluster."""
    with tempfile.TemporaryDirectory() as scratch:
        readable = replace(cluster, docs=readable_docs(cluster.docs, Path(scratch)))
        summary, systems = summarise_all(readable, words, variants, tools.splitter)
    input_terms = [t for s in summary.sentences for t in tools.vectorizer.terms(s.text)]
    return {
        "docs": str(cluster.docs),
        "articles": len(summary.articles),
        "sentences": len(summary.sentences),
        "refs": len(cluster.refs),
        "systems": {name: {"metrics": measure(sents, cluster.refs, input_terms, tools, words),
                           "summary": sents}
                    for name, sents in systems.items()},
    }


def average(results: dict[str, dict[str, Any]]) -> dict[str, dict[str, float | int | None]]:
    """Each system's metrics averaged over the clusters that have them (with the count)."""
    systems = next(iter(results.values()))["systems"] if results else {}
    averages: dict[str, dict[str, float | int | None]] = {}
    for name in systems:
        row: dict[str, float | int | None] = {}
        for metric in METRICS:
            values = [r["systems"][name]["metrics"][metric] for r in results.values()
                      if r["systems"][name]["metrics"][metric] is not None]
            row[metric] = sum(values) / len(values) if values else None
        row["clusters_with_refs"] = sum(1 for r in results.values() if r["refs"])
        for metric in ("rouge1", "rouge2"):
            values = [r["systems"][name]["metrics"][metric] for r in results.values()
                      if r["systems"][name]["metrics"][metric] is not None]
            row[f"{metric}_ci"] = bootstrap_interval(values)  # type: ignore[assignment]
        averages[name] = row
    return averages


def bootstrap_interval(values: Sequence[float], rounds: int = BOOTSTRAP_ROUNDS) -> list[float] | None:
    """The 95% bootstrap interval of the mean over clusters (resampled with a fixed seed)."""
    if len(values) < 2:
        return None
    rng = np.random.default_rng(0)
    means = rng.choice(np.asarray(values), size=(rounds, len(values)), replace=True).mean(axis=1)
    return [round(float(np.percentile(means, 2.5)), 4), round(float(np.percentile(means, 97.5)), 4)]


# --- output -----------------------------------------------------------------------------------

def format_value(metric: str, value: float | None) -> str:
    """A table cell: scores and shares to three decimals, counts (averaged) to one."""
    if value is None:
        return "-"
    if metric in ("rouge1", "rouge2", "js", "redundant_share"):
        return f"{value:.3f}"
    return f"{value:.1f}"


def format_table(rows: dict[str, dict[str, Any]]) -> str:
    """Systems as rows, metrics as columns, aligned."""
    width = max(len(name) for name in rows) if rows else 6
    header = "system".ljust(width) + "".join(HEADERS[m].rjust(10) for m in METRICS)
    lines = [header, "-" * len(header)]
    for name, metrics in rows.items():
        lines.append(name.ljust(width)
                     + "".join(format_value(m, metrics[m]).rjust(10) for m in METRICS))
    return "\n".join(lines)


def print_report(results: dict[str, dict[str, Any]], averages: dict[str, Any], words: int) -> None:
    """The average table, then one table per cluster."""
    with_refs = sum(1 for r in results.values() if r["refs"])
    print(f"Quality at {words} words: {len(results)} clusters, {with_refs} with references "
          "(ROUGE recall averaged over those; JS lower is better)\n")
    print(format_table(averages))
    print("\nPer cluster")
    for name, result in results.items():
        print(f"\n{name}: {result['articles']} articles, {result['sentences']} sentences, "
              f"{result['refs']} refs")
        print(format_table({s: v["metrics"] for s, v in result["systems"].items()}))


def write_results(path: Path, results: dict[str, Any], averages: dict[str, Any],
                  words: int, summaries: bool = False) -> None:
    """The per-cluster metrics and averages as JSON; the summaries themselves (article text,
    which a licensed data set must not leave in the repository) only when asked for."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not summaries:
        results = {name: {**result, "systems": {system: {"metrics": value["metrics"]}
                                                for system, value in result["systems"].items()}}
                   for name, result in results.items()}
    data = {"words": words, "averages": averages, "clusters": results}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# --- command line -----------------------------------------------------------------------------

def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Compare our summary with sumy's scorers on clusters of articles.",
        epilog="Example: .venv/bin/python bench/quality.py ../shared/eval --words 100",
    )
    parser.add_argument("data", nargs="*", type=Path, metavar="DATA_DIR",
                        help="cluster, folder of clusters, or folder of articles "
                             f"(default: {DEFAULT_EVAL} if it exists); seeds/ always runs")
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS,
                        help="summary length in words (default: %(default)s)")
    parser.add_argument("--variants", action="store_true",
                        help="also run our other selections (coverage, submodular, dpp), "
                             "and ours rated by sumy's SumBasic and LexRank")
    parser.add_argument("--out", type=Path, default=RESULTS,
                        help="JSON results file (default: bench/results/quality.json)")
    parser.add_argument("--summaries", action="store_true",
                        help="also write every summary into the JSON (keep it out of git for licensed data)")
    parser.add_argument("--gate", action="store_true",
                        help="exit 1 when our ROUGE-1 or ROUGE-2 falls below bench/quality_floors.json")
    args = parser.parse_args(argv)
    if args.words < 1:
        parser.error("--words must be at least 1")
    if not args.data and DEFAULT_EVAL.is_dir():
        args.data = [DEFAULT_EVAL]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    language = briefing.core.settings.load_settings().language
    splitter = split.SentenceSplitter(language)
    tools = Tools(splitter, Vectorizer(language),
                  rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True))
    results: dict[str, Any] = {}
    for cluster in gather_clusters(args.data):
        try:
            results[cluster.name] = evaluate_cluster(cluster, tools, args.words, args.variants)
        except errors.BriefingError as error:
            print(f"warning: cluster {cluster.name} skipped: {error}", file=sys.stderr)
    if not results:
        print("error: no cluster could be summarised", file=sys.stderr)
        return 1
    averages = average(results)
    print_report(results, averages, args.words)
    write_results(args.out, results, averages, args.words, args.summaries)
    print(f"\nwrote {args.out}")
    return 1 if args.gate and below_floors(averages[OURS]) else 0


def below_floors(ours: dict[str, Any]) -> list[str]:
    """Our averages under the pinned floors; a floor is lowered only on purpose, in its file."""
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    missed = [f"{metric}: no cluster has human summaries (CLUSTER/refs/*), so nothing is scored"
              if ours.get(metric) is None else f"{metric} {ours[metric]:.4f} < floor {floor}"
              for metric, floor in floors.items() if ours.get(metric) is None or ours[metric] < floor]
    for line in missed:
        print(f"below the floor: {line}", file=sys.stderr)
    return missed


if __name__ == "__main__":
    sys.exit(main())
