"""The web application, once loaded, is out of the garbage collector's reach: a full
collection in a worker walks only what requests leave behind, not every module, model
and view loaded at start (a pause of 60-160 ms on a random request before)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, json
import zemlyaki.wsgi
print(json.dumps({"frozen": gc.get_freeze_count(), "tracked": len(gc.get_objects())}))
"""


def test_the_loaded_application_is_frozen_out_of_collections():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zemlyaki.settings.test"}
    env["PYTHONPATH"] = str(ROOT / "src")
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    counts = json.loads(out.stdout.strip().splitlines()[-1])
    # Django, every app's models, views and addresses: tens of thousands of objects,
    # none of them left for the collections.
    assert counts["frozen"] > 50_000
    assert counts["tracked"] < counts["frozen"] / 20
