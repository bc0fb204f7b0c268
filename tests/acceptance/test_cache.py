"""The caches beside the plan folder (.scp-cache/): parsed plan files and rendered PDFs.

Messages are the same cold, warm and with the cache off; a corrupt entry is rebuilt, never
trusted; a changed file invalidates its own entry only; `scp cache clear`; PDF reuse and
`--force`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scp_report import cache as store
from scp_report.plan import yaml_reader as yamlio
from scp_report.plan.loader import load_plan

from ..builders import overlay
from ..helpers import FIXTURES
from ..helpers import run_cli as run

CASES = sorted(
    p.name
    for p in FIXTURES.iterdir()
    if (p / "expected.txt").exists() and p.name.startswith(("broken-", "warn-"))
)


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(store.ENV, raising=False)


def _entries(root: Path, kind: str = "plan") -> dict[str, bytes]:
    folder = root / ".scp-cache" / kind
    if not folder.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _validate_outputs() -> list[tuple[int, str, str]]:
    return [
        run("validate", "--strict", "--plan", "plan"),
        run("validate", "--format", "json", "--plan", "plan"),
        run("validate", "--format", "github", "--plan", "plan"),
        run("status", "--json", "--plan", "plan"),
    ]


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the YAML parses load_plan does (one list entry per parse)."""
    calls: list[int] = []
    real = yamlio.read

    def counting(raw: bytes) -> yamlio.Document:
        calls.append(len(raw))
        return real(raw)

    monkeypatch.setattr(yamlio, "read", counting)
    return calls


