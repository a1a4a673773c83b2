"""Several stories in one folder: one briefing per story, an index, leftovers listed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.core.models import Article
from briefing.summarise import stories
from briefing.summarise.stories import cluster_articles, slugify, split_stories
from briefing.summarise.vectors import Vectorizer
from tests.conftest import SEEDS, pdf_page_count

STORIES = Path(__file__).resolve().parent / "fixtures" / "stories"
LONE = ("Dutch bakers protest flour prices\n\nHundreds of bakers drove their delivery vans "
        "through The Hague on Monday to protest against the rising price of flour and energy.\n")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mixed")
    for article in SEEDS.iterdir():
        shutil.copy(article, folder / f"seed-{article.name}")
    for story in ("no-quotes", "three-parties"):
        for article in (STORIES / story).iterdir():
            shutil.copy(article, folder / f"{story}-{article.name}")
    (folder / "lone.txt").write_text(LONE, encoding="utf-8")
    return folder


def test_stories_one_briefing_each_and_an_index(mixed: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(mixed), "--out", str(tmp_path), "--workers", "2"])
    assert result.exit_code == 0, result.output
    briefings = sorted(tmp_path.glob("briefing-*.json"))
    assert len(briefings) == 3
    index = json.loads(next(tmp_path.glob("index-*.json")).read_text(encoding="utf-8"))
    assert sorted(story["file"] + ".json" for story in index["stories"]) == [p.name for p in briefings]
    assert [Path(a["path"]).name for a in index["leftovers"]] == ["lone.txt"]
    assert pdf_page_count(next(tmp_path.glob("index-*.pdf"))) == 1
    for path in briefings:
        data = json.loads(path.read_text(encoding="utf-8"))
        prefixes = {Path(s["path"]).name.split("-")[0] for s in data["sources"]}
        assert len(prefixes) == 1, (path.name, prefixes)
        assert pdf_page_count(path.with_suffix(".pdf")) == 1


def test_stories_index_of_one_story_and_a_lone_article_names_the_real_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(STORIES / "no-quotes", folder)
    (folder / "lone.txt").write_text(LONE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(folder), "--out", str(out), "--date", "2024-03-05"])
    assert result.exit_code == 0, result.output
    index = json.loads((out / "index-2024-03-05.json").read_text(encoding="utf-8"))
    assert [story["file"] for story in index["stories"]] == ["briefing-2024-03-05"]
    assert (out / "briefing-2024-03-05.pdf").is_file()
    markdown = (out / "index-2024-03-05.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Briefings for 2024-03-05\n\n1 story\n")
    assert markdown.endswith(".txt`)\n")


def test_stories_single_story_flag_briefs_everything_together(mixed: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(mixed), "--out", str(tmp_path), "--single-story",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["briefing-2023-06-14.json"]


def test_stories_split_keeps_pairs_and_lists_singletons() -> None:
    assert split_stories([[0, 3], [1], [2, 4, 5], [6]]) == ([[0, 3], [2, 4, 5]], [1, 6])
    assert split_stories([[0]]) == ([[0]], [])  # a folder of one article is still briefed


@pytest.mark.parametrize(("title", "taken", "expected"), [
    ("Strong earthquake hits southern Peru, damaging homes", set(),
     "strong-earthquake-hits-southern-peru-damaging"),
    ("¿Qué?", set(), "qu"),
    ("!!!", set(), "story"),
    ("Ferry capsizes", {"ferry-capsizes"}, "ferry-capsizes-2"),
])
def test_stories_slugify(title: str, taken: set[str], expected: str) -> None:
    assert slugify(title, taken) == expected


ELECTION = ("The governing party lost its majority in the parliamentary election on Sunday, "
            "and the prime minister conceded defeat as the opposition claimed victory. "
            "Turnout was the highest in two decades, the electoral commission said.")
ELECTION_AGAIN = ("Markets rose after the opposition won the parliamentary election on Sunday, "
                  "and analysts expect the new government to cut taxes before the summer. "
                  "The prime minister will hand over power next week.")


def cluster(articles: list[Article], threshold: float) -> list[list[int]]:
    vectorizer = Vectorizer("english")
    return cluster_articles(articles, [vectorizer.terms(a.text) for a in articles], threshold)


def articles_dated(first: str, second: str) -> list[Article]:
    return [Article(path="a.txt", text=ELECTION, published=first),
            Article(path="b.txt", text=ELECTION_AGAIN, published=second)]


def test_stories_articles_dated_years_apart_are_two_stories() -> None:
    assert cluster(articles_dated("2023-05-14", "2023-05-15"), 0.15) == [[0, 1]]
    assert cluster(articles_dated("2020-05-14", "2023-05-15"), 0.15) == [[0], [1]]


def test_stories_a_shared_word_does_not_chain_unrelated_stories() -> None:
    """Two stories that each share a little with a third piece are not one story through it."""
    flood = "The river flooded the valley towns and rescue teams evacuated two thousand residents by boat."
    flood_b = "Rescue teams evacuated residents by boat after the river flooded towns across the valley."
    budget = ("The finance minister presented a budget that raises taxes on fuel "
              "and cuts defence spending.")
    budget_b = ("Parliament debated the budget after the finance minister proposed fuel taxes "
                "and defence cuts.")
    bridge = "The finance minister said the budget pays for repairs to roads the river flooded in the valley."
    texts = [flood, flood_b, budget, budget_b, bridge]
    articles = [Article(path=f"{n}.txt", text=t) for n, t in enumerate(texts)]
    groups = cluster(articles, 0.15)
    assert not any({0, 2} <= set(group) for group in groups)


def test_stories_clustering_is_imported_only_for_a_group_it_may_cut() -> None:
    """A group whose every pair of articles reaches the threshold is one story whatever the
    linkage: SciPy's clustering (and its spatial package) is not imported for it."""
    code = (
        "import sys; from pathlib import Path; from briefing.core.models import Article; "
        "from briefing.summarise.stories import cluster_articles; "
        "from briefing.summarise.vectors import Vectorizer; "
        "articles = [Article(path=p.name, text=p.read_text()) for p in sorted(Path(sys.argv[1]).iterdir())]; "
        "terms = [Vectorizer('english').terms(a.text) for a in articles]; "
        "print(cluster_articles(articles, terms, 0.15), 'scipy.cluster' in sys.modules); "
        "print(cluster_articles(articles, terms, 0.3), 'scipy.cluster' in sys.modules)")  # 0.26 < 0.3
    ran = subprocess.run([sys.executable, "-c", code, str(STORIES / "no-quotes")],
                         capture_output=True, text=True, check=True)
    alike, cut = ran.stdout.splitlines()
    assert alike == "[[0, 1, 2, 3]] False"
    assert cut.endswith("True")


