"""Dependencies point one way: catalog ← ratings ← rankings, recommendations ← pages (DESIGN.md).

Read from the source with `ast`, so a forbidden import fails here even in a module no test imports;
dotted strings (`include("watchb.pages.urls")`, `import_module(...)`) count as imports too.
"""

import ast
from pathlib import Path

import pytest

import watchb

SRC = Path(watchb.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path) -> set[str]:
    """The dotted names `path` imports, relative imports made absolute, and its dotted strings."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("watchb."):
            names.add(node.value)
    return names


def imports_of(app: str) -> dict[str, set[str]]:
    return {module_name(path): imported_names(path) for path in sorted((SRC / app).rglob("*.py"))}


def reaching_into(app: str, forbidden: list[str]) -> list[str]:
    """`module imports name` for each name of `app`'s modules inside a forbidden app."""
    return [
        f"{module} imports {name}"
        for module, names in imports_of(app).items()
        for name in sorted(names)
        if any(name == f"watchb.{other}" or name.startswith(f"watchb.{other}.") for other in forbidden)
    ]


@pytest.mark.parametrize(
    ("app", "forbidden"),
    [
        ("catalog", ["ratings", "rankings", "recommendations", "pages"]),
        ("ratings", ["rankings", "recommendations", "pages"]),
        ("rankings", ["recommendations", "pages"]),
        ("recommendations", ["pages"]),
        ("api", ["catalog", "ratings", "rankings", "recommendations", "pages", "sandbox"]),
    ],
)
def test_an_app_imports_nothing_from_the_apps_that_build_on_it(app, forbidden):
    assert reaching_into(app, forbidden) == []


def test_the_scan_sees_absolute_relative_and_package_imports():
    ratings = imports_of("ratings")

    assert "watchb.catalog.models" in ratings["watchb.ratings.models"]  # from watchb.catalog.models import ...
    assert "watchb.ratings.models" in ratings["watchb.ratings.views"]  # from .models import ...
    assert "watchb.ratings.catalogue" in ratings["watchb.ratings.urls"]  # from . import catalogue
    assert reaching_into("ratings", ["catalog"]) != []
