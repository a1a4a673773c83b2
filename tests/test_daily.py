"""Daily runs and mailing through the command line, against a real SMTP server on loopback."""

from __future__ import annotations

import json
import shutil
import socket
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.core.errors import BriefingError, MailError
from tests.conftest import SEEDS, Recorder, pdf_page_count

STORIES = Path(__file__).resolve().parent / "fixtures" / "stories"
DAY = "2026-11-22"
EARLIER = "2026-11-21"


@pytest.fixture(autouse=True)
def sender(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sender every message here gives, as a cron job would set it."""
    monkeypatch.setenv("BRIEFING_MAIL_FROM", "briefing@example.org")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    shutil.copytree(SEEDS, root / DAY)
    shutil.copytree(SEEDS, root / EARLIER)
    return root


def daily(*args: str) -> tuple[int, str]:
    """Exit code and output; a user error (raised past the app, as main() reports it) counts as 1."""
    result = CliRunner().invoke(app, ["daily", *args])
    if isinstance(result.exception, BriefingError):
        return 1, str(result.exception)
    return result.exit_code, result.output


def test_daily_builds_the_day_once_and_leaves_other_days(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / EARLIER).mkdir(parents=True)
    (out / EARLIER / "briefing-2026-11-21.md").write_text("yesterday", encoding="utf-8")
    code, output = daily(str(inbox), "--date", DAY, "--out", str(out))
    assert code == 0, output
    day = out / DAY
    assert pdf_page_count(day / f"briefing-{DAY}.pdf") == 1
    data = json.loads((day / f"briefing-{DAY}.json").read_text(encoding="utf-8"))
    assert data["date"] == DAY
    assert len(data["input_hash"]) == 64
    assert (out / EARLIER / "briefing-2026-11-21.md").read_text(encoding="utf-8") == "yesterday"

    built_at = (day / f"briefing-{DAY}.pdf").stat().st_mtime_ns
    code, output = daily(str(inbox), "--date", DAY, "--out", str(out))
    assert code == 0
    assert "unchanged" in output
    assert (day / f"briefing-{DAY}.pdf").stat().st_mtime_ns == built_at

    code, output = daily(str(inbox), "--date", DAY, "--out", str(out), "--force")
    assert code == 0
    assert f"briefing-{DAY}.pdf" in output


def test_daily_rebuilds_when_an_article_changes(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert daily(str(inbox), "--date", DAY, "--out", str(out))[0] == 0
    first = json.loads((out / DAY / f"briefing-{DAY}.json").read_text(encoding="utf-8"))["input_hash"]
    article = next((inbox / DAY).glob("*.txt"))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line of reporting.\n",
                       encoding="utf-8")
    code, output = daily(str(inbox), "--date", DAY, "--out", str(out))
    assert code == 0
    assert "unchanged" not in output
    second = json.loads((out / DAY / f"briefing-{DAY}.json").read_text(encoding="utf-8"))["input_hash"]
    assert second != first


def test_daily_a_day_without_news_is_one_line_and_no_error(inbox: Path, tmp_path: Path) -> None:
    code, output = daily(str(inbox), "--date", "2026-01-01", "--out", str(tmp_path / "out"))
    assert code == 0
    missing = str(inbox / "2026-01-01")
    assert output.strip() == f"2026-01-01: no folder {missing!r} in the inbox, nothing to build"
    assert not (tmp_path / "out").exists()


def test_daily_a_missing_inbox_is_an_error(tmp_path: Path) -> None:
    code, output = daily(str(tmp_path / "nowhere"), "--date", DAY, "--out", str(tmp_path / "out"))
    assert code == 1
    assert "does not exist" in output


def test_daily_send_mails_the_pdf(inbox: Path, tmp_path: Path,
                                  server: tuple[Recorder, int]) -> None:
    recorder, port = server
    out = tmp_path / "out"
    code, output = daily(str(inbox), "--date", DAY, "--out", str(out), "--send", "desk@example.org",
                         "--smtp", f"127.0.0.1:{port}")
    assert code == 0, output
    assert "sent" in output
    (envelope,) = recorder.envelopes
    assert envelope.rcpt_tos == ["desk@example.org"]
    message = message_from_bytes(envelope.content, policy=default)
    attachment = next(part for part in message.iter_attachments())
    assert attachment.get_content() == (out / DAY / f"briefing-{DAY}.pdf").read_bytes()
    assert message.get_body(("plain",)).get_content().startswith("# ")
    assert message.get_body(("html",)) is not None


def test_send_refused_recipient_is_named(tmp_path: Path, server: tuple[Recorder, int]) -> None:
    _, port = server
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["build", "seeds", "--out", str(out), "--format", "md,pdf"]).exit_code == 0
    result = CliRunner().invoke(app, ["send", str(out / "briefing-2023-06-14.pdf"), "--to",
                                      "nobody@example.org", "--smtp", f"127.0.0.1:{port}"])
    assert isinstance(result.exception, MailError)
    assert "nobody@example.org" in str(result.exception)


def test_send_writes_an_eml_with_the_subject_and_attachment(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["build", "seeds", "--out", str(out), "--format", "md,pdf"]).exit_code == 0
    eml = tmp_path / "briefing.eml"
    result = CliRunner().invoke(app, ["send", str(out / "briefing-2023-06-14.pdf"), "--to",
                                      "desk@example.org", "--subject", "Morning note", "--eml", str(eml)])
    assert result.exit_code == 0, result.output
    raw = eml.read_bytes()
    assert b"\r\n" in raw
    message = message_from_bytes(raw, policy=default)
    assert message["Subject"] == "Morning note"
    attachment = next(part for part in message.iter_attachments())
    assert attachment.get_content() == (out / "briefing-2023-06-14.pdf").read_bytes()


def test_send_subject_dates_a_story_briefing_by_its_date_not_its_slug(tmp_path: Path) -> None:
    story = tmp_path / "briefing-2023-06-14-blinken-qin-call.pdf"
    story.write_bytes(b"%PDF-1.7\n%%EOF\n")
    story.with_suffix(".md").write_text("# Call between the ministers\n", encoding="utf-8")
    eml = tmp_path / "story.eml"
    result = CliRunner().invoke(app, ["send", str(story), "--to", "desk@example.org", "--eml", str(eml)])
    assert result.exit_code == 0, result.output
    message = message_from_bytes(eml.read_bytes(), policy=default)
    assert message["Subject"] == "Briefing: Call between the ministers (2023-06-14)"


@pytest.fixture
def busy_inbox(inbox: Path) -> Path:
    """The day's folder holds the seeds and a second, unrelated story."""
    for article in (STORIES / "no-quotes").iterdir():
        shutil.copy(article, inbox / DAY / f"quake-{article.name}")
    return inbox


def test_daily_briefs_each_story_and_clears_what_a_regrouped_day_left(
        busy_inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = daily(str(busy_inbox), "--date", DAY, "--out", str(out))
    assert code == 0, output
    day = out / DAY
    index = json.loads((day / f"index-{DAY}.json").read_text(encoding="utf-8"))
    files = sorted(story["file"] for story in index["stories"])
    assert len(files) == 2
    assert all(pdf_page_count(day / f"{name}.pdf") == 1 for name in files)
    assert daily(str(busy_inbox), "--date", DAY, "--out", str(out))[1].startswith(f"{DAY}: input unchanged")

    for article in (busy_inbox / DAY).glob("quake-*"):
        article.unlink()
    code, output = daily(str(busy_inbox), "--date", DAY, "--out", str(out))
    assert code == 0, output
    names = [f"briefing-{DAY}.{fmt}" for fmt in ("html", "json", "md", "pdf")]
    assert sorted(p.name for p in day.iterdir()) == [".briefing-day.json", *names]


def test_daily_send_mails_the_index_with_every_briefing(busy_inbox: Path, tmp_path: Path,
                                                        server: tuple[Recorder, int]) -> None:
    recorder, port = server
    out = tmp_path / "out"
    code, output = daily(str(busy_inbox), "--date", DAY, "--out", str(out), "--send",
                         "desk@example.org", "--smtp", f"127.0.0.1:{port}")
    assert code == 0, output
    (envelope,) = recorder.envelopes
    message = message_from_bytes(envelope.content, policy=default)
    assert message["Subject"] == f"Briefing: 2 stories ({DAY})"
    attached = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert sorted(attached) == sorted(p.name for p in (out / DAY).glob("*.pdf"))
    assert len(attached) == 3
    assert all(attached[name] == (out / DAY / name).read_bytes() for name in attached)
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")  # SMTP sends CRLF
    assert body == (out / DAY / f"index-{DAY}.md").read_text(encoding="utf-8")


def test_daily_a_failed_send_is_retried_and_a_delivered_day_is_not_sent_again(
        inbox: Path, tmp_path: Path, server: tuple[Recorder, int]) -> None:
    recorder, port = server
    out = tmp_path / "out"
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # a port where nothing listens
    nowhere = closed.getsockname()[1]
    closed.close()
    code, output = daily(str(inbox), "--date", DAY, "--out", str(out), "--send", "desk@example.org",
                         "--smtp", f"127.0.0.1:{nowhere}")
    assert code == 1, output
    assert (out / DAY / f"briefing-{DAY}.pdf").is_file()
    for _ in range(2):
        code, output = daily(str(inbox), "--date", DAY, "--out", str(out), "--send", "desk@example.org",
                             "--smtp", f"127.0.0.1:{port}")
        assert code == 0, output
    assert len(recorder.envelopes) == 1  # retried once, then never again
    assert "already sent to desk@example.org" in output
    code, output = daily(str(inbox), "--date", DAY, "--out", str(out), "--send", "desk@example.org",
                         "--smtp", f"127.0.0.1:{port}", "--resend")
    assert code == 0, output
    assert len(recorder.envelopes) == 2


def test_daily_restores_a_deleted_file_and_removes_only_its_own(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    day = out / DAY
    day.mkdir(parents=True)
    notes = day / "briefing-notes.txt"
    notes.write_text("mine", encoding="utf-8")
    leftover = day / f".briefing-{DAY}.pdf.k2j4h1.tmp"  # what a run killed mid-write leaves
    leftover.write_bytes(b"half")
    assert daily(str(inbox), "--date", DAY, "--out", str(out))[0] == 0
    assert not leftover.exists()
    (day / f"briefing-{DAY}.pdf").unlink()
    code, output = daily(str(inbox), "--date", DAY, "--out", str(out))
    assert code == 0, output
    assert "unchanged" not in output
    assert pdf_page_count(day / f"briefing-{DAY}.pdf") == 1
    assert notes.read_text(encoding="utf-8") == "mine"


def test_daily_output_inside_the_inbox_never_removes_an_article(inbox: Path) -> None:
    first = next((inbox / DAY).iterdir())
    shutil.copy(first, inbox / DAY / "briefing-wire.txt")  # an article named like our files
    articles = sorted(p.name for p in (inbox / DAY).iterdir())
    assert daily(str(inbox), "--date", DAY, "--out", str(inbox))[0] == 0
    assert set(articles) <= {p.name for p in (inbox / DAY).iterdir()}


@pytest.mark.parametrize(("options", "message"), [
    ([], "no sender: give --from ADDRESS"),
    (["--from", "desk@example.org", "--user", "desk"], "--user 'desk' needs a password"),
    (["--from", "desk@example.org", "--eml", "x.eml"], "not both"),
])
def test_send_mistakes_in_the_mail_options_are_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str], message: str) -> None:
    monkeypatch.delenv("BRIEFING_MAIL_FROM")
    monkeypatch.delenv("BRIEFING_SMTP_PASSWORD", raising=False)
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["build", str(SEEDS), "--out", str(out)]).exit_code == 0
    result = CliRunner().invoke(app, ["send", str(out / "briefing-2023-06-14.pdf"), "--to",
                                      "desk@example.org", "--smtp", "127.0.0.1:25", *options])
    assert isinstance(result.exception, MailError)
    assert message in str(result.exception)


