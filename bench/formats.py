"""Input formats benchmark: the same articles as text and as every other format, read and built.

Each folder of text articles is converted the way real tools write each format: two-column PDFs
with running heads, page numbers and hyphenation (WeasyPrint), Word files (python-docx), mail
(plain, HTML newsletter, a covering note over an attached page) one file each and all in one
mailbox, an RSS feed per outlet with the full text, a web archive of the pages (warcio) and
JSON / JSON lines exports. Then:

- check: each format's folder built with `briefing build`; the share of the text build's items
  whose wording and cited sources (by title) the format's build has too, and of its sources
  whose title, outlet and date it reads the same;
- speed: every format's folder read as a build reads it (`pipeline.read_folder`, two processes),
  with articles per second beside the text folder's in the same run.

Usage: python bench/formats.py FOLDER... [--formats pdf,docx,...] [--speed-copies 1000] [--keep DIR]
Results land in bench/results/formats.json.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import io
import json
import mailbox
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "formats.json"
DCTERMS = "http://purl.org/dc/terms/"
PDF_SPEED_TYPE = 15  # points: the sample's articles fill two pages of two columns

from briefing.core.models import Article  # noqa: E402
from briefing.core.settings import load_settings  # noqa: E402
from briefing.read import clean, formats  # noqa: E402

CSS = """@page { size: A4; margin: 2.2cm 2cm;
  @top-center { content: "%s · Monitoring clip"; font-size: 8pt; color: #444 }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt } }
body { font-family: serif; font-size: %spt; line-height: 1.3 }
h1 { font-size: 20pt; line-height: 1.15; margin: 0 0 4pt 0 }
.dateline { font-size: 9pt; margin: 0 0 10pt 0 }
.columns { columns: 2; column-gap: 14pt; text-align: justify; hyphens: auto }
p { margin: 0 0 6pt 0 }"""
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="{outlet}"><meta property="article:published_time" content="{date}">
<link rel="canonical" href="{url}"></head><body><nav><a href="/">Home</a> <a href="/world">World</a>
<a href="/sport">Sport</a></nav><article><h1>{title}</h1><p class="byline">{outlet}, {date}</p>{paragraphs}
</article><footer><p>Never miss the latest news by signing up to our newsletter today!</p>
<p>© {outlet}. All rights reserved.</p></footer></body></html>"""


# --- the articles, as the text reader reads them -------------------------------------------

def articles_of(folder: Path) -> list[tuple[str, Article]]:
    """Each text file's stem and its article, cleaned as a build cleans it (an article that
    cleaning leaves empty, a list of names, say, is none)."""
    cleaned = [(path.stem, clean.clean_article(read)) for path in sorted(folder.iterdir())
               for read in formats.load_file(path) if isinstance(read, Article)]
    return [(stem, article) for stem, article in cleaned if article.text.strip()]


def paragraphs_of(article: Article) -> list[str]:
    return [" ".join(p.split()) for p in article.text.split("\n\n") if p.strip()]


def outlet_of(article: Article) -> str:
    return article.outlet or ""


def date_of(article: Article) -> datetime | None:
    return datetime.fromisoformat(article.published).replace(hour=9) if article.published else None


def url_of(stem: str, article: Article) -> str:
    """The article's URL; a feed's link and a web archive's record need one, so a short one is
    made (a long made-up outlet would lengthen the page's source list and change what fits),
    from a digest of the file's name: a name such as NYT19990705.0133 would date the page by
    its URL where the text gives no date."""
    return article.url or f"https://example.org/{hashlib.sha256(stem.encode()).hexdigest()[:12]}"


def html_paragraphs(article: Article) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs_of(article))


# --- one writer per format ------------------------------------------------------------------

def to_pdf(articles: Sequence[tuple[str, Article]], out: Path, type_size: float = 11) -> None:
    from weasyprint import HTML

    for stem, article in articles:
        outlet = html.escape(outlet_of(article))
        dated = date_of(article)
        dateline = f"<p class='dateline'>{dated:%d %B %Y}</p>" if dated else ""
        page = (f"<html lang='en'><head><meta name='author' content='{outlet}'>"
                f"<title>{html.escape(article.title or '')}</title>"
                f"<style>{CSS % (outlet, type_size)}</style></head><body>"
                + (f"<h1>{html.escape(article.title)}</h1>" if article.title else "")
                + dateline + f"<div class='columns'>{html_paragraphs(article)}</div></body></html>")
        HTML(string=page).write_pdf(out / f"{stem}.pdf")


def to_docx(articles: Sequence[tuple[str, Article]], out: Path) -> None:
    import docx

    for stem, article in articles:
        document = docx.Document()
        if article.title:
            document.add_heading(article.title, level=0)
        for paragraph in paragraphs_of(article):
            document.add_paragraph(paragraph)
        document.core_properties.author = outlet_of(article)
        document.core_properties.title = article.title or ""
        if dated := date_of(article):
            document.core_properties.created = dated
        else:  # no date, as the text gives none: not the template's
            created = document.core_properties._element.find(f"{{{DCTERMS}}}created")
            document.core_properties._element.remove(created)
        document.save(str(out / f"{stem}.docx"))


def messages(articles: Sequence[tuple[str, Article]]) -> list[EmailMessage]:
    """Plain mail, an HTML newsletter, and a covering note over the article as an attached page."""
    made = []
    for number, (stem, article) in enumerate(articles):
        message = EmailMessage()
        if article.title:
            message["Subject"] = f"Fwd: {article.title}" if number % 3 == 2 else article.title
        message["From"] = f"{outlet_of(article)} <news@{stem.lower()}.example.org>"
        message["To"] = "desk@example.org"
        if dated := date_of(article):
            message["Date"] = format_datetime(dated)
        text = "\n\n".join(paragraphs_of(article))
        if number % 3 == 0:
            message.set_content(text)
        elif number % 3 == 1:
            message.set_content(text + "\n\nUnsubscribe: https://news.example.org/unsubscribe\n")
            message.add_alternative(f"<html><body><p><a href='https://news.example.org/view'>View in "
                                    f"browser</a></p>{html_paragraphs(article)}<p>You are receiving "
                                    "this email because you subscribed. <a href='#'>Unsubscribe</a></p>"
                                    "</body></html>", subtype="html")
        else:
            message.set_content("Please find the article attached.\n\nBest,\nSam")
            page = PAGE.format(title=html.escape(article.title or ""), outlet=html.escape(outlet_of(article)),
                               date=article.published or "", url=url_of(stem, article),
                               paragraphs=html_paragraphs(article))
            message.add_attachment(page.encode(), maintype="text", subtype="html", filename=f"{stem}.html")
        made.append(message)
    return made


def to_eml(articles: Sequence[tuple[str, Article]], out: Path) -> None:
    for (stem, _), message in zip(articles, messages(articles), strict=True):
        (out / f"{stem}.eml").write_bytes(bytes(message))


def to_mbox(articles: Sequence[tuple[str, Article]], out: Path) -> None:
    box = mailbox.mbox(out / "inbox.mbox")
    for message in messages(articles):
        box.add(message)
    box.close()


def rss_item(stem: str, article: Article) -> str:
    dated = date_of(article)
    return ("<item>" + (f"<title>{html.escape(article.title)}</title>" if article.title else "")
            + f"<link>{html.escape(url_of(stem, article))}</link>"
            + (f"<pubDate>{format_datetime(dated)}</pubDate>" if dated else "")
            + f"<description>{html.escape(paragraphs_of(article)[0][:160])}…</description>"
            + f"<content:encoded><![CDATA[{html_paragraphs(article)}]]></content:encoded></item>")


def to_rss(articles: Sequence[tuple[str, Article]], out: Path) -> None:
    """One feed per outlet, each entry with its full text in content:encoded and a teaser."""
    by_outlet: dict[str, list[tuple[str, Article]]] = {}
    for stem, article in articles:
        by_outlet.setdefault(outlet_of(article), []).append((stem, article))
    for number, (outlet, entries) in enumerate(by_outlet.items()):
        items = "".join(rss_item(stem, article) for stem, article in entries)
        (out / f"feed-{number}.rss").write_text(
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0' "
            "xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel>"
            f"<title>{html.escape(outlet)}</title><link>https://news.example.org/</link>"
            f"<description>Latest news</description>{items}</channel></rss>", encoding="utf-8")


def to_warc(articles: Sequence[tuple[str, Article]], out: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with (out / "crawl.warc.gz").open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for stem, article in articles:
            page = PAGE.format(title=html.escape(article.title or ""), outlet=html.escape(outlet_of(article)),
                               date=article.published or "", url=url_of(stem, article),
                               paragraphs=html_paragraphs(article)).encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url_of(stem, article), "response",
                                                          payload=io.BytesIO(page), length=len(page),
                                                          http_headers=headers))
            image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url_of(stem, article) + ".png", "response",
                                                          payload=io.BytesIO(b"\x89PNG\r\n"), length=6,
                                                          http_headers=image))


