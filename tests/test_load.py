"""Load: decoding bytes, reading the header lines of each format, and walking a folder."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from briefing.core.errors import InputError
from briefing.core.models import Article, Skipped
from briefing.core.settings import load_settings
from briefing.read.clean import clean_article
from briefing.read.formats import load_file
from briefing.read.load import (
    decode_text,
    folder_files,
    parse_html,
    parse_markdown,
    parse_plaintext,
)
from briefing.run.pipeline import read_folder

BODY = ("Gold prices rose on Tuesday as the dollar slipped against major currencies "
        "in early trade.")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("café au lait".encode(), "café au lait"),
        (codecs.BOM_UTF8 + "café au lait".encode(), "café au lait"),
        ("café au lait".encode("utf-16"), "café au lait"),
        (codecs.BOM_UTF16_BE + "café au lait".encode("utf-16-be"), "café au lait"),
        ("café au lait".encode("utf-16-le"), "café au lait"),
        (b"caf\xe9 \x93quoted\x94", "café “quoted”"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16-be-bom", "utf16-le-no-bom", "cp1252"],
)
def test_load_decode_text_reads_encodings(data: bytes, expected: str) -> None:
    assert decode_text(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        bytes(range(256)),
        b"\x01\x02\x03\x04\x05\x06\x07\x08abc",
    ],
    ids=["png-header", "all-bytes", "control-bytes"],
)
def test_load_decode_text_returns_none_for_binary(data: bytes) -> None:
    assert decode_text(data) is None


def test_load_parse_plaintext_reads_metadata_line() -> None:
    article = parse_plaintext("a.txt", f" date 2023-06-14 https://example.com/x\n\n{BODY}\n")
    assert article.published == "2023-06-14"
    assert article.url == "https://example.com/x"
    assert article.outlet == "example.com"
    assert article.title is None
    assert article.text.strip() == BODY


def test_load_parse_plaintext_reads_headline_and_outlet() -> None:
    text = f"Gold prices climb as dollar weakens\nBullion Bite\n\n{BODY}\n"
    article = parse_plaintext("a.txt", text)
    assert article.title == "Gold prices climb as dollar weakens"
    assert article.outlet == "Bullion Bite"
    assert article.text.strip() == BODY


@pytest.mark.parametrize(
    ("header", "outlet"),
    [
        ("Gold prices climb as dollar weakens\nBy Bullion Bite", "Bullion Bite"),
        ("Gold prices climb as dollar weakens\nSource: Bullion Bite", "Bullion Bite"),
        ("Gold prices climb as dollar weakens\nMetal Daily\nBy Ana Ruiz", "Metal Daily"),
    ],
    ids=["byline", "source-line", "outlet-then-byline"],
)
def test_load_credit_line_under_headline_is_read_by_clean_not_kept_verbatim(
        header: str, outlet: str) -> None:
    article = clean_article(parse_plaintext("a.txt", f"{header}\n\n{BODY}\n"))
    assert article.title == "Gold prices climb as dollar weakens"
    assert article.outlet == outlet
    assert article.text == BODY


def test_load_parse_plaintext_reads_an_archive_exports_labelled_header_lines() -> None:
    """A news archive's text export labels its header lines: the headline is the title, a
    byline or a word count is not, and a line taken for the headline before it gives way."""
    text = ("                              3 of 12 DOCUMENTS\n\n"
            "                         The Harbour Courier\n\n"
            "                          March 5, 2024 Tuesday\n\n"
            "HEADLINE: Harbour bridge reopens after six months of repairs\n\n"
            "BYLINE: Ana Ruiz\n\nSECTION: NEWS; Pg. 3\n\nLENGTH: 412 words\n\n"
            f"DATELINE: PORTCITY\n\n{BODY}\n")
    article = parse_plaintext("a.txt", text)
    assert article.title == "Harbour bridge reopens after six months of repairs"
    assert article.outlet == "The Harbour Courier"
    assert article.published == "2024-03-05"
    assert article.text.strip() == BODY


def test_load_parse_plaintext_joins_a_labelled_headline_wrapped_in_capitals() -> None:
    text = ("\n\nHEADLINE: DOCKWORKERS WALK OUT AS TALKS ON PORT AUTOMATION\nCOLLAPSE\n"
            f"DATE_TIME: 2024-03-05 09:12\n\n{BODY}\n")
    article = parse_plaintext("a.txt", text)
    assert article.title == "DOCKWORKERS WALK OUT AS TALKS ON PORT AUTOMATION COLLAPSE"
    assert article.published == "2024-03-05"
    assert article.text.strip() == BODY


@pytest.mark.parametrize("headline", ["BREAKING: Port closes after the storm", "Update: Gold prices climb"])
def test_load_parse_plaintext_keeps_a_headline_whose_label_is_no_field(headline: str) -> None:
    article = parse_plaintext("a.txt", f"{headline}\nBullion Bite\n\n{BODY}\n")
    assert article.title == headline
    assert article.outlet == "Bullion Bite"


def test_load_parse_plaintext_without_headline_keeps_first_sentence_as_body() -> None:
    text = f"{BODY}\nTraders expect more gains this week.\n"
    article = parse_plaintext("a.txt", text)
    assert article.title is None
    assert article.outlet is None
    assert article.text == text


def test_load_parse_markdown_reads_front_matter_and_strips_markup() -> None:
    text = (
        "---\n"
        'title: "Harbour bridge reopens after repairs"\n'
        "date: 2024-03-05\n"
        "url: https://www.portcity-herald.example/bridge\n"
        "source: Portcity Herald\n"
        "---\n"
        "# A heading that is not the title\n\n"
        "The **harbour bridge** reopened on Tuesday after [six months](https://x.example/y) "
        "of repairs, officials said.\n\n"
        "- Traffic was _light_ in the first hour.\n"
    )
    article = parse_markdown("a.md", text)
    assert article.title == "Harbour bridge reopens after repairs"
    assert article.published == "2024-03-05"
    assert article.url == "https://www.portcity-herald.example/bridge"
    assert article.outlet == "Portcity Herald"
    assert article.text.split("\n\n") == [
        "The harbour bridge reopened on Tuesday after six months of repairs, officials said.",
        "Traffic was light in the first hour.\n",
    ]


def test_load_parse_markdown_takes_first_heading_as_title() -> None:
    text = "# Harbour bridge reopens\n\nThe bridge reopened on Tuesday after months of repairs.\n"
    article = parse_markdown("b.md", text)
    assert article.title == "Harbour bridge reopens"
    assert "#" not in article.text
    assert article.text.strip() == "The bridge reopened on Tuesday after months of repairs."


PAGE = """<!DOCTYPE html><html><head>
<title>Harbour bridge reopens after repairs | Portcity Herald</title>
<meta property="og:title" content="Harbour bridge reopens after repairs">
<meta property="og:site_name" content="Portcity Herald">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
<meta property="og:url" content="https://www.portcity-herald.example/bridge">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">Worldwide menu link</a></li></ul></nav>
<article><h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge reopened to traffic on Tuesday morning after six months of repairs,
city officials said in a statement.</p>
<p>Engineers replaced corroded cables and resurfaced the deck, and the work finished two weeks
ahead of schedule according to the transport department.</p>
<p>Commuters said the closure had added up to forty minutes to their daily journeys across the
estuary during the busiest weeks.</p>
</article>
<footer><p>Copyright 2024 Portcity Herald. All rights reserved. Contact the newsroom.</p></footer>
</body></html>"""


def test_load_parse_html_reads_metadata_and_main_text() -> None:
    article = parse_html("c.html", PAGE)
    assert isinstance(article, Article)
    assert article.title == "Harbour bridge reopens after repairs"
    assert article.outlet == "Portcity Herald"
    assert article.published == "2024-03-05"
    assert article.url == "https://www.portcity-herald.example/bridge"
    assert "Engineers replaced corroded cables" in article.text
    assert "forty minutes" in article.text
    assert "Worldwide menu link" not in article.text
    assert "All rights reserved" not in article.text


UNDATED = PAGE.replace('<meta property="article:published_time" content="2024-03-05T08:00:00Z">\n', "")


@pytest.mark.parametrize(("page", "published"), [
    (PAGE.replace("2024-03-05T08:00:00Z", "2024-01-01T08:00:00Z"), "2024-01-01"),  # the markup gives the day
    (UNDATED, None),  # only the footer's "Copyright 2024": a year, not a day
    (UNDATED.replace("<footer>", "<footer><p>Published 14 March 2024</p>"), "2024-03-14"),
])
def test_load_parse_html_dates_a_page_by_a_day_it_gives(page: str, published: str | None) -> None:
    article = parse_html("c.html", page)
    assert isinstance(article, Article)
    assert article.published == published


def test_load_folder_skips_non_articles_and_reads_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"Gold prices climb\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(f"# Gold climbs\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "zero.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\t\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(BODY, encoding="utf-8")
    read = [r for path in folder_files(tmp_path) for r in load_file(path)]  # as pipeline.load_and_clean reads
    articles = [r for r in read if isinstance(r, Article)]
    skipped = [r for r in read if isinstance(r, Skipped)]
    assert [Path(a.path).name for a in articles] == ["a.txt", "b.md"]
    assert [a.title for a in articles] == ["Gold prices climb", "Gold climbs"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert sorted(reasons) == ["blank.txt", "chart.png", "report.pdf", "zero.txt"]
    assert all(reason for reason in reasons.values())
    assert reasons["blank.txt"] == reasons["zero.txt"] == "empty"
    assert "not an article file" in reasons["chart.png"]


def test_load_folder_missing_folder_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_folder(tmp_path / "nowhere", load_settings())


def test_load_folder_file_instead_of_folder_raises_input_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BODY, encoding="utf-8")
    with pytest.raises(InputError, match="is a file, not a folder"):
        read_folder(path, load_settings())


@pytest.mark.parametrize("files", [{}, {"chart.png": b"\x89PNG"}, {"zero.txt": b""}],
                         ids=["empty", "only-image", "only-empty-file"])
def test_load_folder_without_articles_raises_input_error(
        tmp_path: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with pytest.raises(InputError, match="no articles found"):
        read_folder(tmp_path, load_settings())


@pytest.mark.parametrize("dateline", ["ATHENS,", "NICOSIA", "GRAMMATIKO, Greece,"])
def test_load_wire_dateline_line_is_not_the_outlet(dateline: str) -> None:
    text = (f"Cypriot airliner with 121 on board crashes in Greece\n{dateline}\n\n"
            "A Cypriot Boeing 737 crashed on Sunday north of Athens with 121 people on board.\n")
    article = parse_plaintext("wire.txt", text)
    assert article.title == "Cypriot airliner with 121 on board crashes in Greece"
    assert article.outlet is None


def test_load_hard_wrapped_body_under_a_headline_is_kept_whole() -> None:
    text = ("Harbour bridge reopens after repairs\n1998-10-18\n\n"
            "   The harbour bridge reopened to traffic on Tuesday after six months\n"
            "of repairs, the city council said.\n")
    article = clean_article(parse_plaintext("wire.txt", text))
    assert article.title == "Harbour bridge reopens after repairs"
    assert article.published == "1998-10-18"
    assert article.text == ("The harbour bridge reopened to traffic on Tuesday after six months of repairs, "
                            "the city council said.")
