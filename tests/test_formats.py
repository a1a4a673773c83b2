"""Every input format: real files other tools wrote (tests/fixtures/formats/SOURCES.md), a fixture
story converted to each format as real tools write it, and bad or hostile files of each kind."""

from __future__ import annotations

import io
import json
import mailbox
import shutil
import socket
import subprocess
import sys
import zipfile
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

import briefing
from briefing.core.models import Article, Skipped
from briefing.core.settings import load_settings
from briefing.read.formats import READERS, format_of, limits_of, load_file
from briefing.read.sources import Limits
from briefing.run.pipeline import cleaned, read_folder

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "fixtures" / "formats"
STORY = ROOT / "tests" / "fixtures" / "stories" / "three-parties"
sys.path.insert(0, str(ROOT / "bench"))
import formats as bench_formats  # noqa: E402

LONG_BODY = " ".join(["The harbour authority said the new quay would open in spring after two years of work."]
                     * 12)


def read(name: str, limits: Limits | None = None) -> list[Article | Skipped]:
    return load_file(SAMPLES / name, limits)


def reasons(found: list[Article | Skipped]) -> list[str]:
    return [r.reason for r in found if isinstance(r, Skipped)]


# --- real files other tools wrote -----------------------------------------------------------

def test_formats_an_encrypted_pdf_is_one_line_naming_what_to_do() -> None:
    assert reasons(read("aes-128.pdf")) == [
        "encrypted: save a copy without its password (e.g. qpdf --decrypt) to read it"]


def test_formats_a_scanned_pdf_asks_for_ocr() -> None:
    (skipped,) = reasons(read("pdf-with-jbig2.pdf"))
    assert skipped.startswith("no text layer")
    assert "ocrmypdf" in skipped


def test_formats_a_pdf_with_a_text_layer_is_read() -> None:
    (article,) = read("zen_of_python_corrupted.pdf")
    assert isinstance(article, Article)
    assert "Errors should never pass silently." in article.text


def test_formats_a_web_archive_gives_its_page_with_uri_and_date() -> None:
    (page,) = read("example.warc.gz")
    assert isinstance(page, Article)
    assert (page.title, page.url, page.published) == ("Example Domain", "http://example.com/", "2017-03-06")
    assert page.path.endswith("example.warc.gz#1")
    assert "illustrative examples" in page.text


def test_formats_a_damaged_web_archive_prints_nothing_of_warcio(capfd: pytest.CaptureFixture[str]) -> None:
    found = read("example-trunc.warc")
    assert any(isinstance(r, Article) for r in found)
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("name", ["example.warc.gz", "example-trunc.warc"])
def test_formats_a_web_archive_cut_off_gives_its_pages_and_says_so(name: str, tmp_path: Path) -> None:
    data = (SAMPLES / name).read_bytes()
    whole = load_file(SAMPLES / name)
    for cut in (len(data) * 3 // 4, len(data) - 10):
        (tmp_path / name).write_bytes(data[:cut])
        found = load_file(tmp_path / name)
        assert [r.title for r in found if isinstance(r, Article)] == [
            r.title for r in whole if isinstance(r, Article)]  # the page, its text cut where the file is
        assert reasons(found)[-1].startswith("ends inside a record, cut off while written or copied")
    assert not [r for r in whole if isinstance(r, Skipped)]


def test_formats_a_feed_of_teasers_is_one_line() -> None:
    (skipped,) = read("item_content_encoded.rss")
    assert isinstance(skipped, Skipped)
    assert "teaser" in skipped.reason


def test_formats_a_word_file_without_text_says_so() -> None:
    assert reasons(read("doc-coreprops.docx")) == ["no text in the document"]


def test_formats_a_mail_gives_subject_sender_and_date_and_passes_over_an_image() -> None:
    (mail,) = read("with-image.eml")
    assert isinstance(mail, Article)
    assert (mail.title, mail.outlet, mail.published) == ("Here is your dingus fish", "Barry", "2001-04-20")
    assert "dingus fish" in mail.text


def test_formats_a_digest_reads_each_forwarded_message_and_skips_them_in_one_line() -> None:
    found = read("digest.eml")
    (skipped,) = reasons(found)
    assert skipped.startswith("5 parts skipped, no article text in the message")


def test_formats_nothing_opens_a_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a reader opened a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    for sample in sorted(SAMPLES.iterdir()):
        load_file(sample)


def test_formats_the_registry_matches_the_longest_ending() -> None:
    assert format_of("crawl.WARC.GZ") == ".warc.gz"
    assert format_of("notes.gz") is None
    assert {".eml", ".mbox", ".pdf", ".docx", ".rss", ".atom", ".warc", ".json", ".jsonl"} <= set(READERS)


# --- one story in every format --------------------------------------------------------------

def items_and_citations(folder: Path, out: Path) -> set[tuple[str, tuple[int, ...]]]:
    briefing.build(folder, out=out, formats=["json"], single_story=True)
    data = json.loads(next(out.glob("briefing-*.json")).read_text(encoding="utf-8"))
    return {(item["text"], tuple(item["sources"])) for s in data["sections"] for item in s["items"]}


@pytest.fixture(scope="module")
def text_items(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, tuple[int, ...]]]:
    return items_and_citations(STORY, tmp_path_factory.mktemp("text"))