def export_object(article: Article, style: str) -> dict[str, Any]:
    """The fields the text gives, named as that tool names them; none the text does not give."""
    text = "\n\n".join(paragraphs_of(article))
    dated = date_of(article)
    fields = ({"title": article.title, "sitename": article.outlet, "date": article.published,
               "source": article.url, "text": text} if style == "trafilatura" else
              {"title": article.title, "meta_site_name": article.outlet, "url": article.url,
               "publish_date": dated.isoformat() if dated else None, "text": text})
    return {key: value for key, value in fields.items() if value is not None}


def to_json(articles: Sequence[tuple[str, Article]], out: Path) -> None:
    data = [export_object(article, "trafilatura") for _, article in articles]
    (out / "export.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def to_jsonl(articles: Sequence[tuple[str, Article]], out: Path) -> None:
    lines = (json.dumps(export_object(article, "newspaper"), ensure_ascii=False)
             for _, article in articles)
    (out / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


WRITERS: dict[str, Callable[[Sequence[tuple[str, Article]], Path], None]] = {
    "pdf": to_pdf, "docx": to_docx, "eml": to_eml, "mbox": to_mbox, "rss": to_rss, "warc": to_warc,
    "json": to_json, "jsonl": to_jsonl,
}


def convert(folder: Path, out: Path, kind: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    WRITERS[kind](articles_of(folder), out)
    return out


# --- check: the same briefing ---------------------------------------------------------------

def build(folder: Path, out: Path) -> dict[str, Any]:
    subprocess.run([sys.executable, "-m", "briefing", "build", str(folder), "--out", str(out),
                    "--format", "json", "--single-story"], check=True, capture_output=True, cwd=ROOT)
    return json.loads(next(out.glob("briefing-*.json")).read_text(encoding="utf-8"))


def items_by_title(data: dict[str, Any]) -> set[tuple[str, tuple[str, ...]]]:
    """Each item's wording and the sources it cites, by title (an untitled source by its place
    among the untitled): a source list's numbers shift when another source is left out."""
    untitled = iter(range(len(data["sources"])))
    titles = {source["id"]: source["title"] or f"untitled {next(untitled)}" for source in data["sources"]}
    return {(item["text"], tuple(sorted(titles[s] for s in item["sources"])))
            for section in data["sections"] for item in section["items"]}


def sources_by_title(data: dict[str, Any]) -> dict[str, tuple[str | None, str | None]]:
    return {source["title"] or "": (source["outlet"], source["published"]) for source in data["sources"]}


def check(folder: Path, kinds: Sequence[str], scratch: Path) -> dict[str, dict[str, float]]:
    text = build(folder, scratch / "text-out")
    expected, sources = items_by_title(text), sources_by_title(text)
    results = {}
    for kind in kinds:
        got = build(convert(folder, scratch / kind, kind), scratch / f"{kind}-out")
        items, metadata = items_by_title(got), sources_by_title(got)
        dated = {title: meta for title, meta in sources.items() if title and meta[1]}
        same = sum(1 for title, meta in dated.items() if metadata.get(title, (None, None))[1] == meta[1])
        # of the smaller page: a longer source list (URLs, outlets the text does not give) fits fewer items
        results[kind] = {"items_equal": len(expected & items) / max(min(len(expected), len(items)), 1),
                         "titles_and_dates": same / len(dated) if dated else None}
        dates = f"{same / len(dated):.0%}" if dated else "none dated"
        print(f"{folder.name:14} {kind:6} items equal {results[kind]['items_equal']:.0%}, "
              f"titles and dates {dates}", flush=True)
    return results


# --- speed: reading ---------------------------------------------------------------------------

def copies(source: Path, out: Path, count: int) -> Path:
    """A folder of `count` files, the source folder's files repeated under new names."""
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in source.iterdir() if p.is_file())
    for number in range(count):
        original = files[number % len(files)]
        shutil.copyfile(original, out / f"{number:05d}-{original.name}")
    return out


def read_time(folder: Path) -> tuple[float, int]:
    from briefing.run import pipeline
    from briefing.run.executors import local_processes

    settings = load_settings()
    start = time.perf_counter()
    with local_processes(2) as run:
        read = pipeline.read_folder(folder, settings, run)
    return time.perf_counter() - start, len(read.articles) + sum(1 for _ in read.skipped)


def speed(folder: Path, count: int, scratch: Path) -> dict[str, dict[str, float]]:
    """Articles a second read from `count` files of each kind, two-page PDFs among them, and
    from one mailbox of ten times as many messages."""
    articles = articles_of(folder)
    results = {}
    for kind in ("txt", "pdf", "docx", "eml", "jsonl", "mbox"):
        out = scratch / f"speed-{kind}"
        many = count * 10 if kind == "mbox" else count
        rounds = range(many // len(articles) + 1)
        repeated = [(f"{stem}-{n}", article) for n in rounds for stem, article in articles][:many]
        if kind == "txt":
            copies(folder, out, many)
        elif kind == "pdf":
            distinct = scratch / "distinct-pdf"
            distinct.mkdir(parents=True, exist_ok=True)
            to_pdf(articles, distinct, type_size=PDF_SPEED_TYPE)
            copies(distinct, out, many)
        elif kind == "docx":
            copies(convert(folder, scratch / "distinct-docx", kind), out, many)
        else:
            out.mkdir(parents=True, exist_ok=True)
            WRITERS[kind](repeated, out)
        seconds, read = read_time(out)
        results[kind] = {"files_or_messages": many, "seconds": round(seconds, 2),
                         "per_second": round(many / seconds, 1), "read": read}
        print(f"read {many} {kind:6} in {seconds:6.2f} s: {many / seconds:7.1f} a second", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--formats", default=",".join(WRITERS))
    parser.add_argument("--speed-copies", type=int, default=0, help="Files (and messages) for the speed run.")
    parser.add_argument("--keep", type=Path, help="Keep the converted folders here.")
    args = parser.parse_args()
    kinds = [kind for kind in args.formats.split(",") if kind]
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="briefing-formats-"))
    report: dict[str, Any] = {"date": datetime.now().date().isoformat(), "check": {}}
    for folder in args.folders:
        report["check"][folder.name] = check(folder, kinds, scratch / folder.name)
    for kind in kinds:
        shares = [r[kind]["items_equal"] for r in report["check"].values()]
        print(f"{kind:6} items equal, mean over folders: {sum(shares) / len(shares):.1%}")
    if args.speed_copies:
        report["speed"] = speed(args.folders[0], args.speed_copies, scratch / "speed")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
