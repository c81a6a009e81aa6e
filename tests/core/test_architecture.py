"""How the apps are wired: no discovery by module name, no silent absence of an app.

The layers themselves are checked by import-linter (``make lint``, contracts in
pyproject.toml); these checks catch what a static import graph cannot see.
"""

import re
from pathlib import Path

import zemlyaki

SRC = Path(zemlyaki.__file__).parent

FORBIDDEN = {
    "importlib": re.compile(r"\bimportlib\b|\bimport_module\b|__import__\("),
    "except ImportError": re.compile(r"except\s*\(?[^:]*\b(ImportError|ModuleNotFoundError)\b"),
    "apps.get_model": re.compile(r"\bapps\.get_model\("),
    # Finding other apps' models by scanning them is a hidden dependency: registries instead.
    "apps.get_models": re.compile(r"\bapps\.get_models\("),
}


def _sources():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path, path.read_text(encoding="utf-8")


def test_no_module_discovery_and_no_optional_apps():
    found = [
        f"{path.relative_to(SRC)}: {name}"
        for path, text in _sources()
        for name, pattern in FORBIDDEN.items()
        if pattern.search(text)
    ]
    assert found == []


def test_the_check_sees_what_it_forbids():
    samples = {
        "importlib": "module = importlib.import_module(name)",
        "except ImportError": "try:\n    import x\nexcept (ImportError, AttributeError):\n    pass",
        "apps.get_model": 'model = apps.get_model("plan", "Task")',
        "apps.get_models": "for model in apps.get_models():",
    }
    for name, sample in samples.items():
        assert FORBIDDEN[name].search(sample), name
