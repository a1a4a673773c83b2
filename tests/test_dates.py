"""Relative dates resolved against the publication date of the article that wrote them."""

from __future__ import annotations

import pytest

from briefing.summarise.dates import notes

WEDNESDAY = "2023-06-14"


@pytest.mark.parametrize(("text", "expected"), [
    ("Blinken spoke to Qin on Wednesday, officials said.", [("Wednesday", "14 June 2023")]),
    ("The two men spoke by telephone on Monday.", [("Monday", "12 June 2023")]),
    ("The minister will visit Beijing on Monday.", [("Monday", "19 June 2023")]),
    ("Blinken is due to arrive in Beijing on Sunday, officials said.", [("Sunday", "18 June 2023")]),
    ("The company said Tuesday it would cut jobs.", [("Tuesday", "13 June 2023")]),
    ("They met last Wednesday.", [("last Wednesday", "7 June 2023")]),
    ("Talks resume tomorrow and end next month.",
     [("tomorrow", "15 June 2023"), ("next month", "July 2023")]),
    ("The ministry said yesterday it had no comment.", [("yesterday", "13 June 2023")]),
    ("Talks broke down last week.", [("last week", "week of 5 June 2023")]),
    ("Exports fell earlier this year and last year.", [("earlier this year", "2023"), ("last year", "2022")]),
    ("The Sunday Times reported the call.", []),
    ("Prices rose in May.", []),
], ids=["weekday-today", "weekday-past", "weekday-future", "due-to", "said-then-would", "last-weekday",
        "tomorrow-next-month", "yesterday", "last-week", "years", "newspaper-name", "named-month"])
def test_dates_resolve_against_publication(text: str, expected: list[tuple[str, str]]) -> None:
    found = notes(text, WEDNESDAY)
    assert [(n.phrase.lower(), n.shown) for n in found] == [(p.lower(), s) for p, s in expected]
    for note in found:
        assert text[note.start:note.end] == note.phrase


def test_dates_need_a_publication_date() -> None:
    assert notes("They met on Wednesday.", None) == ()
    assert notes("They met on Wednesday.", "sometime") == ()


def test_dates_cross_month_and_year_ends() -> None:
    (month,) = notes("Sales rose last month.", "2024-01-03")
    assert (month.date, month.shown) == ("2023-12", "December 2023")
    (day,) = notes("The vote is tomorrow.", "2023-12-31")
    assert day.date == "2024-01-01"