def test_stories_a_large_folder_sampled_is_told_apart_as_the_whole_would_be(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Past SAMPLE articles a sample is clustered and the rest join the nearest story (Buckshot)."""
    texts = [(STORIES / story / name).read_text(encoding="utf-8")
             for story in ("no-quotes", "three-parties")
             for name in sorted(p.name for p in (STORIES / story).iterdir())]
    articles = [Article(path=f"{n}.txt", text=t) for n, t in enumerate([*texts, LONE])]
    whole = cluster(articles, 0.15)
    monkeypatch.setattr(stories, "SAMPLE", 3)
    assert cluster(articles, 0.15) == whole
    assert [len(group) for group in whole][-1] == 1  # the lone article stays alone


def test_stories_similarities_are_the_same_whether_multiplied_dense_or_sparse(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A small matrix of articles is multiplied dense, a large one sparse: the same sums in the
    same order, so the same similarities to the last bit, and the same stories (sampled too)."""
    texts = [(folder / name).read_text(encoding="utf-8")
             for folder in (SEEDS, STORIES / "no-quotes", STORIES / "three-parties")
             for name in sorted(p.name for p in folder.iterdir())]
    vectorizer = Vectorizer("english")
    matrix = stories.tfidf_matrix([vectorizer.terms(text) for text in texts])
    dense = stories._factor(matrix.T)
    assert isinstance(dense, np.ndarray)
    assert np.array_equal(stories._dense(matrix @ dense), (matrix @ matrix.T).toarray())
    articles = [Article(path=f"{n}.txt", text=t) for n, t in enumerate([*texts, LONE])]
    dense_found = (cluster(articles, 0.15), _sampled(monkeypatch, articles))
    monkeypatch.setattr(stories, "DENSE_CELLS", 0)
    assert not isinstance(stories._factor(matrix.T), np.ndarray)
    assert (cluster(articles, 0.15), _sampled(monkeypatch, articles)) == dense_found
    assert len(dense_found[0]) >= 3


def _sampled(monkeypatch: pytest.MonkeyPatch, articles: list[Article]) -> list[list[int]]:
    with monkeypatch.context() as patched:
        patched.setattr(stories, "SAMPLE", 4)
        return cluster(articles, 0.15)


def test_stories_a_big_day_of_many_stories_sharing_words_is_told_apart(tmp_path: Path) -> None:
    """Past 3,000 articles the stories are clustered from a sample, where a connected group that
    stands for more than MAX_LINKED articles stays one story only when its articles sit near its
    centre (a day of wire copy). A hundred stories of one field's prose, which share many words
    and so connect into one group, stay a hundred stories (the cluster benchmark's day)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import cluster as bench_cluster
    import scale

    pool = list(dict.fromkeys(scale.prose_sentences() + bench_cluster.docstring_sentences()))
    made, _ = bench_cluster.write_day(tmp_path, 3300, pool, seed=4)
    paths = sorted(tmp_path.iterdir())
    vectorizer = Vectorizer("english")
    articles = [Article(path=p.name, text=p.read_text(encoding="utf-8")) for p in paths]
    groups = cluster_articles(articles, [vectorizer.terms(a.text) for a in articles], 0.15)
    story_of = {p.name: p.name.split("-")[1] for p in paths}
    pure = [g for g in groups if len({story_of[articles[i].path] for i in g}) == 1]
    assert len(groups) >= 0.9 * made
    assert len(pure) >= 0.85 * len(groups)
