"""Any folder: odd inputs, hostile text, unwritable outputs and interruptions, end to end.

Exit codes and stderr are checked on a real process; builds that succeed run through CliRunner,
which is faster. Inputs are built by hand, or recombined from the seeds' real sentences where a
test needs volume.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.core.errors import BriefingError, OutputError
from briefing.core.models import Skipped
from briefing.core.settings import load_settings
from briefing.page import output, pdf
from briefing.read.clean import is_junk, read_credit_line, split_paragraphs, strip_paragraph_lead
from briefing.read.formats import load_file
from briefing.read.load import decode_text, parse_plaintext
from briefing.read.split import SentenceSplitter, split_texts
from briefing.run import executors, pipeline
from briefing.run.pipeline import Prepared
from briefing.summarise import merge, stories
from briefing.summarise.vectors import Vectorizer
from tests.conftest import OWN_WORDS, STORY, pdf_page_count

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

ONE_LINERS = [
    "A strong earthquake struck the coastal city of Marlow overnight, officials said.",
    "Rescue teams searched collapsed buildings in Marlow after the earthquake on Tuesday.",
    "The earthquake in Marlow killed at least 40 people, the regional governor said.",
    "Engineers will inspect the Marlow harbour bridge after the earthquake on Friday.",
    "Marlow schools shut after the earthquake.",  # short: once taken for a headline
]
HOSTILE = [
    "The Marlow council said the formula {{ 7*7 }} appeared in the leaked budget file.",
    "Officials found the text {% if user %}{% endif %} hidden inside the leaked council budget.",
    "A researcher showed that <script>alert(1)</script> ran in the leaked council portal.",
    'The leaked portal page loaded <img src="file:///etc/passwd"> from the council servers.',
    'Its header linked <link href="http://example.com/x.css"> before the council portal closed.',
]
LEAK = [
    "The Marlow council closed its web portal on Monday after a leak exposed its budget files.",
    "Marlow council officials shut the web portal on Monday after the budget files leaked.",
    "The council portal will stay closed until security experts finish a review of the leak.",
]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    code = "from briefing.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          check=False, cwd=ROOT, env=env)


def invoke(*args: str) -> tuple[int, str, str]:
    """A build in this process: exit code, stdout and stderr."""
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def write_story(folder: Path, count: int = 2) -> Path:
    """count different articles (up to 3) of one story, each with a headline."""
    folder.mkdir(exist_ok=True)
    for number in range(count):
        body = " ".join([STORY[number], STORY[number + 1], OWN_WORDS[number]])
        (folder / f"story{number}.txt").write_text(f"Earthquake hits Marlow\n\n{body}\n",
                                                    encoding="utf-8")
    return folder


def only_json(out: Path) -> dict:
    (path,) = out.glob("*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def item_texts(data: dict) -> list[str]:
    return [item["text"] for section in data["sections"] for item in section["items"]]


def temp_files(folder: Path) -> list[Path]:
    return list(folder.rglob(".*.tmp"))


def seed_sentences() -> list[str]:
    splitter = SentenceSplitter()
    articles = pipeline.read_folder(SEEDS, load_settings()).articles
    return [s for a in articles for p in split_paragraphs(a.text)
            for s in splitter.to_sentences(p) if len(s.split()) >= 8]


def write_recombined(folder: Path, count: int, seed: int, sentences: tuple[int, int]) -> Path:
    """count articles of a few recombined seed sentences each (between the two numbers given)."""
    folder.mkdir()
    pool = seed_sentences()
    rng = random.Random(seed)
    for number in range(count):
        body = " ".join(recombined(pool, rng) for _ in range(rng.randint(*sentences)))
        (folder / f"{number:05d}.txt").write_text(body + "\n", encoding="utf-8")
    return folder


def recombined(sentences: list[str], rng: random.Random) -> str:
    """A new sentence: the first half of one real sentence and the second half of another."""
    first, second = (s.split() for s in rng.sample(sentences, 2))
    return " ".join(first[:len(first) // 2] + second[len(second) // 2:])


# Input folders that cannot be used


@pytest.mark.parametrize("name", ["empty", "missing", "file.txt"])
def test_robustness_unusable_input_is_one_line_and_exit_1(tmp_path: Path, name: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "file.txt").write_text(STORY[0], encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", str(tmp_path / name), "--out", str(out))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("error: ")
    assert not out.exists()


# Files that are not articles


def test_robustness_non_articles_are_skipped_with_one_warning_each(tmp_path: Path) -> None:
    folder = write_story(tmp_path / "in")
    junk = {
        "chart.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00",
        "report.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "noise.txt": random.Random(1).randbytes(4096),
        "zero.txt": b"",
        "blank.txt": b"  \n\t\r\n   \n",
    }
    for name, data in junk.items():
        (folder / name).write_bytes(data)
    code, stdout, stderr = invoke("build", str(folder), "--out", str(tmp_path / "out"),
                                  "--format", "md,json")
    assert code == 0, stderr
    warnings = stderr.strip().splitlines()
    assert len(warnings) == len(junk)
    for name in junk:
        (line,) = [w for w in warnings if w.startswith(f"warning: skipped {folder / name}: ")]
        assert line.removeprefix(f"warning: skipped {folder / name}: ").strip()
    assert len(stdout.split()) == 2
    sources = only_json(tmp_path / "out")["sources"]
    assert [Path(s["path"]).name for s in sources] == ["story0.txt", "story1.txt"]


def test_robustness_subfolders_and_special_files_are_skipped_not_read(tmp_path: Path) -> None:
    folder = write_story(tmp_path / "in")
    (folder / "more.txt").mkdir()
    os.mkfifo(folder / "pipe.txt")  # reading it would block forever
    read = pipeline.read_folder(folder, load_settings())
    articles, skipped = read.articles, read.skipped
    assert len(articles) == 2
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert "sub-folder" in reasons["more.txt"]
    assert reasons["pipe.txt"] == "not a regular file"


# Encodings

TITLE = "Café “Rivière” reopens in Montréal"
LATIN1_TITLE = "Café «Rivière» reopens in Montréal"
BODY = ("The café owner said “we will reopen” after the flood damaged the kitchen of the "
        "restaurant on {day} night.")


@pytest.mark.parametrize(
    ("encode", "title"),
    [
        (lambda text: text.encode("utf-8"), TITLE),
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), TITLE),
        (lambda text: text.encode("utf-16"), TITLE),
        (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), TITLE),
        (lambda text: text.encode("cp1252"), TITLE),
        (lambda text: text.encode("latin-1"), LATIN1_TITLE),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "cp1252", "latin1"],
)
def test_robustness_encodings_come_out_right_in_the_json(tmp_path: Path, encode, title: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    body = BODY.format(day="Monday")
    if title == LATIN1_TITLE:
        body = body.replace("“", "«").replace("”", "»")
    (folder / "article.txt").write_bytes(encode(f"{title}\n\n{body}\n"))
    code, _, stderr = invoke("build", str(folder), "--out", str(tmp_path / "out"),
                             "--format", "json")
    assert code == 0, stderr
    data = only_json(tmp_path / "out")
    assert [s["title"] for s in data["sources"]] == [title]
    assert item_texts(data) == [body]


def test_robustness_mixed_encodings_in_one_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    days = ["Monday", "Tuesday", "Wednesday", "Thursday"]
    for day, codec in zip(days, ["utf-8-sig", "utf-16", "cp1252", "utf-8"], strict=True):
        text = f"{TITLE}\n\n{BODY.format(day=day)} Inspectors came on {day}.\n"
        (folder / f"{codec}.txt").write_bytes(text.encode(codec))
    code, _, stderr = invoke("build", str(folder), "--out", str(tmp_path / "out"),
                             "--format", "json")
    assert code == 0, stderr
    data = only_json(tmp_path / "out")
    assert [s["title"] for s in data["sources"]] == [TITLE] * 4
    assert any("café owner said “we will reopen”" in text for text in item_texts(data))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("café “quoted”".encode("utf-32"), "café “quoted”"),
        ("café “quoted”".encode() + b"\xff", "café “quoted”\ufffd"),
        ("café “quoted”".encode().replace(b" ", b" \x00", 1) + b" and more text" * 20,
         "café “quoted”" + " and more text" * 20),
    ],
    ids=["utf32-bom", "utf8-one-bad-byte", "utf8-stray-nul"],
)
def test_robustness_decode_text_survives_damage(data: bytes, expected: str) -> None:
    assert decode_text(data) == expected


# Small inputs


def test_robustness_one_article(tmp_path: Path) -> None:
    folder = write_story(tmp_path / "in", count=1)
    out = tmp_path / "out"
    code, _, stderr = invoke("build", str(folder), "--out", str(out), "--format", "md,pdf,json")
    assert code == 0, stderr
    assert len(only_json(out)["sources"]) == 1
    (document,) = out.glob("*.pdf")
    assert pdf_page_count(document) == 1


def test_robustness_articles_of_one_sentence_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number, sentence in enumerate(ONE_LINERS):
        (folder / f"{number}.txt").write_text(sentence + "\n", encoding="utf-8")
    out = tmp_path / "out"
    # --single-story: one-sentence articles share too few words for story detection to group
    # them (cosine about 0.1 against a threshold of 0.2), so each would stand alone.
    code, _, stderr = invoke("build", str(folder), "--out", str(out), "--format", "md,pdf,json",
                             "--single-story")
    assert code == 0, stderr
    assert stderr == ""
    data = only_json(out)
    assert len(data["sources"]) == len(ONE_LINERS)
    assert item_texts(data)
    assert set(item_texts(data)) <= set(ONE_LINERS)
    (document,) = out.glob("*.pdf")
    assert pdf_page_count(document) == 1


def test_robustness_a_file_of_one_short_line_is_body_not_headline() -> None:
    article = parse_plaintext("a.txt", "Marlow schools stay closed this week.\n")
    assert article.title is None
    assert article.text == "Marlow schools stay closed this week."
    dated = parse_plaintext("b.txt", "2024-03-05 https://news.example/x\nSchools stay shut.\n")
    assert (dated.published, dated.title, dated.text) == ("2024-03-05", None, "Schools stay shut.")


def test_robustness_saved_web_page_named_txt_is_read_as_html(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(LEAK_PAGE, encoding="utf-8")
    (article,) = load_file(tmp_path / "page.txt")
    assert not isinstance(article, Skipped)
    assert article.title == "Council portal leak"
    assert "<" not in article.text
    assert "experts studied the budget leak" in article.text


def test_robustness_same_article_twice_is_one_source(tmp_path: Path) -> None:
    folder = write_story(tmp_path / "in", count=2)
    (folder / "copy-of-story0.txt").write_bytes((folder / "story0.txt").read_bytes())
    (folder / "story0-utf16.txt").write_bytes(
        (folder / "story0.txt").read_text(encoding="utf-8").encode("utf-16"))
    code, _, stderr = invoke("build", str(folder), "--out", str(tmp_path / "out"),
                             "--format", "json")
    assert code == 0, stderr
    data = only_json(tmp_path / "out")
    assert [Path(s["path"]).name for s in data["sources"]] == ["copy-of-story0.txt", "story1.txt"]
    cited = {n for section in data["sections"] for item in section["items"] for n in item["sources"]}
    assert cited <= {1, 2}


# Body text that looks like page furniture


@pytest.mark.parametrize(
    "paragraph",
    [
        "US - China talks resumed on Monday in Geneva, officials said.",
        "NATO — the alliance said on Monday it would send more troops.",
        "UK – Britain said on Monday it would act on the report.",
    ],
)
def test_robustness_sentence_opening_with_a_short_name_keeps_it(paragraph: str) -> None:
    assert strip_paragraph_lead(paragraph) == (paragraph, None)


def test_robustness_by_phrase_that_is_not_a_byline_is_not_an_outlet() -> None:
    assert read_credit_line("By land and sea, the troops advanced on the city") is None
    assert read_credit_line("By Jean-Luc de la Croix and Ana Ruiz") == "Jean-Luc de la Croix and Ana Ruiz"


def test_robustness_story_about_cookies_is_not_a_cookie_banner() -> None:
    assert not is_junk("The bakery said it will use fresh cookies from local farms in every store.")
    assert is_junk("By continuing to use this site you agree to our use of cookies.")


# Text that looks like code


def hostile_folder(folder: Path) -> Path:
    """Two articles of one story (a council leak) quoting template syntax and HTML."""
    folder.mkdir()
    first = [LEAK[0], HOSTILE[0], HOSTILE[2], HOSTILE[4]]
    second = [LEAK[1], HOSTILE[1], HOSTILE[3], LEAK[2]]
    for name, sentences in (("first.txt", first), ("second.txt", second)):
        (folder / name).write_text("Council portal leak\n\n" + "\n".join(sentences) + "\n",
                                   encoding="utf-8")
    (folder / "third.html").write_text(LEAK_PAGE, encoding="utf-8")
    return folder


LEAK_PAGE = """<!DOCTYPE html><html><head><title>Council portal leak</title>
<link rel="stylesheet" href="http://example.com/x.css">
<script src="http://example.com/track.js"></script></head><body>
<img src="file:///etc/passwd"><iframe src="http://example.com/frame"></iframe>
<article><h1>Council portal leak</h1>
<p>The Marlow council web portal stayed closed on Tuesday while experts studied the budget leak.</p>
<p>Officials said the leaked budget files had been copied from the council portal last month.</p>
<p>The council will publish a full report on the portal leak before the end of the year.</p>
</article></body></html>
"""


def unescape_markdown(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def test_robustness_template_and_html_text_is_shown_literally(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fetched: list[str] = []
    real = pdf.data_only_fetcher()

    class Recording(type(real)):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> object:
            fetched.append(url)
            return super().fetch(url, headers)

    monkeypatch.setattr(pdf, "data_only_fetcher", lambda: Recording(allowed_protocols={"data"}))
    folder = hostile_folder(tmp_path / "in")
    out = tmp_path / "out"
    code, _, stderr = invoke("build", str(folder), "--out", str(out), "--date", "2024-03-05",
                             "--format", "md,pdf,json,html")
    assert code == 0, stderr
    markdown = (out / "briefing-2024-03-05.md").read_text(encoding="utf-8")
    html = (out / "briefing-2024-03-05.html").read_text(encoding="utf-8")
    assert len(only_json(out)["sources"]) == 3
    shown = [s for s in HOSTILE if s in item_texts(only_json(out))]
    assert shown, "the fit kept none of the hostile sentences"
    for sentence in shown:
        assert sentence in unescape_markdown(markdown)
        escaped = (sentence.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                   .replace('"', "&#34;"))
        assert escaped in html
    assert "49" not in markdown
    for raw in ("<script", "<img", '<link href="http://example.com'):
        assert raw not in html
    assert fetched == []
    assert pdf_page_count(out / "briefing-2024-03-05.pdf") == 1


NETWORK_GUARD = """
import os
import socket
import sys

