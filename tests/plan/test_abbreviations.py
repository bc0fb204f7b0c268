"""Every abbreviation the plan's text uses is expanded: validate warns, at its first use,
about one that is expanded nowhere; the glossary lists every expansion."""

from __future__ import annotations

from pathlib import Path

from scp_report.plan.abbreviations import terms

from ..helpers import PLAN
from ..helpers import run_cli as run

WARNING = (
    "warning: projects[0].focus[0]: {term} is used but expanded nowhere: add it to a "
    "theme's abbreviations (term and expansion: the glossary), or if it is a name list it "
    "under not_abbreviations in partnership.yaml"
)


def test_what_counts_as_an_abbreviation() -> None:
    assert terms("Develop the DHR library; DHRs and LAAA2 with IDVA service") == [
        "DHR",
        "DHR",
        "LAAA",
        "IDVA",
    ]
    assert terms("AUDIT-C, the 4Ps, MoRiLE, a Cornwall ward, GSBishop@cornwall.gov.uk") == ["AUDIT"]
    assert terms("A single capital: I, or none at all") == []


def _focus(plan: Path, text: str) -> None:
    theme = plan / "themes" / "example.yaml"
    theme.write_text(theme.read_text().replace("      - First focus", f"      - {text}"))


def test_an_abbreviation_expanded_nowhere_is_a_warning_at_its_first_use(plan: Path) -> None:
    _focus(plan, "Work with the IDVA service and IDVAs")
    code, out, _ = run("validate")
    assert code == 0  # a warning: the plan is still valid
    assert out.splitlines()[0] == "plan/themes/example.yaml:11:9: " + WARNING.format(term="IDVA")
    assert out.count("IDVA is used") == 1  # once, where it is first used
    assert run("validate", "--strict")[0] == 1


def test_expanded_in_any_theme_or_declared_a_name_is_quiet(plan: Path) -> None:
    _focus(plan, "Work with the IDVA service, the DHRs and REACH")
    theme = plan / "themes" / "example.yaml"
    theme.write_text(
        theme.read_text()
        + "abbreviations:\n  - term: IDVA\n    expansion: Independent Domestic Violence Adviser\n"
        "  - term: DHRs\n    expansion: Domestic Homicide Reviews\n"
    )
    code, out, _ = run("validate")
    assert "REACH is used" in out and "IDVA" not in out and "DHR" not in out
    partnership = plan / "partnership.yaml"
    partnership.write_text(partnership.read_text() + "not_abbreviations: [REACH]\n")
    code, out, _ = run("validate", "--strict")
    assert code == 0, out


def test_the_bundled_plan_expands_every_abbreviation_it_uses() -> None:
    code, out, _ = run("validate", "--strict", "--plan", str(PLAN))
    assert code == 0 and "expanded nowhere" not in out, out


def test_the_glossary_lists_the_abbreviations_the_reference_left_out(in_tmp: Path) -> None:
    assert run("build", "--plan", str(PLAN), "--format", "html", "--out", "out")[0] == 0
    html = next(Path("out").glob("*.html")).read_text(encoding="utf-8")
    glossary = html[html.index('<section class="glossary"') :]
    for term, expansion in (
        ("ASB", "Anti-Social Behaviour"),
        ("DAAT", "Drug and Alcohol Action Team"),
        ("IDVA", "Independent Domestic Violence Adviser"),
        ("OCLP", "Organised Crime Local Profile"),
        ("SOC", "Serious and Organised Crime"),
        ("VCSE", "Voluntary, Community and Social Enterprise"),
        ("LJJB", "Local Criminal Justice Board"),
        ("CQC", "Care Quality Commission"),
        ("NICE", "National Institute for Health and Care Excellence"),
    ):
        assert f"<dt><abbr>{term}</abbr></dt><dd>{expansion}</dd>" in glossary, term
