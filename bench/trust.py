"""Trust benchmark: does a briefing built from real news keep its promises?

Run as `.venv/bin/python bench/trust.py FOLDER ... [--mix FOLDER ...] [--singles FOLDER]`.
Each FOLDER is built with `briefing build` (the command a user runs) as it is; every briefing
that comes out (one per story) is read back from its JSON and checked:

- citations: an item cites a source; the citation is supported when one sentence, or two
  adjacent sentences, of that source's text hold at least 60% of the item's content words, or
  share a run of six words with it. Share of supported citations, and items citing two or more
  sources with at least one unsupported citation ("unsupported extra").
- read alone: items that open with a pronoun or connective, leave a quotation open, or are a
  fragment (no capital at the start, no end mark).
- junk: items that are page furniture (credits, contributor lines, advertiser disclosures,
  copyright lines, subscription, comment and newsletter prompts, cookie notices).
- event first: briefings whose first section is the event.
- titles and outlets: no title "Briefing" or with a site-name suffix; no outlet that is a
  tagline, a headline or a file name.
- grouping: `--mix` folders are copied into one folder (each FOLDER one story, `--singles`
  files each a story of their own) and built with stories told apart; pairwise precision and
  recall of "same story" against where each file came from.

Real articles stay out of git: every folder is an argument. Writes the measures to
bench/results/trust.json (`--details FILE` adds every failing item, quoted from the articles:
keep that file out of git) and prints a Markdown table; with `--gate` it exits 1 when a
measure misses its floor (97% supported, at most 1% unsupported extra and 3% not alone, no
junk, 95% event first, no bad title or outlet, grouping precision 0.9 and recall 0.8, no
failed run).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

from markupsafe import escape

from briefing.core.models import Article
from briefing.read import clean, formats, split
from briefing.summarise.vectors import Vectorizer

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "trust.json"
BRIEFING = Path(sys.executable).parent / "briefing"

FLOORS = {"supported": 0.97, "unsupported_extra": 0.01, "not_alone": 0.03, "event_first": 0.95,
          "precision": 0.9, "recall": 0.8}
SUPPORT_SHARE = 0.6
SHARED_RUN = 6
UNCLEAR_OPENING = re.compile(  # capitalised as a sentence opens: 'WHO officials' is no pronoun
    r"^[“\"‘']?(?:He|She|It|They|We|I|You|This|That|These|Those|His|Her|Its|Their|Our|"
    r"But|And|Or|So|Also|However|Meanwhile|Still|Yet|Then|There|Such|Both|Which|Who)\b")
POINTS_BACK = re.compile(  # wherever it stands: 'indicated the same note', 'The statement further said'
    r"\bthe same (?:note|statement|report|letter|release|readout)\b|\bfurther (?:said|indicated|noted|added|"
    r"stated)\b|\bto do so\b", re.IGNORECASE)
LIST_ENTRY = re.compile(r'<li(?: value="(\d+)")?>(.*?)</li>', re.DOTALL)
JUNK = re.compile(
    r"contributed to this report|\bcredit:|advertis(?:er|ing) partners?|affiliate (?:link|commission)|"
    r"references to products|copyright\b|©|all rights reserved|please subscribe|subscribe (?:now|to|today)|"
    r"sign up (?:for|to)|newsletter|in the comments|let us know|leave a comment|\bcookies?\b|"
    r"letters? (?:policy|to the editor)|featured image|click here|read more|follow us",
    re.IGNORECASE)
REPORTING = (r"(?:said|says|told|tells|added|adds|stated|noted|wrote|writes|announced|declared|asked|"
             r"insisted|explained|warned|argued|quipped|rejoined)")
PRONOUN = r"(?:he|she|they|it|we|i|you|his|her)"
NAMED_SPEAKER = re.compile(
    rf"{REPORTING}\s+(?!{PRONOUN}\b)(?:the |a |an )?[A-Za-z]|"
    rf"(?<![“\"])\b(?!(?:He|She|They|It|We|I)\b)(?:[A-Z][\w.’'-]+\s+)+(?:\w+\s+)?{REPORTING}\b|"
    rf"\b(?:the|a|an) [a-z]+(?: [a-z]+)?\s+{REPORTING}\b|according to\b", re.IGNORECASE)
QUOTED = re.compile(r"[“\"]([^“”\"]+)[”\"]")
SITE_SUFFIX = re.compile(r"\s[|–—-]\s+[^|–—-]{2,40}$")
FIELD_LABEL = re.compile(r"^[A-Z][A-Z_-]{2,}:\s")  # an archive's label kept: 'HEADLINE: ', 'DATE_TIME: '
FILE_NAME = re.compile(r"\.(?:txt|html?|md)$|^[\w-]*\d[\w-]*_[0-9a-f]{6,}|^[0-9a-f]{12,}$", re.IGNORECASE)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="folders of articles, each built as it is")
    parser.add_argument("--mix", nargs="*", type=Path, default=[], help="story folders to mix into one")
    parser.add_argument("--singles", nargs="*", type=Path, default=[],
                        help="folders whose files are each a story of their own, mixed in too")
    parser.add_argument("--out", type=Path, default=RESULTS, help="the measures (no article text)")
    parser.add_argument("--details", type=Path, help="also every failing item, quoted: keep it out of git")
    parser.add_argument("--gate", action="store_true", help="exit 1 when a measure misses its floor")
    args = parser.parse_args(argv)
    vectorizer = Vectorizer("english")
    splitter = split.SentenceSplitter()
    briefings: list[dict[str, Any]] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        for number, folder in enumerate(args.folders):
            out = Path(scratch) / f"run{number}"
            if not run_build(folder, out, failures):
                continue
            briefings += [check_briefing(data, vectorizer, splitter) for data in read_briefings(out)]
        grouping = None
        if args.mix or args.singles:
            grouping = check_grouping(args.mix, args.singles, Path(scratch) / "mixed", failures)
    report = summarise(briefings, grouping, failures)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": report}, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    if args.details:
        args.details.write_text(json.dumps({"summary": report, "briefings": briefings}, indent=2,
                                           ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(report))
    missed = missed_floors(report)
    for line in missed:
        print(f"below the floor: {line}", file=sys.stderr)
    return 1 if args.gate and missed else 0


def missed_floors(report: dict[str, Any]) -> list[str]:
    """The measures that miss the floors this project promises (issue: trust on real news)."""
    grouping = report["grouping"] or {"precision": 1.0, "recall": 1.0}
    checks = [
        ("citations supported", report["supported"], report["supported"] >= FLOORS["supported"]),
        ("unsupported extra", report["unsupported_extra"],
         report["unsupported_extra"] <= FLOORS["unsupported_extra"]),
        ("not alone", report["not_alone"], report["not_alone"] <= FLOORS["not_alone"]),
        ("junk items", report["junk_items"], report["junk_items"] == 0),
        ("event first", report["event_first"], report["event_first"] >= FLOORS["event_first"]),
        ("bad titles", report["bad_titles"], report["bad_titles"] == 0),
        ("bad outlets", report["bad_outlets"], report["bad_outlets"] == 0),
        ("misnumbered sources", report["misnumbered_sources"], report["misnumbered_sources"] == 0),
        ("grouping precision", grouping["precision"], grouping["precision"] >= FLOORS["precision"]),
        ("grouping recall", grouping["recall"], grouping["recall"] >= FLOORS["recall"]),
        ("failed runs", len(report["failed_runs"]), not report["failed_runs"]),
    ]
    return [f"{name} {value}" for name, value, ok in checks if not ok]


def run_build(folder: Path, out: Path, failures: list[str], *extra: str) -> bool:
    """`briefing build FOLDER --out OUT --format json,md,html`; a failed run is recorded."""
    done = subprocess.run([str(BRIEFING), "build", str(folder), "--out", str(out), "--format", "json,md,html",
                           "--workers", "1", *extra], capture_output=True, text=True)
    if done.returncode != 0:
        failures.append(f"{folder}: {done.stderr.strip().splitlines()[-1:] or done.returncode}")
        return False
    return True


def read_briefings(out: Path) -> list[dict[str, Any]]:
    """Each briefing's JSON, with the HTML its PDF is laid out from as `page`."""
    return [{**json.loads(p.read_text(encoding="utf-8")),
             "page": p.with_suffix(".html").read_text(encoding="utf-8")}
            for p in sorted(out.glob("briefing-*.json"))]


