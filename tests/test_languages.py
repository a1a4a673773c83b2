"""Articles not in the briefing's language are set aside, one warning each; --language briefs them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.core.languages import other_language, stemmer, stop_words_of

DATED = Path(__file__).resolve().parent / "fixtures" / "stories" / "dated"
GERMAN = (
    "Die Hafenarbeiter in Lissabon haben am Mittwoch einen Streik von 48 Stunden begonnen. "
    "Die Gewerkschaft sagt, dass der Plan zur Automatisierung der beiden Terminals in den nächsten "
    "fünf Jahren etwa 600 Stellen kosten würde. Die Hafenbehörde sagt, die Terminals müssten sich "
    "ändern, damit die Reedereien nicht nach Spanien gehen. Die Gespräche sind in der letzten Woche "
    "gescheitert, und die beiden Seiten wollen sich am Freitag mit einem Vermittler der Regierung treffen."
)
FRENCH = (
    "Les dockers du port de Lisbonne ont commencé mercredi une grève de 48 heures contre un plan "
    "d'automatisation de deux terminaux. Le syndicat affirme que le plan supprimerait environ 600 "
    "emplois en cinq ans. L'autorité portuaire estime que les terminaux doivent être automatisés pour "
    "que les compagnies ne partent pas vers l'Espagne. Les deux parties doivent se retrouver vendredi "
    "avec un médiateur du gouvernement, a indiqué le ministère du travail dans un communiqué."
)


@pytest.mark.parametrize(("text", "language", "expected"), [
    (GERMAN, "english", "german"),
    (FRENCH, "english", "french"),
    ((DATED / "01_wire.txt").read_text(encoding="utf-8"), "english", None),
    (GERMAN, "german", None),
    ("Ein kurzer Satz auf Deutsch.", "english", None),  # too short to judge: kept
    ("Рабочие порта Лиссабона начали забастовку в среду. " * 3, "english", "ukrainian"),
], ids=["german", "french", "english", "german-in-german", "too-short", "cyrillic"])
def test_languages_other_language(text: str, language: str, expected: str | None) -> None:
    assert other_language(text, language) == expected


def test_languages_a_foreign_article_is_set_aside_with_one_warning(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    shutil.copytree(DATED, folder)
    (folder / "04_zeitung.txt").write_text(f"Streik im Hafen von Lissabon\n\n{GERMAN}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(folder), "--out", str(tmp_path / "out"), "--format", "md"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: skipped {folder / '04_zeitung.txt'}: written in german, not english: "
                        "brief such articles apart with --language german"]
    assert "Hafen" not in next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")


def test_languages_language_option_briefs_a_folder_in_it(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text(f"Streik im Hafen von Lissabon\n\n{GERMAN}\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"Hafen von Lissabon bestreikt\n\n{GERMAN}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(folder), "--out", str(tmp_path / "out"),
                                      "--format", "md", "--language", "german"])
    assert result.exit_code == 0, result.output
    assert "Die Gewerkschaft sagt" in next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["english", "german", "french", "spanish", "swedish",
                                      "czech", "ukrainian", "chinese", "en", "de"])
def test_stemmer_and_stop_words_are_sumys(language: str) -> None:
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    assert stop_words_of(language) == get_stop_words(language)
    ours, sumys = stemmer(language), Stemmer(language)
    for word in ("ministers", "running", "Häuser", "automatización", "говорить", "президента"):
        assert ours(word) == sumys(word), word


def test_unknown_language_has_no_stemmer_nor_stop_words() -> None:
    with pytest.raises(LookupError):
        stop_words_of("klingon")
    with pytest.raises(LookupError):
        stemmer("klingon")


def test_the_default_pipeline_imports_neither_sumy_utils_nor_its_http_client() -> None:
    code = ("import sys, briefing.run.pipeline; "
            "print(sorted(m for m in ('sumy.utils', 'requests', 'pycountry') if m in sys.modules))")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "[]"
