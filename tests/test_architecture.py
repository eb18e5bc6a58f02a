"""The package is laid out as the pipeline, and data flows one way: no module imports a later stage.

Each module belongs to a layer; a module may import its own layer and the layers below it, never one
above. The tools beside the pipeline (blank workbook, scaffold, changes) may use any stage up to the
build; only the CLI sits above everything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# Earliest first. A module's layer is that of its longest matching prefix.
LAYERS: list[tuple[str, ...]] = [
    (
        "generator",
        "generator.model",
        "generator.numbers",
        "generator.parallel",
        "generator.standard",
        # the schemas of the input files are the model of what the YAML says
        "generator.readers.schema",
        "generator.evaluation.schema",
    ),
    (
        "generator.readers",
        "generator.evaluation",  # the package itself re-exports nothing
        "generator.evaluation.grading",
        "generator.evaluation.load",
        "generator.evaluation.scoring",
    ),
    ("generator.load",),
    ("generator.check", "generator.rules", "generator.evaluation.rules"),
    ("generator.derive",),
    ("generator.render", "generator.pages", "generator.evaluation.render"),
    ("generator.staging",),
    ("generator.build",),
    ("generator.serve", "generator.tools"),
    ("generator.cli", "generator.terminal"),
]


def layer_of(module: str) -> int:
    best, best_length = -1, -1
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                best, best_length = number, len(prefix)
    assert best >= 0, f"{module} belongs to no layer: add it to LAYERS"
    return best


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:`` (annotations: nothing imported at run time)."""
    skipped = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        for statement in node.body
        for inner in ast.walk(statement)
    }
    return [node for node in ast.walk(tree) if id(node) not in skipped]


def imported(path: Path) -> set[str]:
    """The generator modules a file imports (``from generator.x import y`` counts y when it is a module)."""
    names = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith("generator"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            names.add(node.module)
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                as_path = PACKAGE.parent / candidate.replace(".", "/")
                if as_path.with_suffix(".py").is_file() or (as_path / "__init__.py").is_file():
                    names.add(candidate)
    return names


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[module_name(path) for path in MODULES])
def test_no_module_imports_a_later_stage(path: Path) -> None:
    module = module_name(path)
    later = sorted(name for name in imported(path) if layer_of(name) > layer_of(module))
    assert not later, f"{module} imports a later stage: {', '.join(later)}"


def test_the_top_of_the_package_is_the_pipeline() -> None:
    top = sorted(path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__")
    assert top == sorted(
        ["cli", "model", "numbers", "parallel", "load", "check", "derive", "render", "build", "serve"]
    )
