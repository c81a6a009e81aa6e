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


HEAVY = ("natasha", "pymorphy2", "slovnet", "openpyxl", "numpy", "docx", "weasyprint", "lxml")


def test_a_web_worker_loads_no_heavy_library():
    """What a web worker imports before its first request (the settings, the apps and every
    address of the site) holds none of the libraries that only analysis, imports and
    exports use: they load where they are used, so each worker stays small."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, sys, django; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zemlyaki.settings.test"}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC.parent), env.get("PYTHONPATH", "")])
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