RECORD = os.environ["BRIEFING_TEST_RECORD"]


def note(what):
    with open(RECORD, "a", encoding="utf-8") as stream:
        stream.write(what + "\\n")


def refuse(name):
    def refused(*args, **kwargs):
        note(f"{name} {args!r}")
        raise OSError(f"network is off in this test ({name})")
    return refused


socket.socket.connect = refuse("connect")
socket.socket.connect_ex = refuse("connect_ex")
socket.create_connection = refuse("create_connection")
socket.getaddrinfo = refuse("getaddrinfo")


def audit(event, args):
    if event in ("socket.connect", "socket.getaddrinfo"):
        note(f"audit {event} {args!r}")
    elif event == "open" and isinstance(args[0], str) and args[0] == "/etc/passwd":
        note("audit open /etc/passwd")


sys.addaudithook(audit)
"""


def test_robustness_build_opens_no_connection_and_reads_no_named_file(tmp_path: Path) -> None:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(textwrap.dedent(NETWORK_GUARD), encoding="utf-8")
    record = tmp_path / "record.txt"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(guard), str(ROOT)]),
           "BRIEFING_TEST_RECORD": str(record)}
    probe = subprocess.run([sys.executable, "-c", "import socket\ntry:\n"
                            "    socket.create_connection(('example.com', 80))\n"
                            "except OSError:\n    pass\n"],
                           env=env, check=False, capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr
    assert "create_connection" in record.read_text(encoding="utf-8"), "the guard is not active"
    record.write_text("", encoding="utf-8")

    folder = hostile_folder(tmp_path / "in")
    out = tmp_path / "out"
    result = run_cli("build", str(folder), "--out", str(out), "--format", "md,pdf,json,html",
                     env=env)
    assert result.returncode == 0, result.stderr
    assert record.read_text(encoding="utf-8") == ""
    assert len(list(out.glob("briefing-*"))) == 4


# Output that cannot be written, and runs that stop half-way


def test_robustness_output_below_a_file_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    folder = write_story(tmp_path / "in")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    result = run_cli("build", str(folder), "--out", str(blocker / "out" / "deeper"))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "is a file" in result.stderr
    assert blocker.read_text(encoding="utf-8") == "a file where a folder should be"
    assert temp_files(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "in"]


def test_robustness_write_files_failing_half_way_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"")
    files = {tmp_path / "new" / "a.md": b"a", blocker / "b.md": b"b"}
    with pytest.raises(OutputError, match="is a file"):
        output.write_files(files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


def test_robustness_write_files_interrupted_leaves_no_temp_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    renamed: list[Path] = []

    def replace_then_interrupt(source: Path, target: Path) -> None:
        if renamed:
            raise KeyboardInterrupt
        renamed.append(Path(target))
        Path(source).rename(target)

    monkeypatch.setattr(output.os, "replace", replace_then_interrupt)
    files = {tmp_path / "out" / f"briefing.{suffix}": suffix.encode() * 100
             for suffix in ("md", "pdf", "json")}
    with pytest.raises(KeyboardInterrupt):
        output.write_files(files)
    written = list((tmp_path / "out").iterdir())
    assert written == renamed
    assert written[0].read_bytes() == files[written[0]]


def test_robustness_written_files_have_the_usual_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        (path,) = output.write_files({tmp_path / "a.md": b"text"})
    finally:
        os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o644


INTERRUPTED_WHILE_WRITING = """
import os, signal, sys
from briefing.page import output
from briefing.cli import main