def test_daily_writes_the_days_message_to_an_eml_once(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    eml = tmp_path / "day.eml"
    code, output = daily(str(inbox), "--date", DAY, "--out", str(out), "--send", "desk@example.org",
                         "--cc", "chief@example.org", "--subject", "Morning", "--eml", str(eml))
    assert code == 0, output
    message = message_from_bytes(eml.read_bytes(), policy=default)
    assert (message["Subject"], message["Cc"], message["From"]) == (
        "Morning", "chief@example.org", "briefing@example.org")
    eml.unlink()
    assert "already sent" in daily(str(inbox), "--date", DAY, "--out", str(out), "--send",
                                   "desk@example.org", "--eml", str(eml))[1]
    assert not eml.exists()


def test_daily_marks_what_is_new_since_the_day_before(tmp_path: Path) -> None:
    """Three days: the story grows, then the next day is another story; matched by content."""
    root, out, dated = tmp_path / "inbox", tmp_path / "out", STORIES / "dated"
    days = {"2024-03-06": [dated / "01_wire.txt", dated / "02_daily.txt"],
            "2024-03-07": [dated / "02_daily.txt", dated / "03_radio.txt"],
            "2024-03-08": sorted((STORIES / "no-next").glob("*.txt"))}
    for day, files in days.items():
        (root / day).mkdir(parents=True)
        for number, path in enumerate(files):
            shutil.copy(path, root / day / f"{number}-{day}.txt")  # names tell nothing
        assert daily(str(root), "--date", day, "--out", str(out))[0] == 0

    def briefing_of(day: str) -> dict[str, Any]:
        (path,) = (out / day).glob("briefing-*.json")
        return dict(json.loads(path.read_text(encoding="utf-8")))

    first, second, third = (briefing_of(day) for day in days)
    for data in (first, third):  # a first day, and a story no earlier briefing matches
        assert data["since"] is None
        assert data["no_longer_reported"] == []
        assert not any(item["new"] for s in data["sections"] for item in s["items"])
    assert second["since"] == "2024-03-06"
    items = {item["text"]: item["new"] for s in second["sections"] for item in s["items"]}
    assert items["A spokesman for the port authority said yesterday that no ship had been diverted so far."]
    assert not items["The union and the port authority will meet again on Friday with a government mediator."]
    assert second["no_longer_reported"] == [
        "Container ships were waiting at anchor in the Tagus estuary as the strike began."]
    markdown = next((out / "2024-03-07").glob("briefing-*.md")).read_text(encoding="utf-8")
    assert "diverted so far. [2] **new**" in markdown
    assert "**No longer reported** since the briefing of 2024-03-06: Container ships" in markdown
    html = next((out / "2024-03-07").glob("briefing-*.html")).read_text(encoding="utf-8")
    assert '<span class="mark new">new</span>' in html
    assert pdf_page_count(next((out / "2024-03-07").glob("briefing-*.pdf"))) == 1
