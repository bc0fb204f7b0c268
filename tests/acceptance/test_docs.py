"""Documentation is tested. The README stays a page that opens with the two commands and
whose links resolve. The docs site builds with mkdocs --strict (a broken link or anchor
fails it), and its references, generated from the code by docs/hooks.py, cover every
command and option (each with help text: one without stops the reference), plan key,
target kind, period kind, word and template field.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typer.main
import yaml

from scp_report.cli import app

from ..helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
MKDOCS_YML = ROOT / "mkdocs.yml"


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "docs" / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HOOKS = _hooks()


def _commands() -> list[tuple[str, Any]]:
    return list(HOOKS._walk(typer.main.get_command(app), "scp"))


# --- the README: a page -----------------------------------------------------------------


def test_readme_opens_with_the_two_commands() -> None:
    head = README[:1500]
    assert "make build" in head and "make test" in head


def test_readme_stays_about_a_page() -> None:
    assert len(README) < 8000, f"the README is {len(README)} characters: move detail to docs/"


def _heading_ids(markdown: str) -> set[str]:
    """The ids GitHub and mkdocs give a file's headings (lower case, punctuation dropped)."""
    ids = set()
    for heading in re.findall(r"^#{1,6} (.+?)\s*$", markdown, re.M):
        text = re.sub(r"[^\w\s-]", "", heading.lower().replace("`", ""))
        ids.add(re.sub(r"\s", "-", text.strip()))
    return ids


@pytest.mark.parametrize("name", ["README.md", "SECURITY.md"])
def test_links_in_the_top_level_files_resolve(name: str) -> None:
    text = (ROOT / name).read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert links
    for link in links:
        if re.match(r"[a-z]+:", link):
            continue  # a web address: not checked offline
        path, _, anchor = link.partition("#")
        target = (ROOT / path) if path else ROOT / name
        assert target.exists(), f"{name}: {link} does not exist"
        if anchor:
            ids = _heading_ids(target.read_text(encoding="utf-8"))
            assert anchor in ids, f"{name}: {link}: no such heading"


def test_exit_codes_documented() -> None:
    page = (ROOT / "docs" / "exit-codes.md").read_text(encoding="utf-8")
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 130 |"):
        assert code in page


# --- the generated references cover the code --------------------------------------------


def test_the_command_reference_has_every_command_and_option() -> None:
    page = HOOKS.commands_page()
    commands = _commands()
    assert {"scp build", "scp serve", "scp cache clear"} <= {name for name, _ in commands}
    for name, command in commands:
        assert command.help, name
        assert f"## `{name}`" in page, f"the command reference lacks {name}"
        assert command.help.strip() in page
        for param in command.params:
            assert param.help, f"{name} {param.name}"
            for opt in [*param.opts, *param.secondary_opts]:
                if opt.startswith("-"):
                    assert re.search(rf"`[^`]*{re.escape(opt)}\b", page), f"{name} {opt}"
            assert " ".join(param.help.split()) in " ".join(page.split()), f"{name} {param.name}"


def test_a_command_or_option_without_help_stops_the_reference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    group: Any = typer.main.get_command(app)
    monkeypatch.setattr(typer.main, "get_command", lambda _: group)
    serve = group.commands["serve"]
    port = next(p for p in serve.params if p.name == "port")
    monkeypatch.setattr(port, "help", None)
    with pytest.raises(HOOKS.MissingDescription, match="scp serve port: no help text"):
        HOOKS.commands_page()
    monkeypatch.setattr(port, "help", "Port.")
    monkeypatch.setattr(serve, "help", "")
    with pytest.raises(HOOKS.MissingDescription, match="scp serve: no help text"):
        HOOKS.commands_page()


