"""The algorithms a build or a summary may use: one registry, every choice derived from it.

An entry says how sentences are rated (our sparse centrality, or a sumy summariser named as
"module:Class") and, for a `summarize --words` summary, how items are chosen (a function named
as "module:function"; none keeps the page's order). A selection alone makes no page, so `build`
refuses an entry whose `builds` is false. Names resolve when used, so listing the choices (the
command line's help, settings) imports neither NumPy nor sumy. Add an entry to extend it:

    ALGORITHMS["reduction"] = Algorithm("sumy's Reduction",
                                        sumy="sumy.summarizers.reduction:ReductionSummarizer")
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any


@dataclass(frozen=True, slots=True)
class Algorithm:
    about: str
    sumy: str = ""  # "module:Class" of the sumy summariser that rates; empty: centrality
    selects: str = ""  # "module:function" choosing a --words summary; empty: the page's order
    builds: bool = True  # whether a briefing's page may use it


SELECT = "briefing.summarise.select"
ALGORITHMS: dict[str, Algorithm] = {
    "auto": Algorithm("the default, today centrality: best on human summaries (docs/benchmarks.md)"),
    "centrality": Algorithm("our sparse continuous LexRank, items in the page's order"),
    "coverage": Algorithm("concept coverage by integer programme (Gillick and Favre 2009)",
                          selects=f"{SELECT}:select_by_coverage", builds=False),
    "submodular": Algorithm("coverage and diversity, greedy (Lin and Bilmes 2011)",
                            selects=f"{SELECT}:select_submodular", builds=False),
    "dpp": Algorithm("a determinantal point process, greedy MAP (Kulesza and Taskar 2012)",
                     selects=f"{SELECT}:select_dpp", builds=False),
    "lexrank": Algorithm("sumy's LexRank", sumy="sumy.summarizers.lex_rank:LexRankSummarizer"),
    "textrank": Algorithm("sumy's TextRank", sumy="sumy.summarizers.text_rank:TextRankSummarizer"),
    "lsa": Algorithm("sumy's LSA", sumy="sumy.summarizers.lsa:LsaSummarizer"),
    "luhn": Algorithm("sumy's Luhn", sumy="sumy.summarizers.luhn:LuhnSummarizer"),
    "kl": Algorithm("sumy's KL-Sum", sumy="sumy.summarizers.kl:KLSummarizer"),
    "sumbasic": Algorithm("sumy's SumBasic", sumy="sumy.summarizers.sum_basic:SumBasicSummarizer"),
}


def resolve(reference: str) -> Any:
    """The object a "module:name" reference names, its module imported."""
    module, name = reference.split(":")
    return getattr(import_module(module), name)


def builders() -> list[str]:
    """The algorithms a briefing's page may use."""
    return [name for name, algorithm in ALGORITHMS.items() if algorithm.builds]