def misnumbered(data: dict[str, Any]) -> int:
    """Entries of the page's source list whose printed number names another source than the
    JSON gives that number: an <ol> numbers its entries 1, 2, 3 unless an entry says its value."""
    section = re.search(r'<section class="sources">(.*?)</section>', data["page"], re.DOTALL)
    labels = {s["id"]: str(escape(s["outlet"] or "Outlet not given")) for s in data["sources"]}
    wrong, printed = 0, 0
    for value, text in LIST_ENTRY.findall(section.group(1) if section else ""):
        printed = int(value) if value else printed + 1
        wrong += not text.strip().startswith(labels.get(printed, "\0"))
    return wrong


def source_sentences(path: str, splitter: split.SentenceSplitter) -> list[str]:
    """The sentences of a source (a file, or a part of one: 'inbox.mbox#3') as the loader reads
    it, before any cleaning."""
    read = formats.load_file(Path(path.split("#", 1)[0]))
    article = next((a for a in read if isinstance(a, Article) and a.path == path), None)
    if article is None:
        return []
    return [s for paragraph in clean.split_paragraphs(article.text) for s in splitter.to_sentences(paragraph)]


def supported(item: str, sentences: Sequence[str], vectorizer: Vectorizer) -> bool:
    """One sentence or two adjacent ones hold 60% of the item's content words, or six words in a row."""
    wanted = set(vectorizer.terms(item))
    words = item.lower().split()
    runs = {" ".join(words[i:i + SHARED_RUN]) for i in range(len(words) - SHARED_RUN + 1)}
    windows = list(sentences) + [a + " " + b for a, b in pairwise(sentences)]
    for window in windows:
        if wanted and len(wanted & set(vectorizer.terms(window))) >= SUPPORT_SHARE * len(wanted):
            return True
        lowered = " ".join(window.lower().split())
        if any(run in lowered for run in runs):
            return True
    return False


