"""The code's rules, checked by tools with every test run: the layer contracts (import-linter, pyproject.toml),
no import cycles between modules, and ruff's lint and format."""

import os
import re
import subprocess
import sys
from pathlib import Path

import grimp

from web.config import Settings

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("workflow", "storage", "web", "notifications")
BIN = Path(sys.executable).parent  # the tools live next to the interpreter in the virtual environment


def run_tool(*args: str) -> subprocess.CompletedProcess:
    """Run a tool from the venv in the repository root, importing this tree's code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=ROOT, env=env, capture_output=True, text=True)


def test_the_layer_contracts_hold():
    result = run_tool("lint-imports", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_imports_itself_round_about():
    graph = grimp.build_graph(*PACKAGES, cache_dir=None, exclude_type_checking_imports=True)
    cycles = [cycle for cycle in strongly_connected(graph) if len(cycle) > 1]
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(describe(graph, cycle)) for cycle in cycles)


def strongly_connected(graph: grimp.ImportGraph) -> list[list[str]]:
    """Tarjan's strongly connected components of the module graph (iterative: no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(imports_of(graph, root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, pending = work[-1]
            step = next(pending, None)
            if step is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[module])
                if low[module] == index[module]:
                    found.append(_pop_component(stack, on_stack, module))
            elif step not in index:
                index[step] = low[step] = len(index)
                stack.append(step)
                on_stack.add(step)
                work.append((step, iter(sorted(imports_of(graph, step)))))
            elif step in on_stack:
                low[module] = min(low[module], index[step])
    return found


def _pop_component(stack: list[str], on_stack: set[str], root: str) -> list[str]:
    component = []
    while True:
        module = stack.pop()
        on_stack.discard(module)
        component.append(module)
        if module == root:
            return sorted(component)


def imports_of(graph: grimp.ImportGraph, module: str) -> set[str]:
    """The modules `module` imports (also inside functions)."""
    return set(graph.find_modules_directly_imported_by(module))


def describe(graph: grimp.ImportGraph, cycle: list[str]) -> list[str]:
    """One concrete round trip through the cycle's modules, for the failure message."""
    members = set(cycle)
    path, module = [cycle[0]], cycle[0]
    while True:
        module = min(imports_of(graph, module) & members)
        if module in path:
            return [*path[path.index(module) :], module]
        path.append(module)


def test_ruff_lint_is_clean():
    result = run_tool("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = run_tool("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_setting_is_in_the_readme():
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Settings", 1)[1].split("\n## ", 1)[0]
    used = set()
    for folder in (*PACKAGES, "tests", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(re.findall(r"KRING_[A-Z_]+[A-Z]", path.read_text(encoding="utf-8")))
    used |= {f"KRING_{name.upper()}" for name in Settings.model_fields}
    assert sorted(name for name in used if f"`{name}`" not in section) == []


def test_every_domain_module_imports_first_on_its_own():
    """A package's __init__ that re-exports can hide a cycle the graph does not show (module A imports package
    P's submodule, P's __init__ imports A back): import each workflow module first, in a clean slate."""
    script = (
        "import importlib, pkgutil, sys, workflow\n"
        "names = [m.name for m in pkgutil.walk_packages(workflow.__path__, 'workflow.')]\n"
        "for name in names:\n"
        "    for loaded in [m for m in sys.modules if m == 'workflow' or m.startswith('workflow.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ImportError as problem:\n"
        "        print(f'{name}: {problem}')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout, result.stdout + result.stderr
