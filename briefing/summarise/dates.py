"""Relative dates made absolute: "on Wednesday", "last week", "tomorrow" resolved against the
publication date of the article that wrote them, as a note beside the phrase (never a rewrite).

A weekday points back to its latest occurrence on or before publication ("said on Monday"),
or forward when the words just before it speak of what is to come ("will meet on Monday").
"""

from __future__ import annotations

import datetime
import re

from briefing.core.models import DateNote

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
RELATIVE = re.compile(  # a weekday capitalised and not starting a name ("Sunday Times")
    r"\b(?:(?P<day>today|tonight|yesterday|tomorrow)"
    r"|(?P<shift>last|next|this|earlier this|later this) (?P<unit>week|month|year)"
    r"|(?:(?P<which>last|next|this) )?(?P<weekday>(?-i:" + "|".join(w.title() for w in WEEKDAYS) + r"))"
    r"(?!\s+(?-i:[A-Z]))(?: (?:morning|afternoon|evening|night))?)\b(?!-)",
    re.IGNORECASE)
FUTURE_WINDOW = 50  # characters before a weekday where a cue makes it one to come
FUTURE = re.compile(r"\b(?:will|would|shall|is to|are to|is due|are due|plans? to|planned|scheduled|"
                    r"expected to|set to|going to|upcoming|ahead of)\b", re.IGNORECASE)


def notes(text: str, published: str | None) -> tuple[DateNote, ...]:
    """Every relative date phrase in text with its absolute date; none without a publication date."""
    if not published:
        return ()
    try:
        base = datetime.date.fromisoformat(published[:10])
    except ValueError:
        return ()
    found = []
    for match in RELATIVE.finditer(text):
        future = bool(FUTURE.search(text, max(0, match.start() - FUTURE_WINDOW), match.start()))
        resolved = resolve(match, base, future)
        if resolved is not None:
            found.append(DateNote(match.start(), match.end(), match.group(0), *resolved))
    return tuple(found)


def resolve(match: re.Match[str], base: datetime.date, future: bool) -> tuple[str, str] | None:
    """(ISO date, shown date) of one matched phrase, published on base."""
    if match.group("day"):
        offset = {"yesterday": -1, "tomorrow": 1}.get(match.group("day").lower(), 0)
        return day(base + datetime.timedelta(days=offset))
    if match.group("unit"):
        step = {"last": -1, "next": 1}.get(match.group("shift").lower(), 0)
        return _period(base, match.group("unit").lower(), step)
    which = (match.group("which") or "").lower()
    target = WEEKDAYS.index(match.group("weekday").lower())
    if which == "next" or (which != "last" and future):
        ahead = (target - base.weekday()) % 7 or 7
        return day(base + datetime.timedelta(days=ahead))
    behind = (base.weekday() - target) % 7
    if which == "last" and behind == 0:
        behind = 7
    return day(base - datetime.timedelta(days=behind))


def day(date: datetime.date) -> tuple[str, str]:
    return date.isoformat(), f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def _period(base: datetime.date, unit: str, step: int) -> tuple[str, str]:
    """The week (its Monday), month or year `step` units from base's."""
    if unit == "week":
        monday = base - datetime.timedelta(days=base.weekday()) + datetime.timedelta(weeks=step)
        return monday.isoformat(), f"week of {day(monday)[1]}"
    if unit == "month":
        index = base.year * 12 + base.month - 1 + step
        year, month = divmod(index, 12)
        return f"{year}-{month + 1:02d}", f"{MONTHS[month]} {year}"
    return str(base.year + step), str(base.year + step)
