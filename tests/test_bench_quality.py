"""The quality benchmark reads DUC clusters as they come, and scores with intervals."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import quality

from briefing.read.clean import clean_article
from briefing.read.formats import load_file

DUC = """<DOC>
<DOCNO> XIE19981018.0001 </DOCNO>
<DATE_TIME> 10/18/1998 05:50:00 </DATE_TIME>
<BODY>
<HEADLINE> Harbour bridge reopens after repairs </HEADLINE>
<TEXT>
<P>
   The harbour bridge reopened to traffic on Tuesday after six months
of repairs, the city council said.
</P>
<P>
   Engineers replaced corroded cables and resurfaced the whole deck
before the first cars crossed at dawn.
</P>
</TEXT>
</BODY>
</DOC>
"""


def test_bench_quality_reads_a_duc_cluster(tmp_path: Path) -> None:
    (tmp_path / "d30001t" / "docs").mkdir(parents=True)
    (tmp_path / "d30001t" / "refs").mkdir()
    (tmp_path / "d30001t" / "docs" / "XIE19981018.0001").write_text(DUC, encoding="utf-8")
    refs = tmp_path / "d30001t" / "refs"
    (refs / "D30001.M.100.T.A").write_text("The bridge reopened .\n", encoding="utf-8")
    (cluster,) = quality.find_clusters(tmp_path)
    assert cluster.refs == ("The bridge reopened .",)
    readable = quality.readable_docs(cluster.docs, tmp_path / "scratch")
    (read,) = load_file(next(readable.iterdir()))
    article = clean_article(read)
    assert article.title == "Harbour bridge reopens after repairs"
    assert article.published == "1998-10-18"
    assert article.text.startswith("The harbour bridge reopened to traffic on Tuesday after six months of "
                                   "repairs, the city council said.\n\nEngineers replaced")


def test_bench_quality_bootstrap_interval_holds_the_mean() -> None:
    values = [0.30, 0.35, 0.40, 0.45, 0.50]
    low, high = quality.bootstrap_interval(values)
    assert low < sum(values) / len(values) < high
    assert quality.bootstrap_interval([0.3]) is None


def test_bench_quality_scores_every_system_on_a_folder_of_articles() -> None:
    """Ours, each of sumy's scorers and Lead each give a summary within the budget, from the
    folder's sentences."""
    stories = Path(__file__).resolve().parent / "fixtures" / "stories" / "three-parties"
    (cluster,) = quality.find_clusters(stories)
    _, systems = quality.summarise_all(cluster, 60, False, quality.split.SentenceSplitter("english"))
    assert {quality.OURS, "lead", *quality.BASELINES} <= set(systems)
    sources = " ".join(path.read_text(encoding="utf-8") for path in stories.iterdir())
    for name, sentences in systems.items():
        assert sentences, name
        assert sum(len(s.split()) for s in sentences) <= 60 + max(len(s.split()) for s in sentences), name
        assert all(" ".join(s.split()[:6]) in " ".join(sources.split()) for s in sentences), name