@pytest.mark.parametrize("kind", sorted(bench_formats.WRITERS))
def test_formats_the_same_story_in_each_format_gives_the_text_build_s_items(
        kind: str, tmp_path: Path, text_items: set[tuple[str, tuple[int, ...]]]) -> None:
    folder = bench_formats.convert(STORY, tmp_path / kind, kind)
    got = items_and_citations(folder, tmp_path / "out")
    assert len(text_items & got) >= 0.9 * len(text_items), sorted(text_items - got)


def test_formats_a_story_s_pdf_keeps_reading_order_and_drops_running_heads(tmp_path: Path) -> None:
    folder = bench_formats.convert(STORY, tmp_path / "pdf", "pdf")
    texts = {Path(r.path).stem: r for path in sorted(folder.iterdir()) for r in load_file(path)}
    for stem, original in bench_formats.articles_of(STORY):
        article = texts[stem]
        assert isinstance(article, Article)
        assert article.title == original.title
        assert "Monitoring clip" not in article.text
        assert "Page 1 of" not in article.text
        assert " ".join(article.text.split())[:200] == " ".join(original.text.split())[:200]


def two_column_pdf(path: Path, headline: str, columns: list[str]) -> Path:
    """A clipping as bench/formats.py lays one out (running heads, page numbers, two columns),
    each of `columns` (HTML paragraphs) starting a page."""
    from weasyprint import HTML

    body = "".join(f"<div class='columns' style='break-before: page'>{c}</div>" for c in columns)
    HTML(string=f"<html lang='en'><head><style>{bench_formats.CSS % ('Coast Herald', 11)}</style></head>"
                f"<body><h1>{headline}</h1>{body}</body></html>").write_pdf(path)
    return path


def test_formats_a_pdf_headline_line_of_small_letters_stays_in_the_headline(tmp_path: Path) -> None:
    """'over a new scare' has no letter above the x-height: its box is half the height of the
    first line's, its type the same size."""
    paragraphs = "".join(f"<p>The harbour board met on Monday to hear plan {n} for the quay.</p>"
                         for n in range(9))
    headline = "Harbour board backs the quay<br>over a new scare"
    found = load_file(two_column_pdf(tmp_path / "clip.pdf", headline, [paragraphs]))
    assert [a.title for a in found if isinstance(a, Article)] == [headline.replace("<br>", " ")]


def test_formats_a_pdf_short_last_page_keeps_its_two_columns(tmp_path: Path) -> None:
    """Six lines in two columns are too few to show a gutter by themselves: the page before's
    columns are kept, and the left column is read before the right one."""
    first = "".join(f"<p>The harbour board met on Monday to hear the plans for stage {n} of the new quay, "
                    "which the engineers said would take a year.</p>" for n in range(1, 26))
    facts = ("one", "two", "three", "four", "five", "six")
    last = "".join(f"<p>Fact {word} of the last page is short.</p>" for word in facts)
    found = load_file(two_column_pdf(tmp_path / "clip.pdf", "Harbour board backs the quay", [first, last]))
    text = " ".join(next(a for a in found if isinstance(a, Article)).text.split())
    assert text.endswith(" ".join(f"Fact {word} of the last page is short." for word in facts))


@pytest.mark.parametrize(("written", "end", "line", "joined"), [
    ("", "a broken commu-", "nication line", "a broken communication line"),
    ("", "a 6-", "year-old boy", "a 6-year-old boy"),
    ("", "a four-", "story building", "a four-story building"),
    ("", "he was four-", "teen then", "he was fourteen then"),
    ("", "a ten-", "der offer", "a tender offer"),
    ("", "the oil-", "for-food deal", "the oil-for-food deal"),
    ("", "to Kara-", "Tash", "to Kara-Tash"),
    ("JonBenet Ramsey", "the Jon-", "Benet case", "the JonBenet case"),
    ("a cross-border raid", "the cross-", "border trade", "the cross-border trade"),
    ("", "any tissue --", "brain or muscle", "any tissue -- brain or muscle"),
])
def test_formats_a_pdf_word_broken_at_a_line_s_end_is_joined_unless_its_hyphen_is_its_own(
        written: str, end: str, line: str, joined: str) -> None:
    from briefing.read.pdf import Written, _joined

    assert _joined(end, line, Written.of([written])) == joined


