"""No import circle among the project's modules: each one can be read from the bottom up.

Every `import` of an `apps.*` module counts, at the top of a module or inside a function
(a late import still ties the two modules together); those under `if TYPE_CHECKING:` do
not run, so they do not. Importing `apps.a.b` runs `apps/a/__init__.py` first, so a
module depends on the packages above what it imports too (but for its own packages,
which are under way by the time it runs).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """The `apps.*` names `tree` imports (a name may be a module or something in one)."""
    package = module if is_package else module.rpartition(".")[0]
    skipped = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    names = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in names if name == "apps" or name.startswith("apps.")}


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(path): path for path in (ROOT / "apps").rglob("*.py")}
    graph = {}
    for module, path in paths.items():
        targets = set()
        for name in imported(ast.parse(path.read_text()), module, path.name == "__init__.py"):
            while name:  # the module itself and the packages above it
                if name in paths and name != module:
                    targets.add(name)
                name = name.rpartition(".")[0]
        graph[module] = targets - {p for p in targets if module.startswith(p + ".")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_of_the_project_imports_its_way_back_to_itself():
    graph = import_graph()
    assert len(graph) > 100  # the walk found the project
    assert cycles(graph) == []


def test_the_check_sees_a_circle_through_a_late_import():
    graph = {"apps.a": {"apps.b"}, "apps.b": set(), "apps.c": set()}
    late = ast.parse("def f():\n    from apps.a import thing\n")
    graph["apps.b"] = {n for n in imported(late, "apps.b", False) if n in graph}
    assert cycles(graph) == [["apps.a", "apps.b"]]


def test_type_checking_imports_and_parent_packages_are_read_as_python_runs_them():
    source = (
        "from typing import TYPE_CHECKING\n"
        "from .sibling import x\n"
        "if TYPE_CHECKING:\n"
        "    from apps.other import Thing\n"
    )
    names = imported(ast.parse(source), "apps.pkg.mod", False)
    assert "apps.pkg.sibling" in names and "apps.other" not in names
