"""The pipeline, stage by stage: load, clean, dedupe, split, score, merge, sections, fit, render."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing import clean, dedupe, fit, load, merge, pdf, render, score, sections, split
from briefing.models import Article, Briefing, Item, Sentence
from briefing.settings import Settings

FORMATS = ("md", "pdf", "json", "html")


@dataclass(frozen=True, slots=True)
class Summary:
    """What the text stages produce: the sources, their scored sentences and the merged items."""

    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]
    items: tuple[Item, ...]
    skipped: tuple[load.Skipped, ...]


def read_articles(folder: Path, settings: Settings) -> tuple[list[Article], list[load.Skipped]]:
    """Load every article of the folder, clean it, and count syndicated copies once."""
    loaded, skipped = load.load_folder(folder)
    cleaned = [clean.clean_article(a) for a in loaded]
    usable = [a for a in cleaned if a.text.strip()]
    skipped += [load.Skipped(a.path, "no article text left after removing page junk")
                for a in cleaned if not a.text.strip()]
    if not usable:
        raise load.errors.no_articles(str(folder))
    return dedupe.drop_syndicated_copies(usable, settings.duplicate_threshold), skipped


def summarise(folder: Path, settings: Settings) -> Summary:
    """Load, clean, split, score and merge: the items every output is made from."""
    articles, skipped = read_articles(folder, settings)
    return summarise_articles(articles, settings, skipped)


def summarise_articles(articles: list[Article], settings: Settings,
                       skipped: list[load.Skipped] | None = None) -> Summary:
    """Split, score and merge articles already loaded and cleaned."""
    splitter = split.SentenceSplitter(settings.language)
    sentences = score.score_sentences(split.split_sentences(articles, splitter),
                                      settings.algorithm, settings.language, splitter)
    vectorizer = merge.Vectorizer(settings.language, splitter)
    items = merge.rank_by_novelty(
        merge.merge_redundant(sentences, vectorizer, settings.merge_threshold, len(articles),
                              settings.min_words, settings.max_words), vectorizer)
    return Summary(tuple(articles), tuple(sentences), tuple(items), tuple(skipped or ()))


def compose(summary: Summary, settings: Settings, date: str | None) -> Briefing:
    """The whole briefing, before the fit: a title, a date and the sections."""
    vectorizer = merge.Vectorizer(settings.language, split.SentenceSplitter(settings.language))
    table = {**sections.load_party_table(), **settings.sides}
    grouped = sections.assign_sections(summary.items, summary.sentences, table, settings.sections,
                                       vectorizer.terms)
    ledes = [s.text for s in summary.sentences if s.position == 0]
    titles = [a.title for a in summary.articles if a.title]
    title = sections.choose_title(titles, ledes, vectorizer.terms) or "Briefing"
    return Briefing(title=title, date=date or story_date(summary.articles),
                    sources=summary.articles, sections=tuple(grouped))


def story_date(articles: tuple[Article, ...]) -> str | None:
    """The newest date any article gives."""
    dates = [a.published for a in articles if a.published]
    return max(dates) if dates else None


def build(folder: Path, settings: Settings, date: str | None, look: render.Look) -> tuple[Briefing, Summary]:
    """The fitted briefing: what the audience reads, exactly as much as fits on one page."""
    summary = summarise(folder, settings)
    return fit_for(compose(summary, settings, date), look), summary


def fit_for(briefing: Briefing, look: render.Look) -> Briefing:
    audience = look.audience
    shaped = fit.shape_for_audience(briefing, audience.sections, audience.items_per_section)
    return fit.fit_to_page(shaped, pdf.page_measure(look), audience.max_items)


def render_outputs(briefing: Briefing, look: render.Look, formats: tuple[str, ...]) -> dict[str, bytes]:
    """Each requested format's bytes, by file suffix."""
    outputs: dict[str, bytes] = {}
    if "md" in formats:
        outputs["md"] = render.render_markdown(briefing, look).encode("utf-8")
    if "pdf" in formats:
        outputs["pdf"] = pdf.write_pdf_bytes(render.render_html(briefing, look))
    if "html" in formats:
        outputs["html"] = render.render_html(briefing, look).encode("utf-8")
    if "json" in formats:
        outputs["json"] = render.render_json(briefing).encode("utf-8")
    return outputs