write_temp = output.write_temp


def write_then_interrupt(temp, data):  # Ctrl-C after the first file is written to its temp name
    write_temp(temp, data)
    os.kill(os.getpid(), signal.SIGINT)


output.write_temp = write_then_interrupt
main()
"""


def test_robustness_ctrl_c_leaves_no_partial_briefing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-c", INTERRUPTED_WHILE_WRITING, "build", str(SEEDS),
                             "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 130
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 1
    assert not out.exists()  # the temp files went, and so did the folder made for them


SWALLOWED_INTERRUPT = """
import os, signal
from briefing import cli

cli.watch_interrupts()


class Finalised:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(10_000):  # the handler runs in here, and Python only prints what it raises
            pass


Finalised()
print("run went on", flush=True)
cli.stop_if_interrupted()
print("not stopped", flush=True)
"""


def test_robustness_ctrl_c_swallowed_by_a_library_stops_the_next_stage() -> None:
    result = subprocess.run([sys.executable, "-c", SWALLOWED_INTERRUPT], capture_output=True,
                            text=True, check=False, cwd=ROOT)
    assert result.stdout.splitlines() == ["run went on"]
    assert "Exception ignored" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "KeyboardInterrupt"


# Scale


def test_robustness_a_file_over_the_size_limit_is_skipped_before_it_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    with (folder / "huge.txt").open("wb") as sparse_file:
        sparse_file.truncate(1_000_000_000)  # a gigabyte of nothing, sparse: reading it would take long
    out = tmp_path / "out"
    code, _, stderr = invoke("build", str(folder), "--out", str(out), "--format", "md,json")
    assert code == 0, stderr
    (warning,) = [line for line in stderr.splitlines() if "huge.txt" in line]
    assert "1000 MB, over the 5 MB an article may have" in warning
    assert len(only_json(out)["sources"]) == len(list(SEEDS.iterdir()))


def test_robustness_worker_processes_give_the_same_summary(tmp_path: Path) -> None:
    folder = write_recombined(tmp_path / "in", executors.PARALLEL_ITEMS + 50, seed=5, sentences=(4, 4))
    settings = load_settings()
    alone = pipeline.read_folder(folder, settings, workers=1, stemmed=True)
    shared = pipeline.read_folder(folder, settings, workers=2, stemmed=True)
    assert shared == alone
    articles = alone.articles
    texts = [a.text for a in articles]
    vectorizer = Vectorizer(settings.language)
    assert alone.terms == [vectorizer.terms(text) for text in texts]  # each kept article's, whole
    assert alone.sentences == split_texts(texts, SentenceSplitter(settings.language))
    assert alone.known_terms == {sentence: Vectorizer(settings.language).terms(sentence)  # each sentence's
                                 for sentences in alone.sentences for sentence in sentences}
    summary = pipeline.summarise_articles(articles, settings, workers=1, people=True)
    assert summary == pipeline.summarise_articles(articles, settings, workers=2, people=True)
    assert summary == pipeline.summarise_articles(articles, settings, workers=2, people=True,
                                                  prepared=Prepared(alone.sentences))
    distinct = list(dict.fromkeys(text for texts in alone.sentences for text in texts))
    claims = pipeline.claim_reader(settings)(distinct)
    read = merge.claims_by_text(distinct, claims)
    assert summary == pipeline.summarise_articles(articles, settings, workers=2, people=True,
                                                  prepared=Prepared(alone.sentences, lambda: read))
    assert summary == pipeline.summarise_articles(articles, settings, workers=2, people=True,
                                                  prepared=Prepared(alone.sentences,
                                                                    known_terms=alone.known_terms))
    # what is given is what is used: no sentences given, none scored; no claim given, no item
    assert not pipeline.summarise_articles(articles, settings,
                                           prepared=Prepared([()] * len(articles))).sentences
    assert not pipeline.summarise_articles(articles, settings,
                                           prepared=Prepared(claims=lambda: dict.fromkeys(distinct))).items


def _slowly_where(items: list[int]) -> list[tuple[int, int]]:
    time.sleep(0.05)
    return [(item, os.getpid()) for item in items]


def test_robustness_the_caller_takes_the_slices_no_worker_has_started() -> None:
    """Asked for the results at once, this process computes the last slices itself (the workers
    are still on the first), and the results come in the items' order."""
    items = list(range(executors.PARALLEL_ITEMS * 2))
    with executors.local_processes(2) as workers, workers.started(_slowly_where, items) as results:
        done = results()
    assert [item for item, _ in done] == items
    here = [item for item, pid in done if pid == os.getpid()]
    assert here
    assert here[-1] == items[-1]
    assert len(here) < len(items)  # and the workers took the others


