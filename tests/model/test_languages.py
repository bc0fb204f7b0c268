"""The language packs shipped with the package (scp_report/languages/*.yaml), and periods
printed in a pack's words (model/period_text.py)."""

from __future__ import annotations

import itertools

import pytest

from scp_report.model import languages
from scp_report.model.period_text import month_text, period_text
from scp_report.model.periods import FORMS, parse_period, quarter
from scp_report.model.words import DEFAULT_WORDS, OPTIONAL_BLANKS, Words, blanks

CY = Words(**languages.pack("cy").words)


def test_the_packs_are_english_and_welsh() -> None:
    assert languages.available() == ("cy", "en")
    assert (languages.pack("en").name, languages.pack("en").tag) == ("English", "en-GB")
    assert (languages.pack("cy").name, languages.pack("cy").tag) == ("Cymraeg", "cy")
    with pytest.raises(KeyError):
        languages.pack("de")


@pytest.mark.parametrize("code", languages.available())
def test_every_pack_has_every_word_with_the_same_blanks_as_english(code: str) -> None:
    # A word missing, misspelt or extra in a pack fails here, and so does a word that lost
    # or gained a blank: every document must still say what the English one says.
    given = languages.pack(code).words
    assert list(given) == list(Words.model_fields)
    for name, english in DEFAULT_WORDS.model_dump().items():
        word = given[name]
        if isinstance(english, list):
            assert isinstance(word, list) and len(word) == len(english), name
            assert all(isinstance(w, str) and w.strip() for w in word), name
            continue
        assert isinstance(word, str) and word.strip(), name
        optional = OPTIONAL_BLANKS.get(name, set())
        assert blanks(english) - optional <= blanks(word) <= blanks(english), (name, word)
    # And the pack passes the checks a plan's own words pass (model/words.py).
    Words(**given)


def test_the_english_pack_is_the_word_tables_defaults() -> None:
    # An English plan reads no pack file: the table's defaults stand for it, so they must
    # be the pack's words, and DocumentInfo's default tag the pack's.
    from scp_report.model.models import DocumentInfo

    assert languages.pack("en").words == DEFAULT_WORDS.model_dump()
    assert DocumentInfo.model_fields["language"].default == languages.pack("en").tag


def test_the_welsh_pack_is_welsh() -> None:
    assert CY.months[0] == "Ionawr" and CY.months[11] == "Rhagfyr"
    assert CY.months_short == [
        "Ion",
        "Chwef",
        "Maw",
        "Ebr",
        "Mai",
        "Meh",
        "Gorff",
        "Awst",
        "Medi",
        "Hyd",
        "Tach",
        "Rhag",
    ]
    assert CY.contents == "Cynnwys" and CY.up == "i fyny"
    assert CY.period_quarter == "Chwarter {number} {year}"


# --------------------------------------------------------------------------- periods


def _periods() -> list[str]:
    """A period of every form, in many months and years: every form's example, and each
    month-bearing form in every month of two years."""
    texts = [form.example for form in FORMS]
    for year, month in itertools.product((2012, 2013), range(12)):
        name = DEFAULT_WORDS.months_short[month]
        texts += [
            f"{name} {year}",
            f"12 months to {name} {year}",
            f"3 months to {name} {year}",
            f"YTD {name} {year}",
            f"{month + 1} {DEFAULT_WORDS.months[month]} {year}",
        ]
    texts += ["Apr-Dec 2013", "Oct 2012-Mar 2013", "Q1-2 2013", "Q1-4 2013/14", "2017 Survey"]
    texts += [f"Q{q} {y}/{(y + 1) % 100:02d}" for q in range(1, 5) for y in (1999, 2016)]
    texts += [f"Q{q} {y}" for q in range(1, 5) for y in (2013, 2020)]
    texts += ["2016/17", "2016", "5 year average 12/13-16/17"]
    return texts


@pytest.mark.parametrize("text", _periods())
def test_in_english_a_period_prints_as_it_always_has(text: str) -> None:
    # With English words, each period prints as str(period): the plan's spelling, else the
    # canonical label. So every English plan's documents stay byte for byte the same.
    written = parse_period(text)
    made = parse_period(written.label)
    bare = type(written)(written.kind, written.first, written.last, written.label)
    for p in (written, made, bare):
        assert period_text(p, DEFAULT_WORDS) == str(p) == (p.written or p.label)
    assert period_text(bare, DEFAULT_WORDS) == written.label


@pytest.mark.parametrize(
    ("text", "welsh"),
    [
        ("Q3 2016/17", "Chwarter 3 2016/17"),
        ("Q1 2013", "Chwarter 1 2013"),
        ("Q1-3 2017/18", "Chwarteri 1-3 2017/18"),
        ("Dec 2015", "Rhag 2015"),
        ("Apr-Dec 2013", "Ebr-Rhag 2013"),
        ("Oct 2012-Mar 2013", "Hyd 2012-Maw 2013"),
        ("12 months to Nov 2017", "12 mis hyd at Tach 2017"),
        ("YTD Sep 2013", "Y flwyddyn hyd at Medi 2013"),
        ("31 March 2013", "31 Mawrth 2013"),
        ("2017 Survey", "Arolwg 2017"),
        ("3 year average 07/08-09/10", "Cyfartaledd 3 blynedd 07/08-09/10"),
        ("2016/17", "2016/17"),
        ("2016", "2016"),
    ],
)
def test_in_welsh_a_period_prints_in_the_packs_forms(text: str, welsh: str) -> None:
    assert period_text(parse_period(text), CY) == welsh


def test_a_period_made_by_the_tool_prints_in_the_plans_words() -> None:
    assert period_text(quarter(2016, 3), CY) == "Chwarter 3 2016/17"
    assert period_text(quarter(2013, 4, 1), CY) == "Chwarter 4 2013"
    assert month_text(2015 * 12 + 11, CY) == "Rhag 2015"


def test_a_period_in_a_spelling_of_the_plans_own_prints_as_written() -> None:
    # Sept, December, a hyphen: the plan chose how to write it, in any language.
    for text in ("Sept 2012", "December 2012", "Q3-2016/17", "as at 31 March 2013"):
        assert period_text(parse_period(text), CY) == text


def test_a_plans_own_quarter_form_is_used_everywhere() -> None:
    words = CY.model_copy(update={"period_quarter": "Ch{number} {year}"})
    assert period_text(parse_period("Q2 2016/17"), words) == "Ch2 2016/17"


def test_a_packs_words_pass_the_checks_a_plans_words_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    # A pack whose word lost a blank is refused when a plan names it, as a plan's own is.
    from pydantic import ValidationError

    from scp_report.model.models import PartnershipFile

    broken = languages.pack("cy")
    words = {**broken.words, "page_of": "Tudalen {page}"}
    monkeypatch.setattr(
        languages, "pack", lambda code: type(broken)(**{**vars(broken), "words": words})
    )
    data = {
        "partnership": {"name": "Bro"},
        "document": {"series": "S", "title": "T", "year": "2016/17", "author": "A", "subject": "S"},
        "introduction": {"title": "I", "opening": "O", "collective_commitment": "C"},
        "themes": ["a"],
        "language": "cy",
    }
    with pytest.raises(ValidationError) as raised:
        PartnershipFile.model_validate(data)
    assert raised.value.errors()[0]["loc"] == ("words", "page_of")
    assert "must hold {page}, {pages}" in str(raised.value)
    del data["language"]
    assert PartnershipFile.model_validate(data).words.page_of == "Page {page} of {pages}"
