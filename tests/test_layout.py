"""The package's layout holds: imports flow one way through the stages of DESIGN.md, no two
modules import each other (directly or round about), and nothing in qa/ reaches for the
entry script or the benchmarks. Read from the source with `ast`, imports inside functions
included, so a lazy import cannot hide a wrong dependency."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Highest first; a module may import its own stage or a lower one. A name ending in "." is a
# package and everything in it. qa.ablation is evaluation's (it measures answering rules).
STAGES = (
    ("qa.cli", "qa.__main__", "qa.web.", "qa.outputs.", "qa.evaluate", "qa.ablation",
     "qa.calibrate", "qa.library_eval"),
    ("qa.ask.", "qa.recommend.", "qa.ingest."),
    ("qa.index.",),
    ("qa", "qa.types", "qa.config", "qa.errors", "qa.forces", "qa.vocab."),
)
OUTSIDE = ("app", "bench")  # the entry script and the benchmarks use qa, never the reverse


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted((ROOT / "qa").rglob("*.py"))}


def imports_of(source: str, package: str) -> set[str]:
    """Every module the source imports, anywhere in it, by absolute name; `package` is where
    its relative imports start from."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([base] if base else []))
            for alias in node.names:  # `from qa.index import store` imports qa.index.store
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return found - {"__future__"}


def imports(name: str) -> set[str]:
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return imports_of(path.read_text(encoding="utf-8"), package)


GRAPH = {name: {m for m in imports(name) if m in MODULES and m != name} for name in MODULES}


def stage(name: str) -> int | None:
    for level, members in enumerate(STAGES):
        if any(name == m.rstrip(".") or (m.endswith(".") and name.startswith(m))
               for m in members):
            return len(STAGES) - level
    return None


def test_every_module_has_a_stage():
    assert [name for name in MODULES if stage(name) is None] == []


def test_imports_flow_down_the_stages():
    upward = sorted(f"{name} imports {target}" for name, targets in GRAPH.items()
                    for target in targets
                    if stage(name) is not None and stage(target) is not None
                    and stage(target) > stage(name))
    assert upward == []


def test_no_import_cycles():
    cycles, state = [], {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for target in sorted(GRAPH[name]):
            if state.get(target) == "open":
                cycles.append(" -> ".join(path[path.index(target):] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[name] = "done"

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_nothing_in_qa_imports_the_entry_script_or_the_benchmarks():
    reaching = sorted(f"{name} imports {target}" for name in MODULES for target in imports(name)
                      if target.split(".")[0] in OUTSIDE)
    assert reaching == []


def test_the_reader_sees_lazy_and_relative_imports():
    source = ("from .files import read_documents\n"
              "def load():\n    from . import store\n    import qa.types\n"
              "    from ..outputs.reference import reference_of\n")
    assert imports_of(source, "qa.index") == {"qa.index.files", "qa.index.store", "qa.types",
                                              "qa.outputs.reference"}
