"""Every verdict and stage is a TextChoices defined once: code and templates name its members,
never its stored codes (a code typed twice drifts: a renamed state would silently match nothing).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from core.verdicts import VerdictChoices
from disputes.models import Stage

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "core",
    "accounts",
    "signatories",
    "consultations",
    "funding",
    "disputes",
    "reminders",
    "partnership",
    "dashboard",
    "compact_portal",
]


def _choices_classes():
    found, todo = [], [VerdictChoices]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return [*found, Stage]


def state_codes() -> set[str]:
    """The stored code of every verdict and resolution stage."""
    return {member.value for cls in _choices_classes() for member in cls}


def _is_choices_class(node: ast.ClassDef) -> bool:
    names = {getattr(base, "attr", getattr(base, "id", "")) for base in node.bases}
    return bool(names & {"TextChoices", "VerdictChoices"})


def _where_a_code_decides(tree: ast.AST, codes: set[str]):
    """String constants equal to a code where they decide something: compared, passed as a
    filter or argument, listed, or used as a key (not prose such as an email's wording)."""
    inside_choices = {
        id(sub)
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and _is_choices_class(node)
        for sub in ast.walk(node)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            candidates = [node.left, *node.comparators]
        elif isinstance(node, ast.Call):
            candidates = [*node.args, *(k.value for k in node.keywords)]
        elif isinstance(node, ast.List | ast.Tuple | ast.Set):
            candidates = node.elts
        elif isinstance(node, ast.Dict):
            candidates = node.keys
        else:
            continue
        for candidate in candidates:
            if (
                isinstance(candidate, ast.Constant)
                and candidate.value in codes
                and id(candidate) not in inside_choices
            ):
                yield candidate


def code_literals() -> list[str]:
    codes = state_codes()
    wrong = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
                continue
            for node in _where_a_code_decides(ast.parse(path.read_text()), codes):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    pattern = re.compile(r"""(==|!=|verdict_tag|\bin)\s*["']([a-z_]+)["']""")
    for app in APPS + ["templates"]:
        for path in sorted((ROOT / app).rglob("*.html")):
            for match in pattern.finditer(path.read_text()):
                if match.group(2) in codes:
                    wrong.append(f"{path.relative_to(ROOT)}: {match.group(0)!r}")
    return wrong


def test_no_verdict_or_stage_code_is_typed_outside_its_choices():
    assert code_literals() == []


def test_the_check_knows_the_codes_it_looks_for():
    codes = state_codes()
    assert {"meets", "not_set", "shorter_no_reason", "no_reasons", "formal", "pending"} <= codes


def test_the_check_finds_a_typed_code():
    tree = ast.parse('queryset.filter(compliance_state="meets")\nif x == "not_set": pass\n')
    found = [node.value for node in _where_a_code_decides(tree, state_codes())]
    assert sorted(found) == ["meets", "not_set"]