def reads_alone(text: str) -> str | None:
    """Why an item does not read alone, or None.

    A pronoun opening inside a quotation is the speaker's; the sentence must then name who speaks.
    """
    if UNCLEAR_OPENING.match(text) and not text.startswith(("“", '"')):
        return "opening"
    if POINTS_BACK.search(text):
        return "points back"
    if text.count("“") != text.count("”") or text.count('"') % 2:
        return "open quote"
    quoted = [q for q in QUOTED.findall(text) if len(q.split()) >= 4]
    if quoted and not NAMED_SPEAKER.search(QUOTED.sub(" ", text)):
        return "quote without speaker"
    if not (text[:1].isupper() or text[:1] in "“\"‘'0123456789") or not re.search(r"[.!?…][\"'”’)]*$", text):
        return "fragment"
    return None


def check_briefing(data: dict[str, Any], vectorizer: Vectorizer,
                   splitter: split.SentenceSplitter) -> dict[str, Any]:
    """The measures of one briefing, with the failing items named."""
    sources = {s["id"]: s for s in data["sources"]}
    texts = {i: source_sentences(s["path"], splitter) for i, s in sources.items()}
    items = [item for section in data["sections"] for item in section["items"]]
    citations = unsupported = extra = 0
    problems: list[dict[str, Any]] = []
    for item in items:
        missing = [i for i in item["sources"] if not supported(item["text"], texts[i], vectorizer)]
        citations += len(item["sources"])
        unsupported += len(missing)
        extra += bool(missing) and len(item["sources"]) >= 2
        why = reads_alone(item["text"])
        junk = bool(JUNK.search(item["text"]))
        if missing or why or junk:
            problems.append({"text": item["text"], "unsupported": missing, "read_alone": why, "junk": junk})
    outlets = [s["outlet"] for s in sources.values()]
    return {
        "title": data["title"], "items": len(items), "citations": citations, "unsupported": unsupported,
        "misnumbered": misnumbered(data),
        "extra": extra, "multi": sum(len(item["sources"]) >= 2 for item in items),
        "not_alone": sum(1 for p in problems if p["read_alone"]), "junk": sum(p["junk"] for p in problems),
        "event_first": bool(data["sections"]) and data["sections"][0]["key"] == "event",
        "bad_title": bad_title(data["title"]),
        "bad_outlets": [o for o in outlets if bad_outlet(o, [s["title"] for s in sources.values()])],
        "problems": problems,
    }