def test_robustness_a_runs_stages_share_its_worker_processes() -> None:
    """Forked once, at the first stage (before any article is held): later stages use the same
    processes, not processes forked from a parent that by then holds the whole folder."""
    items = list(range(executors.PARALLEL_ITEMS * 2))
    with executors.local_processes(2) as run:
        stages = [run.map(_slowly_where, items) for _ in range(3)]
    workers = [{pid for _, pid in done if pid != os.getpid()} for done in stages]
    assert workers[0]
    assert workers[1] <= workers[0]
    assert workers[2] <= workers[0]


def test_robustness_thousands_of_tiny_files(tmp_path: Path) -> None:
    """Past every size where the build changes method (LSH dedupe from 200 articles, sampled
    story clustering past 1,000, the whole-story rule at 3,000): one page, true citations.
    bench/scale.py measures 10,000 and more."""
    folder = write_recombined(tmp_path / "in", stories.MAX_LINKED + 200, seed=3, sentences=(2, 3))
    out = tmp_path / "out"
    code, stdout, stderr = invoke("build", str(folder), "--out", str(out),
                                  "--format", "md,pdf,json")
    assert code == 0, stderr
    assert len(stdout.split()) == 3
    data = only_json(out)
    assert item_texts(data)
    assert all(1 <= n <= len(data["sources"]) for section in data["sections"]
               for item in section["items"] for n in item["sources"])
    (document,) = out.glob("*.pdf")
    assert pdf_page_count(document) == 1


