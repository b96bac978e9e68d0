"""The package's folders are its layers (docs/architecture.md, "Layout"): a module imports only
from its own layer, the layers listed before it, or the top-level helpers. An import the other way
is a design change and must be made in docs/architecture.md first."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "planlint"
LAYERS = ["text", "document", "checks", "ruleset", "workflow", "report", "commands"]
TOP_LEVEL = {"errors", "safeload", "resources", "trust", "__init__", "cli", "__main__"}


def imported(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, dotted planlint module) of every import, function-level ones included."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "planlint":
            out += [(node.lineno, f"planlint.{a.name}") for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("planlint."):
            out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("planlint.")]
    return out


def modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if len(p.relative_to(PACKAGE).parts) > 1)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_down_the_layers(path):
    layer = path.relative_to(PACKAGE).parts[0]
    wrong = []
    for line, module in imported(ast.parse(path.read_text(encoding="utf-8"))):
        target = module.split(".")[1]
        if target in LAYERS and LAYERS.index(target) > LAYERS.index(layer):
            wrong.append(f"line {line}: {module}")
    assert not wrong, f"{path.relative_to(PACKAGE)} imports a higher layer: {wrong}"


def test_every_module_sits_in_a_layer_or_is_a_named_top_level_helper():
    top = {p.stem for p in PACKAGE.glob("*.py")}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert top == TOP_LEVEL
    assert folders == set(LAYERS)


def test_no_module_name_is_used_at_two_levels():
    seen: dict[str, Path] = {}
    clashes = []
    for path in PACKAGE.rglob("*.py"):
        if path.stem == "__init__":
            continue
        if path.stem in seen:
            clashes.append((str(seen[path.stem].relative_to(PACKAGE)), str(path.relative_to(PACKAGE))))
        seen[path.stem] = path
    packages = {p.name for p in PACKAGE.rglob("*") if p.is_dir() and (p / "__init__.py").exists()}
    clashes += [(n, n) for n in packages if n in seen]
    assert not clashes