def bad_title(title: str) -> bool:
    return (title == "Briefing" or bool(SITE_SUFFIX.search(title)) or bool(FIELD_LABEL.match(title))
            or len(title.split()) > 30)


def bad_outlet(outlet: str | None, titles: Sequence[str | None]) -> bool:
    """A tagline, a headline or a file name is not an outlet; none at all is not wrong."""
    if not outlet:
        return False
    return ("|" in outlet or len(outlet.split()) > 6 or bool(FILE_NAME.search(outlet))
            or bool(FIELD_LABEL.match(outlet)) or outlet in titles)


def check_grouping(mix: Sequence[Path], singles: Sequence[Path], folder: Path,
                   failures: list[str]) -> dict[str, float] | None:
    """Pairwise precision and recall of 'same story' on a folder mixed from known stories."""
    folder.mkdir(parents=True)
    truth: dict[str, str] = {}
    for number, story in enumerate(mix):
        for path in sorted(p for p in story.iterdir() if p.is_file()):
            truth[copy_in(path, folder, f"m{number}")] = f"story{number}"
    for single_folder in singles:
        for path in sorted(p for p in single_folder.iterdir() if p.is_file()):
            name = copy_in(path, folder, "s")
            truth[name] = name
    out = folder.parent / "mixed-out"
    if not run_build(folder, out, failures):
        return None
    predicted: dict[str, str] = {}
    for number, data in enumerate(read_briefings(out)):
        for path in data["articles"]:
            predicted[Path(path).name] = f"found{number}"
    pairs = list(combinations(sorted(truth), 2))
    same_truth = {p for p in pairs if truth[p[0]] == truth[p[1]]}
    same_found = {p for p in pairs if p[0] in predicted and predicted.get(p[0]) == predicted.get(p[1])}
    both = len(same_truth & same_found)
    return {"precision": both / len(same_found) if same_found else 1.0,
            "recall": both / len(same_truth) if same_truth else 1.0,
            "files": len(truth), "stories_found": len(set(predicted.values()))}


def copy_in(path: Path, folder: Path, prefix: str) -> str:
    name = f"{prefix}_{path.name}"
    shutil.copyfile(path, folder / name)
    return name


def summarise(briefings: list[dict[str, Any]], grouping: dict[str, float] | None,
              failures: list[str]) -> dict[str, Any]:
    items = sum(b["items"] for b in briefings) or 1
    citations = sum(b["citations"] for b in briefings) or 1
    count = len(briefings) or 1
    return {
        "briefings": len(briefings), "items": items, "citations": citations,
        "supported": round(1 - sum(b["unsupported"] for b in briefings) / citations, 4),
        "unsupported_extra": round(sum(b["extra"] for b in briefings) / items, 4),
        "not_alone": round(sum(b["not_alone"] for b in briefings) / items, 4),
        "junk_items": sum(b["junk"] for b in briefings),
        "event_first": round(sum(b["event_first"] for b in briefings) / count, 4),
        "bad_titles": sum(b["bad_title"] for b in briefings),
        "bad_outlets": sum(len(b["bad_outlets"]) for b in briefings),
        "misnumbered_sources": sum(b["misnumbered"] for b in briefings),
        "grouping": grouping, "failed_runs": failures,
    }


def table(report: dict[str, Any]) -> str:
    grouping = report["grouping"] or {}
    rows = [
        ("briefings / items / citations",
         f"{report['briefings']} / {report['items']} / {report['citations']}"),
        ("citations supported", f"{report['supported']:.1%}"),
        ("items with an unsupported extra citation", f"{report['unsupported_extra']:.1%}"),
        ("items that do not read alone", f"{report['not_alone']:.1%}"),
        ("junk items", str(report["junk_items"])),
        ("briefings whose first section is the event", f"{report['event_first']:.0%}"),
        ("bad titles / bad outlets", f"{report['bad_titles']} / {report['bad_outlets']}"),
        ("page source-list entries numbered as another source", str(report["misnumbered_sources"])),
        ("story grouping precision / recall",
         f"{grouping['precision']:.2f} / {grouping['recall']:.2f}" if grouping else "not run"),
        ("failed runs", str(len(report["failed_runs"]))),
    ]
    return "\n".join(["| measure | value |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)])


if __name__ == "__main__":
    sys.exit(main())