def test_robustness_load_file_reports_why(tmp_path: Path) -> None:
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 32)) * 20)
    assert load_file(tmp_path / "noise.txt") == [Skipped(str(tmp_path / "noise.txt"),
                                                         "binary content, not text")]


LOGO = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9Q"
        "DwADhgGAWjR9awAAAABJRU5ErkJggg==")


def test_robustness_user_template_with_an_inline_logo_and_a_remote_one(tmp_path: Path) -> None:
    """A data: image is drawn; a remote one is refused, not fetched, and the build goes on."""
    templates = tmp_path / "templates"
    assert invoke("templates", "export", "analyst", str(templates))[0] == 0
    page = templates / "briefing.html.j2"
    logo = f'<img src="{LOGO}" width="20"><img src="https://example.com/logo.png" width="20">'
    page.write_text(page.read_text(encoding="utf-8").replace("<body>", "<body>" + logo, 1),
                    encoding="utf-8")
    assert logo in page.read_text(encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = invoke("build", str(SEEDS), "--out", str(out), "--templates", str(templates),
                             "--format", "pdf")
    assert code == 0, stderr
    (document,) = out.glob("*.pdf")
    assert pdf_page_count(document) == 1
    assert b"/Subtype /Image" in document.read_bytes()


def test_robustness_a_link_out_of_the_folder_is_not_read(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir()
    (private / "notes.txt").write_text("Secret plans\n\nThe board will sell the harbour company to a "
                                       "rival next spring, the notes say in full.\n", encoding="utf-8")
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "notes.txt").symlink_to(private / "notes.txt")
    (folder / "again.txt").symlink_to(folder / next(p.name for p in SEEDS.iterdir()))  # inside: read
    out = tmp_path / "out"
    code, _, stderr = invoke("build", str(folder), "--out", str(out), "--format", "md,json")
    assert code == 0, stderr
    assert any("notes.txt" in line and "outside the folder" in line for line in stderr.splitlines())
    assert "harbour company" not in (next(out.glob("*.md"))).read_text(encoding="utf-8")
    assert all(Path(s["path"]).name != "notes.txt" for s in only_json(out)["sources"])


@pytest.mark.parametrize(("setting", "message"), [
    ('type_size = "90pt"', "not one item fits the page"),
    ("sections = []", "shows none of the briefing's"),
])
def test_robustness_an_audience_that_leaves_the_page_empty_is_one_line(
        tmp_path: Path, setting: str, message: str) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "audience.toml").write_text(setting + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(SEEDS), "--out", str(out), "--templates", str(templates)])
    assert isinstance(result.exception, BriefingError), result.output
    assert message in str(result.exception)
    assert "\n" not in str(result.exception)
    assert not out.exists() or not any(out.iterdir())


def test_robustness_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    first = next(p for p in sorted(SEEDS.iterdir()))
    odd = os.fsdecode(b"wire-\xff.txt")  # a Latin-1 name on a UTF-8 system
    (folder / first.name).rename(folder / odd)
    out = tmp_path / "out"
    code, _, stderr = invoke("build", str(folder), "--out", str(out), "--single-story")
    assert code == 0, stderr
    data = only_json(out)
    assert any(path.endswith("wire-\\xff.txt") for path in data["articles"])
    assert pdf_page_count(next(out.glob("*.pdf"))) == 1


def test_robustness_the_size_limit_is_a_setting_and_an_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(SEEDS), "--out", str(tmp_path / "out"),
                                      "--max-file-size", "0.001"])
    assert isinstance(result.exception, BriefingError)
    assert "no articles found" in str(result.exception)
    assert "over the 0.001 MB an article may have" in str(result.exception)
    (tmp_path / "p.toml").write_text("max_file_mb = 0\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(SEEDS), "--profile", str(tmp_path / "p.toml")])
    assert "'max_file_mb' must be above 0, not 0" in str(result.exception)
