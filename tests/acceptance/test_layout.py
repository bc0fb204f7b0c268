"""The package's layout: no import cycles (imports inside functions count), nothing
imports the command line, and a target kind lives in one file."""

from __future__ import annotations

import ast
from pathlib import Path

from ..helpers import ROOT

PACKAGE = ROOT / "src" / "scp_report"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, path: Path) -> set[str]:
    """The package's modules `name` imports, wherever in the file: at the top, in a
    function, in a branch; not the imports for type checkers only."""
    found = {module for module, _ in _imported(name, path)}
    found.discard(name)
    return found


def _imported(name: str, path: Path) -> set[tuple[str, str | None]]:
    """What `name` imports of the package, wherever in the file (as _imports): each module,
    with the name imported from it (`from m import x`), or None for a whole module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[tuple[str, str | None]] = set()

    def target(module: str) -> str | None:
        while module and module not in MODULES:
            module = module.rpartition(".")[0]
        return module or None

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("scp_report"):
                    found.add((target(alias.name) or alias.name, None))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if module.startswith("scp_report"):
                for alias in node.names:  # `from . import x` may name a module
                    whole = f"{module}.{alias.name}"
                    if whole in MODULES:
                        found.add((whole, None))
                    else:
                        found.add((target(module) or module, alias.name))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycle() -> list[str] | None:
    """One import cycle, as the modules around it, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def walk(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(GRAPH.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = walk(nxt, [*path, nxt])
                if found:
                    return found
        state[node] = 2
        return None

    for start in sorted(GRAPH):
        if start not in state:
            found = walk(start, [start])
            if found:
                return found
    return None


def test_the_graph_sees_imports_inside_functions() -> None:
    # cli imports most stages inside its commands only.
    assert "scp_report.build" in GRAPH["scp_report.cli"]
    assert "scp_report.plan.loader" in GRAPH["scp_report.cli"]


def test_no_import_cycles() -> None:
    assert _cycle() is None, " -> ".join(_cycle() or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    saved = dict(GRAPH)
    try:
        GRAPH["scp_report.files"] = {*GRAPH["scp_report.files"], "scp_report.build"}
        assert _cycle() is not None
    finally:
        GRAPH.clear()
        GRAPH.update(saved)


def test_nothing_imports_the_command_line() -> None:
    importers = sorted(m for m, deps in GRAPH.items() if "scp_report.cli" in deps)
    assert importers == ["scp_report.__main__"]


def test_a_target_kind_is_a_class_and_a_field_in_one_file() -> None:
    from scp_report.model.targets import KINDS, Kind, Target

    assert list(KINDS) == list(Target.model_fields)
    assert all(isinstance(k, Kind) and k.key == key for key, k in KINDS.items())
    # Nothing outside that file reads a kind's field off a target (`ind.target.rank`).
    for name, path in MODULES.items():
        if name == "scp_report.model.targets":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in KINDS:
                owner = node.value
                names = (owner.attr if isinstance(owner, ast.Attribute) else "") or (
                    owner.id if isinstance(owner, ast.Name) else ""
                )
                assert names not in ("target", "t"), (name, node.lineno, node.attr)


def _layers() -> list[set[str]]:
    """The layers of pyproject.toml's import-linter contract, top first."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (contract,) = [c for c in contracts if c["type"] == "layers"]
    return [{part.strip() for part in layer.split("|")} for layer in contract["layers"]]


def _layer_of(module: str, layers: list[set[str]]) -> tuple[int, str] | None:
    for i, layer in enumerate(layers):
        for top in layer:
            if module == top or module.startswith(top + "."):
                return i, top
    return None


def _upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Each import of a module in a layer above, or of a sibling in the same layer."""
    layers = _layers()
    found = []
    for module, deps in sorted(graph.items()):
        here = _layer_of(module, layers)
        if here is None:
            continue
        for dep in sorted(deps):
            there = _layer_of(dep, layers)
            if there is None:
                continue
            if there[0] < here[0] or (there[0] == here[0] and there[1] != here[1]):
                found.append(f"{module} imports {dep}")
    return found


def test_no_stage_imports_a_stage_above_it_or_beside_it() -> None:
    """The same contract `make lint` checks with import-linter, counting imports inside
    functions: model below plan and status, which import nothing of each other."""
    assert _upward_imports(GRAPH) == []


def test_every_module_sits_in_a_layer() -> None:
    layers = _layers()
    outside = sorted(
        m
        for m in MODULES
        if _layer_of(m, layers) is None and m not in ("scp_report", "scp_report.__main__")
    )
    assert outside == []


def test_the_layer_check_finds_an_upward_import() -> None:
    graph = {k: set(v) for k, v in GRAPH.items()}
    graph["scp_report.model.values"].add("scp_report.status.stats")
    graph["scp_report.plan.checks"].add("scp_report.status.snapshot")
    assert _upward_imports(graph) == [
        "scp_report.model.values imports scp_report.status.stats",
        "scp_report.plan.checks imports scp_report.status.snapshot",
    ]


# --------------------------------------------------------------------------- views read rows

VIEWS = ("scp_report.render", "scp_report.views")
SNAPSHOT = "scp_report.status.snapshot"


def _engine_imports(imported: dict[str, set[tuple[str, str | None]]]) -> list[str]:
    """Each import by a view (render/, views/) of the engine (status/) that is not one of
    the snapshot's types: a view reads rows, it derives no figure of its own."""
    import scp_report.status.snapshot as snapshot

    found = []
    for module, names in sorted(imported.items()):
        if not module.startswith(VIEWS):
            continue
        for dep, name in sorted(names, key=str):
            if not dep.startswith("scp_report.status"):
                continue
            if dep != SNAPSHOT or name is None or not isinstance(getattr(snapshot, name), type):
                found.append(f"{module} imports {dep}{'' if name is None else '.' + name}")
    return found


IMPORTED = {name: _imported(name, path) for name, path in MODULES.items()}


def test_views_import_only_the_snapshots_types_from_the_engine() -> None:
    """Counting imports inside functions: terminal, open data, the documents and charts
    read what the snapshot's rows carry."""
    assert _engine_imports(IMPORTED) == []


def test_the_view_check_finds_an_engine_function_imported_in_a_function(tmp_path: Path) -> None:
    imported = {k: set(v) for k, v in IMPORTED.items()}
    imported["scp_report.render.charts"].add((SNAPSHOT, "part_of_year"))
    imported["scp_report.views.terminal"].add(("scp_report.status.uncertainty", "interval"))
    imported["scp_report.render.document"].add(("scp_report.status.history", None))
    imported["scp_report.render.trends"].add((SNAPSHOT, "Row"))  # a type: allowed
    assert _engine_imports(imported) == [
        "scp_report.render.charts imports scp_report.status.snapshot.part_of_year",
        "scp_report.render.document imports scp_report.status.history",
        "scp_report.views.terminal imports scp_report.status.uncertainty.interval",
    ]
    # ... wherever in the file the import stands
    path = tmp_path / "trends.py"
    path.write_text("def f():\n    from ..status.snapshot import direction_of\n")
    assert _imported("scp_report.render.trends", path) == {(SNAPSHOT, "direction_of")}


def test_the_import_linter_contract_forbids_every_engine_module_but_the_snapshot() -> None:
    """make lint checks the same with import-linter: its list of forbidden modules is every
    module of status/ but the snapshot, so a new one is covered."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [
        c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "forbidden"
    ]
    assert sorted(contract["source_modules"]) == sorted(VIEWS)
    engine = {m for m in MODULES if m.startswith("scp_report.status.")} - {SNAPSHOT}
    assert set(contract["forbidden_modules"]) == engine
