"""Clean: page furniture goes, bylines and datelines become metadata, body text stays."""

from __future__ import annotations

import pytest

from briefing.core.models import Article
from briefing.read.clean import clean_article, split_paragraphs

BODY = ("The harbour bridge reopened to traffic on Tuesday after six months of repairs, "
        "city officials said.")
SECOND = "Engineers replaced corroded cables and resurfaced the deck ahead of schedule."


def clean(text: str, **metadata: str) -> Article:
    return clean_article(Article(path="a.txt", text=text, **metadata))


@pytest.mark.parametrize(
    "junk",
    [
        "We use cookies to enhance your experience. By continuing you accept our cookie policy.",
        "This site uses cookies. Accept",
        "#buttons=(Ok, Go it!) #days=(20)",
        "#banner=(Accept) #hours=(5)",
        "Related Articles",
        "Related Stories",
        "Back to top button",
        "Read more",
        "Advertisement",
        "ConflictNorth AmericaWorld",
        "SportsCity HallWeatherHarbour News",
    ],
)
def test_clean_article_drops_page_furniture(junk: str) -> None:
    article = clean(f"{junk}\n{BODY}\n\n{junk}\n{SECOND}")
    assert article.text == f"{BODY}\n\n{SECOND}"
    assert article.outlet is None


@pytest.mark.parametrize(
    "lead",
    [
        "Ns News Online Desk:Ns News Online Desk: ",
        "Harbour Wire Desk: Harbour Wire Desk: ",
        "Valley Times Desk:",
    ],
)
def test_clean_article_strips_repeated_desk_bylines(lead: str) -> None:
    article = clean(f"{lead}{BODY}\n{SECOND}")
    assert article.text == f"{BODY}\n\n{SECOND}"
    assert article.outlet is None


@pytest.mark.parametrize(
    ("lead", "agency"),
    [
        ("TAIPEI, Taiwan (AP) — ", "AP"),
        ("OSLOVIK, Nordland (NWA) — ", "NWA"),
        ("PORT MARLOW (Harbour Wire) -- ", "Harbour Wire"),
        ("NAIROBI, Kenya (AP) _ ", "AP"),  # 1990s wire copy writes the dash as an underscore
    ],
)
def test_clean_article_strips_dateline_and_takes_agency_as_outlet(lead: str, agency: str) -> None:
    article = clean(f"{lead}{BODY}\n{SECOND}")
    assert article.text == f"{BODY}\n\n{SECOND}"
    assert article.outlet == agency


def test_clean_article_dateline_agency_does_not_replace_known_outlet() -> None:
    article = clean(f"TAIPEI, Taiwan (AP) — {BODY}", outlet="Island Daily")
    assert article.text == BODY
    assert article.outlet == "Island Daily"


def test_clean_article_dateline_without_agency_leaves_outlet_empty() -> None:
    article = clean(f"PORT MARLOW — {BODY}")
    assert article.text == BODY
    assert article.outlet is None


@pytest.mark.parametrize(
    ("credit", "outlet"),
    [
        ("By Associated Press", "Associated Press"),
        ("Source: DN", "DN"),
        ("By The Harbour Gazette", "The Harbour Gazette"),
        ("Source: Portcity Herald", "Portcity Herald"),
        ("Reporting by Valley Wire", "Valley Wire"),
    ],
)
def test_clean_article_credit_line_becomes_outlet(credit: str, outlet: str) -> None:
    article = clean(f"{BODY}\n{credit}\n{SECOND}")
    assert article.text == f"{BODY}\n\n{SECOND}"
    assert article.outlet == outlet


def test_clean_article_credit_line_does_not_replace_known_outlet() -> None:
    article = clean(f"By Associated Press\n{BODY}", outlet="Portcity Herald")
    assert article.outlet == "Portcity Herald"
    assert article.text == BODY


def test_clean_article_first_credit_wins_over_dateline_agency() -> None:
    article = clean(f"TAIPEI, Taiwan (AP) — {BODY}\nSource: Island Daily")
    assert article.outlet == "Island Daily"


def test_clean_article_keeps_real_paragraph_intact() -> None:
    paragraph = ("“We are relieved,” said Ana Ortiz, 42, a nurse from Port Marlow — she had driven "
                 "an extra 40 minutes each way; the U.S.-owned ferry (now idle) cost $12.50.")
    article = clean(f"  {paragraph}  \n\n{BODY}")
    assert article.text == f"{paragraph}\n\n{BODY}"


def test_clean_article_drops_paragraph_repeating_the_title() -> None:
    article = clean(f"Harbour bridge reopens.\n{BODY}", title="Harbour bridge reopens.")
    assert article.text == BODY


WRAPPED_WIRE = """   LONDON (AP) _ An influential lawmaker from the governing Labor
Party on Saturday backed requests to question the former
dictator, in London for back surgery, on allegations of torture.
   The former ruler, 82, who underwent surgery a week ago, was
reported to have left the hospital earlier on Wednesday. British
authorities have declined to comment on his whereabouts.
"""


def test_clean_unwraps_hard_wrapped_wire_text() -> None:
    paragraphs = split_paragraphs(WRAPPED_WIRE)
    assert len(paragraphs) == 2
    assert paragraphs[0].endswith("on allegations of torture.")
    assert paragraphs[1].startswith("The former ruler, 82,")


def test_clean_one_paragraph_wire_text_ending_in_an_editors_code_is_kept() -> None:
    body = ("The wall of water hit on Friday night without warning after an earthquake off the coast. "
            "Among the dead are scores of schoolchildren, officials said on Sunday. andUR; MORE")
    cleaned = clean_article(Article(path="wire.txt", text=body)).text
    assert cleaned.endswith("officials said on Sunday.")
    assert "MORE" not in cleaned


@pytest.mark.parametrize(("title", "outlet", "url", "expected"), [
    ("Takeaways from the contentious testimony in the civil fraud trial | CNN Politics", "CNN",
     "https://edition.cnn.com/2023/11/06/politics/takeaways",
     "Takeaways from the contentious testimony in the civil fraud trial"),
    ("At least 70 dead after tsunami hits the coast - St. Lucia Times News", "St. Lucia Times", None,
     "At least 70 dead after tsunami hits the coast"),
    ("Meta Outage Hits Facebook, Instagram and Messenger | Kulu Media", None,
     "https://kulu-media.com/meta-outage", "Meta Outage Hits Facebook, Instagram and Messenger"),
    ("US - China talks resume in Geneva after a long pause", "Reuters", None,
     "US - China talks resume in Geneva after a long pause"),
    ("escenic", None, None, None),
])
def test_clean_title_loses_the_site_name(title: str, outlet: str | None, url: str | None,
                                        expected: str | None) -> None:
    article = Article(path="page.html", text="The talks resumed on Monday in the city.", title=title,
                      outlet=outlet, url=url)
    assert clean_article(article).title == expected


def test_clean_tagline_outlet_becomes_the_site_name() -> None:
    article = Article(path="page.html", text="The storm made landfall on Monday night.",
                      outlet="WSVN 7News | Miami News, Weather, Sports | Fort Lauderdale")
    assert clean_article(article).outlet == "WSVN 7News"
