"""The house rules, checked on the project's own import graph (read with ``ast``).

Three floors, imports only downward: ``core`` (the ground) imports no area; an area imports
``core`` and only the lower areas listed in ``AREA_MAY_IMPORT``; nothing imports the shell
``pantau``. No two files import each other in a circle, no room is named after a milestone, and
no library module switches the cyclic garbage collector off for the whole process.

Imports inside functions count (they still bind a room to another). Imports under
``if TYPE_CHECKING:`` count for the floors (a reader still depends on that room) but not for
file cycles (they never run).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

GROUND = {"core", "config"}
SHELL = "pantau"
# Which other areas each area may import (all may import the ground). Adding an edge here is a
# design decision: say why in the commit.
AREA_MAY_IMPORT: dict[str, set[str]] = {
    "collectors": set(),
    "nlp": set(),
    "reports": set(),
    "alerts": {"nlp"},  # the stage calendar and its corrections
    "outreach": {"nlp"},
}
NOT_CODE = {"tests", "bench", "docs", "deploy", "build", "dist"}
MILESTONE = re.compile(r"(^|[/_])(nlp[0-9]|wave[0-9]|milestone|turn[0-9]|step[0-9]|phase[0-9])")
GC_SWITCH = re.compile(r"\bgc\.(disable|enable)\(")


@dataclass
class ModuleImports:
    path: Path
    runtime: set[str] = field(default_factory=set)  # module names imported when code runs
    typing_only: set[str] = field(default_factory=set)  # under `if TYPE_CHECKING:`


def project_modules(root: Path) -> dict[str, Path]:
    """Every module of every top-level package (a folder with ``__init__.py``) under ``root``."""
    mods: dict[str, Path] = {}
    for top in sorted(root.iterdir()):
        if top.name in NOT_CODE or top.name.startswith(".") or not (top / "__init__.py").is_file():
            continue
        for path in sorted(top.rglob("*.py")):
            rel = path.relative_to(root).with_suffix("")
            parts = list(rel.parts)
            if any(p.startswith(".") or p == "__pycache__" for p in parts):
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            mods[".".join(parts)] = path
    return mods


def _is_type_checking(test: ast.expr) -> bool:
    name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
    return name == "TYPE_CHECKING"


def _resolve(name: str, mods: dict[str, Path]) -> str | None:
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name or None


def module_imports(name: str, path: Path, mods: dict[str, Path]) -> ModuleImports:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    typing_nodes: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for sub in node.body:
                typing_nodes.update(id(n) for n in ast.walk(sub))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = ModuleImports(path)
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names
            ]
        for target in targets:
            resolved = _resolve(target, mods)
            if resolved is None or resolved == name:
                continue
            (out.typing_only if id(node) in typing_nodes else out.runtime).add(resolved)
    return out


def floor_violations(graph: dict[str, ModuleImports]) -> list[str]:
    problems = []
    for name, imports in sorted(graph.items()):
        here = name.split(".")[0]
        for target in sorted(imports.runtime | imports.typing_only):
            there = target.split(".")[0]
            if there == here or there in GROUND:
                continue
            if there == SHELL:
                problems.append(f"{name} imports the shell: {target}")
            elif here in GROUND:
                problems.append(f"{name} (ground) imports an area: {target}")
            elif here != SHELL and there not in AREA_MAY_IMPORT.get(here, set()):
                problems.append(f"{name} imports {target}: area {here} may not use {there}")
    return problems


def file_cycles(graph: dict[str, ModuleImports]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), runtime imports only.

    A package's ``__init__`` importing its own submodules is not counted: that is how a
    package exposes them, not a dependency between files.
    """
    edges = {}
    for m, imp in graph.items():
        own = imp.path.name == "__init__.py"
        edges[m] = {t for t in imp.runtime if not (own and t.startswith(m + "."))}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def milestone_names(paths: Iterable[Path], root: Path) -> list[str]:
    rels = {str(p.relative_to(root)) for p in paths}
    return sorted(r for r in rels if MILESTONE.search(r))


def gc_switches(mods: dict[str, Path]) -> list[str]:
    """Library modules that turn the collector off or on for the whole process."""
    return sorted(
        name
        for name, path in mods.items()
        if name.split(".")[0] != SHELL and GC_SWITCH.search(path.read_text(encoding="utf-8"))
    )


def house_findings(root: Path) -> list[str]:
    mods = project_modules(root)
    graph = {m: module_imports(m, p, mods) for m, p in mods.items()}
    findings = floor_violations(graph)
    findings += ["file cycle: " + " <-> ".join(c) for c in file_cycles(graph)]
    tests = [p for p in (root / "tests").rglob("*") if "__pycache__" not in p.parts]
    findings += [f"milestone name: {n}" for n in milestone_names([*mods.values(), *tests], root)]
    findings += [f"process-wide gc switch: {n}" for n in gc_switches(mods)]
    return findings


def test_the_project_keeps_the_house_rules() -> None:
    assert house_findings(ROOT) == []


def test_every_top_level_package_says_what_it_holds() -> None:
    for top in sorted(ROOT.iterdir()):
        init = top / "__init__.py"
        if top.name in NOT_CODE or not init.is_file():
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, f"{init} needs a docstring saying what the room holds"
        assert "import" in doc, f"{init}: say what the package may import"


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_check_catches_an_upward_import_a_cycle_a_milestone_and_a_gc_switch(
    tmp_path: Path,
) -> None:
    _write(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/store.py": "def f():\n    from nlp.model import g\n",  # ground -> area
            "nlp/__init__.py": "",
            "nlp/model.py": "from nlp.train import t\n",
            "nlp/train.py": "from .model import m\nimport gc\ngc.disable()\n",  # cycle, gc
            "nlp/nlp3_rules.py": "",
            "reports/__init__.py": "from pantau.cli import main\n",  # area -> shell
            "alerts/__init__.py": "from reports import x\n",  # area not allowed
            "pantau/__init__.py": "import gc\ngc.disable()\nfrom alerts import a\n",  # shell: fine
            "pantau/cli.py": "",
            "tests/__init__.py": "",
        },
    )
    findings = house_findings(tmp_path)
    assert "core.store (ground) imports an area: nlp.model" in findings
    assert "reports imports the shell: pantau.cli" in findings
    assert "alerts imports reports: area alerts may not use reports" in findings
    assert "file cycle: nlp.model <-> nlp.train" in findings
    assert "milestone name: nlp/nlp3_rules.py" in findings
    assert "process-wide gc switch: nlp.train" in findings
    assert not any("pantau" in f and "gc" in f for f in findings)
    assert len(findings) == 6


def test_type_checking_imports_count_for_floors_but_not_for_cycles(tmp_path: Path) -> None:
    guarded = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
    _write(
        tmp_path,
        {
            "core/__init__.py": "",
            "nlp/__init__.py": "",
            "nlp/a.py": "from nlp.b import x\n",
            "nlp/b.py": guarded + "    from nlp.a import y\n",
            "collectors/__init__.py": guarded + "    from pantau.settings import Settings\n",
            "pantau/__init__.py": "",
            "pantau/settings.py": "",
        },
    )
    assert house_findings(tmp_path) == ["collectors imports the shell: pantau.settings"]
