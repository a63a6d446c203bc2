"""The house's imports flow one way: an app imports only apps below it, never a peer or one above.

STYLE.md's layers, lowest first. Tests and migrations are left out: tests may use any app's
factories, and migrations name other apps by label.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    {"core"},
    {"accounts"},
    {"signatories"},
    {"consultations", "funding", "disputes"},
    {"reminders", "partnership"},
    {"dashboard"},
    {"compact_portal"},
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def _imported_apps(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & LEVEL.keys()


def _sources(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" not in parts and "migrations" not in parts:
            yield path


def upward_imports() -> list[str]:
    """Each import of a peer or a higher app, as 'file: app'."""
    wrong = []
    for app, level in LEVEL.items():
        for path in _sources(app):
            for other in sorted(_imported_apps(path) - {app}):
                if LEVEL[other] >= level:
                    wrong.append(f"{path.relative_to(ROOT)} imports {other}")
    return wrong


def test_every_app_is_in_a_layer():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps == set(LEVEL)


def test_no_app_imports_a_peer_or_an_app_above_it():
    assert upward_imports() == []


def test_the_check_finds_an_upward_import(tmp_path, monkeypatch):
    core = tmp_path / "core"
    core.mkdir()
    (core / "bad.py").write_text("def f():\n    from signatories.models import Compact\n")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert upward_imports() == ["core/bad.py imports signatories"]
