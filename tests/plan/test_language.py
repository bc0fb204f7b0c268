"""A plan names its language (`language:` in partnership.yaml): the pack's words, quarter
labels and month names in every document and at the terminal; `words:` on top of it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scp_report.model.languages import pack

from ..builders import add_to, edit, overlay
from ..helpers import PARTNERSHIPS
from ..helpers import run_cli as run


@pytest.fixture
def cy(in_tmp: Path) -> Path:
    """The minimal plan in Welsh: `language: cy` and not one word of its own."""
    root = overlay("minimal", in_tmp / "plan")
    add_to(root / "partnership.yaml", "language: cy\n")
    return root


def _html() -> str:
    assert run("build", "--format", "html", "--out", "out")[0] == 0
    return next(Path("out").glob("*.html")).read_text()


def test_a_plan_in_welsh_prints_the_packs_words_quarters_and_months(cy: Path) -> None:
    assert run("validate")[0] == 0
    html = _html()
    assert '<html lang="cy">' in html
    assert '<p class="cover-quarter">Perfformiad hyd at Chwarter 3 2017/18</p>' in html
    assert 'Cyhoeddwyd <time datetime="2017-12-31">31 Rhagfyr 2017</time>' in html
    assert ">Pwy i gysylltu â nhw</h3>" in html and "Who to contact" not in html
    assert "Q3 2017/18" not in html
    code, out, _ = run("status")
    assert code == 0
    assert out.splitlines()[0] == "Statws ar Chwarter 3 2017/18"


def test_the_data_keep_the_periods_of_the_data_format(cy: Path) -> None:
    # The data's period fields are the plan's periods as the data format writes them (the
    # README's JSON shape), in any language; the document prints them in the pack's words.
    code, out, _ = run("status", "--json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["headline-rate"]["latest_period"] == "12 months to Dec 2017"
    assert rows["example-first-time"]["latest_period"] == "Q3 2017/18"
    html = _html()
    assert "(12 mis hyd at Rhag 2017)" in html and "12 months" not in html


def test_words_override_only_what_they_change_on_top_of_the_pack(cy: Path) -> None:
    add_to(cy / "partnership.yaml", "words:\n  who_to_contact: Cysylltu â ni\n")
    html = _html()
    assert ">Cysylltu â ni</h3>" in html  # the plan's own word
    assert ">Neidio i&#39;r prif gynnwys</a>" in html  # the pack's
    assert pack("cy").words["skip_link"] == "Neidio i'r prif gynnwys"


def test_a_plans_word_on_top_of_a_pack_keeps_its_blanks(cy: Path) -> None:
    add_to(cy / "partnership.yaml", "words:\n  period_quarter: Chwarter {number}\n")
    code, out, _ = run("validate")
    assert code == 1
    assert (
        "plan/partnership.yaml:35:19: words.period_quarter: 'Chwarter {number}' must hold "
        "{number}, {year}, as the English 'Q{number} {year}' does"
    ) in out.splitlines()


def test_the_documents_own_language_tag_wins_over_the_packs(cy: Path) -> None:
    edit(cy / "partnership.yaml", "document:\n", "document:\n  language: cy-GB\n")
    assert '<html lang="cy-GB">' in _html()


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("cyy", "; did you mean 'cy'?"),
        ("Welsh", "; did you mean 'cy'?"),
        ("EN", "; did you mean 'en'?"),
        ("de", "."),
    ],
)
def test_an_unknown_language_is_refused_with_the_packs_there_are(
    in_tmp: Path, given: str, hint: str
) -> None:
    root = overlay("minimal", in_tmp / "plan")
    add_to(root / "partnership.yaml", f"language: {given}\n")
    code, out, _ = run("validate")
    assert code == 1
    assert out.splitlines()[0] == (
        f"plan/partnership.yaml:33:11: language: no language pack {given!r} (the packs are: "
        f"cy, en){hint} Give one of those, or leave language out for English; write any "
        "word you want otherwise under words:"
    )
    assert not Path("out").exists()


def test_the_welsh_fixture_without_its_quarter_word_prints_the_packs_forms(
    in_tmp: Path,
) -> None:
    # Bro Eirlys writes Q3 2016/17 by a word of its own; without it, the pack's Welsh
    # quarters, and the pack's short month names in a period written as a month.
    root = in_tmp / "plan"
    shutil.copytree(PARTNERSHIPS / "welsh" / "plan", root)
    edit(root / "partnership.yaml", '  period_quarter: "Q{number} {year}"\n', "")
    edit(root / "partnership.yaml", '"Q3 2015/16", rank: 5}', '"Dec 2015", rank: 5}')
    assert run("validate")[0] == 0
    assert run("build", "--format", "html", "--out", "out")[0] == 0
    html = next(Path("out").glob("*.html")).read_text()
    assert "Perfformiad hyd at Chwarter 3 2016/17" in html
    assert "Perfformiad diweddaraf Chwarter 3 2016/17" in html
    assert "Llinell sylfaen Rhag 2015" in html
    assert "Q3 2016/17" not in html and "Q2 2016/17" not in html
    # The quarterly report too.
    assert run("build", "--report", "quarterly", "--format", "html", "--out", "report")[0] == 0
    report = next(Path("report").glob("*.html")).read_text()
    assert "Adroddiad perfformiad chwarterol: Chwarter 3 2016/17</h1>" in report
    assert "Newidiadau statws ers Chwarter 2 2016/17" in report
    assert "Q3 2016/17" not in report and "Q2 2016/17" not in report
    code, out, _ = run("status", "headline")
    assert code == 0
    text = " ".join(out.split())
    assert "ffigurau diweddaraf ar gyfer Chwarter 3 2016/17" in text
    assert "sylfaen Rhag 2015" in text
    assert "(Chwarter 2" in text  # the previous figure's period, in the direction's reason
    assert "Q3" not in text


def test_the_welsh_fixture_gives_only_its_own_words() -> None:
    # It used to repeat every word of the table in Welsh; the pack has them now, and a
    # pack lacking one fails tests/model/test_languages.py.
    text = (PARTNERSHIPS / "welsh" / "plan" / "partnership.yaml").read_text()
    assert "\nlanguage: cy\n" in text
    words = text[text.index("\nwords:\n") : text.index("\nback_page:\n")]
    assert words.splitlines()[2:] == ['  period_quarter: "Q{number} {year}"']


def test_validate_reads_only_the_pack_the_plan_names(in_tmp: Path) -> None:
    # The inner loop stays fast: an English plan reads no pack (the word table's defaults
    # are the English pack), a Welsh plan the Welsh one alone.
    from scp_report.model import languages
    from scp_report.plan.loader import load_plan

    root = overlay("minimal", in_tmp / "plan")
    languages.pack.cache_clear()
    load_plan(root)
    assert languages.pack.cache_info().currsize == 0
    add_to(root / "partnership.yaml", "language: cy\n")
    load_plan(root)
    assert languages.pack.cache_info().currsize == 1
    assert languages.pack.cache_info().misses == 1 and languages.pack("cy").code == "cy"
