"""The scale benchmark's folders: overlapping copy rewords the same facts; growth is an exponent."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale


def test_bench_scale_overlapping_copy_rewords_the_same_facts(tmp_path: Path) -> None:
    pool = scale.prose_sentences()
    written = scale.write_overlapping(tmp_path, 20, pool, seed=1)
    texts = [p.read_text(encoding="utf-8") for p in sorted(tmp_path.iterdir())]
    sentences = [s for text in texts for s in re.split(r"(?<=[.!?])\s+", text.split("\n\n", 1)[1])
                 if len(s.split()) >= 7]
    assert len(texts) == 20
    assert written >= 20 * scale.SENTENCES_PER_ARTICLE[0] * 0.5  # facts repeat, so some collapse
    assert len(set(sentences)) > 0.9 * len(sentences)  # nearly every wording distinct
    facts = scale.story_facts()
    first_words = {" ".join(f.split()[:1]) for f in facts}
    assert sum(" ".join(s.split()[:1]) in first_words for s in sentences) > 0.8 * len(sentences)


def test_bench_scale_growth_is_the_exponent_between_smallest_and_largest() -> None:
    rows = [{"kind": "overlapping", "files": 1000, "seconds": 10.0},
            {"kind": "overlapping", "files": 10000, "seconds": 100.0},
            {"kind": "varied", "files": 1000, "seconds": 10.0},
            {"kind": "varied", "files": 10000, "seconds": 50.0}]
    assert scale.growth(rows) == {"overlapping": 1.0, "varied": 0.7}