# --- bad and hostile files ------------------------------------------------------------------

def mail(subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"], message["From"], message["Date"] = subject, "Coast Herald <desk@herald.example>", \
        "Tue, 05 Mar 2024 09:00:00 +0000"
    message.set_content(body)
    return message


def test_formats_a_mailbox_gives_one_article_a_message_up_to_the_limit(tmp_path: Path) -> None:
    box = mailbox.mbox(tmp_path / "inbox.mbox")
    for number in range(5):
        box.add(mail(f"Quay story {number}", f"Story {number}. {LONG_BODY}"))
    box.close()
    found = load_file(tmp_path / "inbox.mbox", Limits(entries=3))
    articles = [r for r in found if isinstance(r, Article)]
    assert [a.title for a in articles] == ["Quay story 0", "Quay story 1", "Quay story 2"]
    assert [a.path.rsplit("#", 1)[1] for a in articles] == ["1", "2", "3"]
    assert {(a.outlet, a.published) for a in articles} == {("Coast Herald", "2024-03-05")}
    assert reasons(found) == ["holds more than 3 entries: only the first 3 read (max_entries)"]


def test_formats_a_mailbox_s_messages_are_those_the_standard_library_finds(tmp_path: Path) -> None:
    (tmp_path / "inbox.mbox").write_bytes(b"stray text a mail client left before the first message\n\n")
    box = mailbox.mbox(tmp_path / "inbox.mbox")
    box.add(mail("Quay opens", f"From the quay, the mayor spoke. {LONG_BODY}"))
    box.add(mail("Ferry strike", f"Ferries stopped at dawn.\nFrom today on, no sailings. {LONG_BODY}"))
    box.add(mail("Empty", ""))
    box.add(mail("Tide", f"Tide.\n\nThe tide rose. {LONG_BODY}"))
    box.close()
    (tmp_path / "one").mkdir()
    box = mailbox.mbox(tmp_path / "inbox.mbox")
    for number, key in enumerate(box.iterkeys(), 1):
        (tmp_path / "one" / f"{number}.eml").write_bytes(box.get_bytes(key))
    box.close()
    each = [replace(r, text=r.text.replace(">From ", "From ")) if isinstance(r, Article) else r
            for n in range(1, 5) for r in load_file(tmp_path / "one" / f"{n}.eml")]
    whole = load_file(tmp_path / "inbox.mbox")
    assert [(r.path.rsplit("#", 1)[1], r) for r in whole if isinstance(r, Article)] == [
        (r.path.rsplit("/", 1)[1].removesuffix(".eml"), replace(r, path=f"{tmp_path}/inbox.mbox#"
                                                                    f"{r.path.rsplit('/', 1)[1][:-4]}"))
        for r in each if isinstance(r, Article)]
    articles = [a for a in whole if isinstance(a, Article)]
    assert [a.title for a in articles] == ["Quay opens", "Ferry strike", "Tide"]
    # a short first sentence under another subject is the body's; one repeating it, its headline
    assert [a.text.split(".")[0].strip() for a in articles] == ["From the quay, the mayor spoke",
                                                                "Ferries stopped at dawn", "The tide rose"]
    assert "\nFrom today on" in articles[1].text  # as written, not as the mailbox escapes it
    assert reasons(whole) == ["no article text in the message"]


def test_formats_a_mailbox_read_in_spans_by_two_processes_is_what_one_read_gives(tmp_path: Path) -> None:
    box = mailbox.mbox(tmp_path / "inbox.mbox")
    for number in range(450):
        box.add(mail(f"Quay story {number}", "" if number % 50 == 7 else
                     f"Story {number} of the quay. Berth {number} was dredged by crew {number * 7}. "
                     f"{LONG_BODY}"))
    box.close()
    settings = replace(load_settings(), max_entries=300)
    read = read_folder(tmp_path, settings, workers=2)
    whole = cleaned(load_file(tmp_path / "inbox.mbox", limits_of(settings)), settings.language)
    assert [a.title for a in read.articles] == [a.title for a in whole if isinstance(a, Article)]
    assert len(read.articles) == 294
    assert read.skipped == [r for r in whole if isinstance(r, Skipped)]
    assert [k.reason for k in read.skipped] == [
        "6 parts skipped, no article text in the message (the first: 8)",
        "holds more than 300 entries: only the first 300 read (max_entries)"]


def test_formats_a_mail_over_the_limit_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "huge.eml").write_bytes(bytes(mail("Big", LONG_BODY * 50)))
    (skipped,) = load_file(tmp_path / "huge.eml", Limits(document_bytes=10_000))
    assert isinstance(skipped, Skipped)
    assert "max_document_mb" in skipped.reason