@pytest.mark.parametrize("case", CASES)
def test_messages_are_the_same_cold_warm_and_uncached(
    case: str, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overlay(case, in_tmp / "plan")
    cold = _validate_outputs()
    entries = _entries(in_tmp)
    assert entries, "nothing was cached"
    warm = _validate_outputs()
    assert warm == cold
    assert _entries(in_tmp) == entries  # a warm run writes nothing
    monkeypatch.setenv(store.ENV, "off")
    assert _validate_outputs() == cold
    # the expected messages of the fixture, warm
    monkeypatch.delenv(store.ENV)
    expected = (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert warm[0][1].splitlines() == expected[1:]


def test_a_cached_file_is_parsed_again_only_for_a_message(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overlay("broken-unknown-indicator", in_tmp / "plan")
    cold = run("validate", "--plan", "plan")
    reads = _reads(monkeypatch)
    assert run("validate", "--plan", "plan") == cold
    # every file came from the cache; only the files named in messages were parsed again,
    # for the line and column of their messages (not partnership.yaml)
    named = {x.split(":")[0] for x in cold[1].splitlines() if x.split(":")[0].endswith(".yaml")}
    assert "plan/readings/2017-18-q3.yaml" in named and "plan/partnership.yaml" not in named
    assert sorted(reads) == sorted(len((in_tmp / f).read_bytes()) for f in named)


def test_a_changed_file_invalidates_only_its_entry(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    load_plan(plan, cache=True)
    before = _entries(in_tmp)
    assert len(before) == 3
    reads = _reads(monkeypatch)
    load_plan(plan, cache=True)
    assert reads == []  # nothing parsed: all three from the cache
    theme = plan / "themes/example.yaml"
    theme.write_bytes(theme.read_bytes().replace(b"title: Example Theme", b"title: Changed"))
    result = load_plan(plan, cache=True)
    assert result.plan.themes[0].title == "Changed"
    assert reads == [len(theme.read_bytes())]  # only the changed file
    after = _entries(in_tmp)
    assert before.items() <= after.items() and len(after) == 4
    reads.clear()
    assert load_plan(plan, cache=True).plan == result.plan
    assert reads == []


def _corrupt(kind: str, entry: bytes) -> bytes:
    data = json.loads(entry)
    if kind == "garbage":
        return b"\x00not json{"
    if kind == "truncated":
        return entry[: len(entry) // 2]
    if kind == "other-key":
        data["key"] = "0" * 64
    elif kind == "invalid-data":
        data["data"] = {"unknown": {"$decimal": "1"}}
    elif kind == "wrong-type":
        data["data"] = {"$decimal": "NaN"}
    elif kind == "not-a-mapping":
        data = [1, 2, 3]
    elif kind == "deep":
        return b"[" * 100_000 + b"]" * 100_000
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    "kind",
    ["garbage", "truncated", "other-key", "invalid-data", "wrong-type", "not-a-mapping", "deep"],
)
def test_a_corrupt_entry_is_rebuilt_never_trusted(
    kind: str, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overlay("minimal", in_tmp / "plan")
    cold = _validate_outputs()
    entries = _entries(in_tmp)
    folder = in_tmp / ".scp-cache" / "plan"
    for name, data in entries.items():
        (folder / name).write_bytes(_corrupt(kind, data))
    reads = _reads(monkeypatch)
    assert _validate_outputs()[0] == cold[0]
    assert len(reads) == 3  # every file parsed again (once, on the first of the runs)
    assert _entries(in_tmp) == entries  # and its entry written anew


def test_a_tampered_value_is_checked_by_the_model(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    run("validate", "--plan", "plan")
    folder = in_tmp / ".scp-cache" / "plan"
    for path in folder.iterdir():
        text = path.read_text()
        if '"quarter"' in text:  # the readings file: make a reading's value a word
            entry = json.loads(text)
            entry["data"]["readings"][0]["value"] = "fifty"
            path.write_text(json.dumps(entry))
    code, out, _ = run("validate", "--plan", "plan")
    assert code == 0 and out.endswith("3 readings: OK\n")
    rows = json.loads(run("status", "--json", "--plan", "plan")[1])
    assert all(r["latest_text"] != "fifty" for r in rows)


def test_cache_clear(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    run("validate", "--plan", "plan")
    assert (in_tmp / ".scp-cache" / "plan").is_dir()
    code, out, _ = run("cache", "clear", "--plan", "plan")
    assert code == 0 and out == f"cleared {in_tmp / '.scp-cache'}\n"
    assert not (in_tmp / ".scp-cache").exists()
    assert run("cache", "clear", "--plan", "plan")[0] == 0  # nothing to clear is fine
    assert run("cache", "clear", "--plan", "missing")[0] == 2
    assert (in_tmp / "plan" / "partnership.yaml").is_file()


def test_cache_off_writes_nothing(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store.ENV, "off")
    overlay("minimal", in_tmp / "plan")
    assert run("validate", "--plan", "plan")[0] == 0
    assert run("status", "--plan", "plan")[0] == 0
    assert sorted(p.name for p in in_tmp.iterdir()) == ["plan"]


def test_an_unwritable_cache_never_fails_a_command(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    (in_tmp / ".scp-cache").write_text("a file where the folder should be")
    assert run("validate", "--plan", "plan")[0] == 0
    assert run("status", "--plan", "plan")[0] == 0
    assert (in_tmp / ".scp-cache").read_text() == "a file where the folder should be"


def test_the_cache_is_never_inside_the_plan_folder(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    # a plan folder at the root of the file system would have its cache inside it
    monkeypatch.setattr(store, "cache_root", lambda _: plan / ".scp-cache")
    load_plan(plan, cache=True)
    assert not (plan / ".scp-cache").exists()


# --- the PDF ----------------------------------------------------------------------------


def _build(plan: Path, out: Path, **kw: Any) -> tuple[Any, list[str]]:
    from scp_report.build import build
    from scp_report.model.periods import parse_quarter

    lines: list[str] = []
    loaded = load_plan(plan).plan
    q = parse_quarter("Q3-2017/18")
    result = build(loaded, q, out=out, fmt="pdf", progress=lines.append, **kw)
    return result, lines


def test_a_pdf_whose_html_is_unchanged_is_reused(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    out = in_tmp / "out"
    first, lines = _build(plan, out)
    assert any(x.startswith("rendered PDF, ") for x in lines)
    (pdf,) = first.written
    data = pdf.read_bytes()
    cached = _entries(in_tmp, "pdf")
    assert sorted(Path(n).suffix for n in cached) == [".json", ".pdf"]

    pdf.unlink()  # --out gets a fresh copy even when the PDF was deleted
    second, lines = _build(plan, out)
    assert f"reused PDF, {first.pages} pages (HTML unchanged)" in lines
    assert second.pages == first.pages and pdf.read_bytes() == data
    assert not list(out.glob(".*.tmp"))

    third, lines = _build(plan, out, force=True)
    assert any(x.startswith("rendered PDF, ") for x in lines)
    assert not any(x.startswith("reused PDF") for x in lines)
    assert third.pages == first.pages and pdf.read_bytes() == data  # byte-identical

    # a change to the plan changes the HTML: rendered again
    theme = plan / "themes/example.yaml"
    theme.write_bytes(theme.read_bytes().replace(b"title: Example Theme", b"title: Changed"))
    _, lines = _build(plan, out)
    assert any(x.startswith("rendered PDF, ") for x in lines)
    assert pdf.read_bytes() != data
    assert len(_entries(in_tmp, "pdf")) == 4


@pytest.mark.parametrize("damage", ["pdf-bytes", "pdf-missing", "json-garbage", "json-pages"])
def test_a_corrupt_pdf_entry_is_rendered_again(damage: str, in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    out = in_tmp / "out"
    _, _ = _build(plan, out)
    good = _entries(in_tmp, "pdf")
    folder = in_tmp / ".scp-cache" / "pdf"
    (pdf_entry,) = folder.glob("*.pdf")
    (json_entry,) = folder.glob("*.json")
    if damage == "pdf-bytes":
        raw = bytearray(pdf_entry.read_bytes())
        raw[len(raw) // 2] ^= 0xFF
        pdf_entry.write_bytes(bytes(raw))
    elif damage == "pdf-missing":
        pdf_entry.unlink()
    elif damage == "json-garbage":
        json_entry.write_bytes(b"{nope")
    else:
        meta = json.loads(json_entry.read_text())
        meta["pages"] = "many"
        json_entry.write_text(json.dumps(meta))
    _, lines = _build(plan, out)
    assert any(x.startswith("rendered PDF, ") for x in lines)
    assert _entries(in_tmp, "pdf") == good  # rebuilt


def test_the_pdf_cache_is_never_under_out(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    # --out is the folder holding the plan: .scp-cache/ would be inside it
    result, lines = _build(plan, in_tmp)
    assert result.written and not (in_tmp / ".scp-cache" / "pdf").exists()
    _, lines = _build(plan, in_tmp)
    assert not any(x.startswith("reused PDF") for x in lines)


def test_scp_build_force_option(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    args = ("build", "--plan", "plan", "--out", "out", "--format", "pdf")
    code, out, _ = run(*args)
    assert code == 0
    (pdf,) = (in_tmp / "out").iterdir()
    data = pdf.read_bytes()
    assert run(*args) == (code, out, "")
    assert run(*args, "--force") == (code, out, "")
    assert pdf.read_bytes() == data


def test_the_bundled_plan_is_the_same_from_the_cache(tmp_path: Path) -> None:
    import shutil

    from ..helpers import PLAN

    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    cold = load_plan(plan, cache=True)
    assert len(_entries(tmp_path)) == len(list(plan.rglob("*.yaml")))
    warm = load_plan(plan, cache=True)
    # repr, not ==: Decimal('12.50') == Decimal('12.5'), but the document prints each as given
    assert repr(warm.plan) == repr(cold.plan)
    assert warm.problems == cold.problems