def test_the_plan_keys_reference_has_every_key_of_every_schema() -> None:
    from scp_report.plan.schema import SCHEMAS, schema_text

    page = HOOKS.plan_keys_page()
    for name, model in SCHEMAS.items():
        schema = json.loads(schema_text(model))
        for node in [schema, *schema.get("definitions", {}).values()]:
            if node.get("title") == "Words":
                continue  # on the words page
            for key in node.get("properties", {}):
                assert f"| `{key}` |" in page, f"{name}: {node.get('title')}.{key}"


def test_the_target_period_and_word_references_follow_the_code() -> None:
    from scp_report.model.periods import PeriodKind
    from scp_report.model.statuses import STATUSES
    from scp_report.model.targets import KINDS, Target
    from scp_report.model.words import Words

    kinds = HOOKS.target_kinds_page()
    for key in KINDS:
        assert f"| `{key}` | {Target.model_fields[key].description}" in kinds
    periods = HOOKS.periods_page()
    for kind in PeriodKind:
        assert f"`{kind.value}`" in periods
    words = HOOKS.words_page()
    for key in [*Words.model_fields, *(s.key for s in STATUSES)]:
        assert f"| `{key}` |" in words


def test_the_template_context_reference_has_every_field() -> None:
    import dataclasses

    from scp_report.render.document import DocumentContext, PerformanceRow, SectionContext
    from scp_report.render.quarterly import ReportContext

    page = HOOKS.template_context_page()
    for cls in (DocumentContext, SectionContext, PerformanceRow, ReportContext):
        section = page.split(f"## {cls.__name__}\n", 1)[1].split("\n## ", 1)[0]
        for f in dataclasses.fields(cls):
            assert f"| `{f.name}` |" in section, f"{cls.__name__}.{f.name}"
    for name in ("fill", "md", "md_inline", "tel", "css_string"):
        assert f"| `{name}` |" in page


def test_reference_pages_are_generated_only() -> None:
    """Nothing under docs/reference/ is kept by hand (a copy would go out of date)."""
    assert not (ROOT / "docs" / "reference").exists()
    generated = HOOKS.pages()
    assert set(generated) >= {f"reference/{p}.md" for p in ("commands", "plan-keys")}
    assert generated["security.md"].startswith("# Security")


def test_the_site_needs_no_network_to_build() -> None:
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    assert config["theme"]["font"] is False  # Material's default fetches Google Fonts
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config.get("plugins", [])]
    assert "social" not in plugins and "privacy" not in plugins


# --- the site builds, and a broken link fails it ---------------------------------------


def _mkdocs(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    mkdocs = Path(sys.executable).parent / "mkdocs"
    assert mkdocs.is_file(), "no mkdocs: install the dev extras (pip install -e '.[dev]')"
    return subprocess.run(
        [str(mkdocs), "build", "--strict", "--config-file", str(config), "--site-dir", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.mark.slow
def test_the_site_builds_strict_with_every_page(tmp_path: Path) -> None:
    result = _mkdocs(MKDOCS_YML, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    commands = (site / "reference" / "commands" / "index.html").read_text(encoding="utf-8")
    for name, _ in _commands():
        assert name in commands
    for page in ("getting-started", "first-quarter", "publishing", "security", "benchmarks"):
        assert (site / page / "index.html").is_file()
    for html in site.rglob("*.html"):
        assert "fonts.googleapis" not in html.read_text(encoding="utf-8"), html


@pytest.mark.slow
@pytest.mark.parametrize(
    ("link", "complaint"),
    [("nowhere.md", "nowhere.md"), ("commands.md#no-such-section", "no-such-section")],
)
def test_a_broken_link_fails_the_build(tmp_path: Path, link: str, complaint: str) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "docs", copy / "docs")
    for name in ("mkdocs.yml", "SECURITY.md", "BENCHMARKS.md"):
        shutil.copy(ROOT / name, copy / name)
    page = copy / "docs" / "exit-codes.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\nSee [this]({link}).\n")
    result = _mkdocs(copy / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert "WARNING -  Doc file 'exit-codes.md' contains a link" in result.stderr
    assert complaint in result.stderr