def test_formats_a_covering_note_over_an_attachment_is_not_a_second_article(tmp_path: Path) -> None:
    message = mail("Fwd: Quay opens", "See the release attached.\n\nSam")
    message.add_attachment(f"Quay opens in spring\n\n{LONG_BODY}\n".encode(), maintype="text",
                           subtype="plain", filename="release.txt")
    (tmp_path / "note.eml").write_bytes(bytes(message))
    (article,) = load_file(tmp_path / "note.eml")
    assert isinstance(article, Article)
    assert article.path.endswith("note.eml#release.txt")
    assert (article.title, article.outlet) == ("Quay opens in spring", "Coast Herald")


def test_formats_a_zip_bomb_named_docx_is_never_opened(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "bomb.docx", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 5_000_000)
    (skipped,) = load_file(tmp_path / "bomb.docx", Limits(document_bytes=1_000_000))
    assert isinstance(skipped, Skipped)
    assert skipped.reason.startswith("unpacks to 5 MB")


def test_formats_a_web_archive_of_images_says_it_holds_no_pages(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with (tmp_path / "images.warc.gz").open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example.org/a.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG"), length=4,
                                                      http_headers=headers))
    assert reasons(load_file(tmp_path / "images.warc.gz")) == [
        "no HTML pages in the web archive (1 records of other kinds)"]


@pytest.mark.parametrize(("name", "content"), [
    ("shape.json", json.dumps({"status": "ok", "count": 3})),
    ("numbers.json", "[1, 2, 3]"),
])
def test_formats_json_of_another_shape_is_one_line(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    found = load_file(tmp_path / name)
    assert all(isinstance(r, Skipped) for r in found)
    assert len(found) == 1


def test_formats_a_news_api_export_reads_nested_fields_and_skips_cut_texts(tmp_path: Path) -> None:
    (tmp_path / "api.json").write_text(json.dumps({"status": "ok", "articles": [
        {"title": "Quay opens", "source": {"id": None, "name": "Coast Herald"}, "url": "https://herald.example/q",
         "publishedAt": "2024-03-05T09:00:00Z", "content": LONG_BODY},
        {"title": "Quay cut", "source": {"name": "Other"}, "content": "The quay… [+2301 chars]"},
    ]}), encoding="utf-8")
    article, skipped = load_file(tmp_path / "api.json")
    assert isinstance(article, Article)
    assert (article.title, article.outlet, article.published, article.url) == (
        "Quay opens", "Coast Herald", "2024-03-05", "https://herald.example/q")
    assert isinstance(skipped, Skipped)
    assert "teaser" in skipped.reason


def test_formats_our_own_briefing_pdf_and_json_are_never_read(tmp_path: Path) -> None:
    written = briefing.build(ROOT / "seeds", out=tmp_path, formats=["pdf", "json"])
    assert sorted(path.suffix for path in tmp_path.iterdir()) == [".json", ".pdf"], written
    for path in tmp_path.iterdir():
        assert load_file(path) == [Skipped(str(path), "a briefing this tool wrote, not an article")]


def truncated(path: Path, out: Path) -> Path:
    data = path.read_bytes()
    out.write_bytes(data[: len(data) // 2])
    return out


def test_formats_a_folder_of_damaged_files_builds_the_rest_with_a_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(STORY, folder)
    pdfs = bench_formats.convert(STORY, tmp_path / "pdf", "pdf")
    docs = bench_formats.convert(STORY, tmp_path / "docx", "docx")
    truncated(next(pdfs.iterdir()), folder / "cut.pdf")
    truncated(next(docs.iterdir()), folder / "cut.docx")
    truncated(SAMPLES / "example.warc.gz", folder / "cut.warc.gz")
    (folder / "cut.json").write_text('[{"title": "A", "text": "B', encoding="utf-8")
    shutil.copy(SAMPLES / "aes-128.pdf", folder)
    result = subprocess.run([sys.executable, "-m", "briefing", "build", str(folder), "--out",
                             str(tmp_path / "out"), "--format", "md"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning: skipped")]
    named = sorted(Path(line.split()[2].rstrip(":")).name for line in warned)
    assert named == ["aes-128.pdf", "cut.docx", "cut.json", "cut.pdf", "cut.warc.gz"]
    assert list((tmp_path / "out").glob("briefing-*.md"))


def test_formats_an_export_of_many_articles_in_one_file_is_indexed_for_copies(tmp_path: Path) -> None:
    """Enough articles to index their copies, from one file: the signatures are made for them."""
    texts = [f"Report {n}: the quay on pier {n} opened. {LONG_BODY}" for n in range(210)]
    lines = [json.dumps({"title": f"Quay story {n}", "text": text}) for n, text in enumerate(texts)]
    lines.append(lines[0])  # a copy, counted once
    (tmp_path / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = briefing.read_articles(tmp_path)
    assert len(articles) == 210
