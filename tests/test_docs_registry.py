"""Docs tests in the style of sqlite-utils' (issue 12, item 5): one registry of finding codes and one of verdicts,
and README.md agrees with both; every code the source emits is registered (and every registered code is emitted);
the gate, SARIF and the renderers read the registry; every command and option of the CLI is in README.md."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from claims.finding_codes import BY_CODE, FINDING_CODES
from verifier.models import DEFAULT_FAILING_VERDICTS, VERDICT_DOCS, VERDICTS, Verdict

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PACKAGES = ("claims", "papers", "verifier", "grammar")
_SNAKE = re.compile(r"^[a-z]+(?:_[a-z]+)+$|^[a-z]+$")


def emitted_codes() -> dict[str, set[str]]:
    """Finding codes written in the source: `code="..."` keyword arguments (`Finding(code=...)` and the like) and
    the codes the table reader passes to its `problem`/`cell` helpers."""
    found: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                values = [kw.value for kw in node.keywords if kw.arg == "code"]
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in ("problem", "cell"):
                    values += list(node.args)
                for value in values:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str) and _SNAKE.match(value.value):
                        found.setdefault(value.value, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_emitted_code_is_registered_and_every_registered_code_is_emitted():
    emitted = emitted_codes()
    unregistered = {code: files for code, files in emitted.items() if code not in BY_CODE and code not in VERDICTS}
    assert not unregistered, f"add these to claims/finding_codes.py (and README): {unregistered}"
    assert not set(BY_CODE) - set(emitted), "registered codes nothing emits (dead entries)"


def test_registry_entries_are_well_formed():
    assert len(BY_CODE) == len(FINDING_CODES)
    for entry in FINDING_CODES:
        assert re.fullmatch(r"[a-z]+(?:_[a-z]+)+", entry.code)
        assert entry.doc.endswith(".") and "\n" not in entry.doc and len(entry.doc) < 130
    assert set(VERDICT_DOCS) == set(VERDICTS) == set(Verdict.__args__)
    assert set(DEFAULT_FAILING_VERDICTS) <= set(VERDICTS)


def readme_rows(header: str) -> list[str]:
    """The rows of the README table whose header line starts with `header`."""
    lines = README.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def test_readme_documents_every_finding_code_and_verdict_exactly_as_registered():
    expected = [f"| `{e.code}` | {e.origin} | {e.severity.value} | {'yes' if e.fails_by_default else ''} | {e.doc} |"
                for e in FINDING_CODES]
    assert readme_rows("| code | from | severity |") == expected
    verdicts = [f"| `{v}` | {'yes' if v in DEFAULT_FAILING_VERDICTS else ''} | {VERDICT_DOCS[v]} |" for v in VERDICTS]
    assert readme_rows("| verdict | fails by default |") == verdicts


def test_the_gate_accepts_exactly_the_registry_and_defaults_to_its_failing_set():
    from verifier.audit.gate import DEFAULT_FAIL_ON, parse_codes, unknown_codes

    assert unknown_codes([*BY_CODE, *VERDICTS]) == []
    assert set(DEFAULT_FAIL_ON) == {e.code for e in FINDING_CODES if e.fails_by_default} | set(DEFAULT_FAILING_VERDICTS)
    assert parse_codes(",".join(BY_CODE), "--fail-on") == tuple(BY_CODE)
    for code in DEFAULT_FAIL_ON:
        assert f"`{code}`" in README


def test_renderers_use_the_one_list_of_verdicts():
    from verifier import tally

    assert tally.VERDICTS is VERDICTS
    for module in ("verifier/tally.py", "verifier/audit/batch.py", "verifier/audit/gate.py"):
        source = (ROOT / module).read_text(encoding="utf-8")
        assert '"supported", "partial", "contradicted"' not in source, f"{module} spells the verdicts out again"


def cli_commands():
    """(command path, click command) for every command and subcommand of `verifier`."""
    import typer

    from verifier.cli import app

    root = typer.main.get_command(app)
    found = []

    def walk(command, path):
        found.append((path, command))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(root, [])
    return found


def test_every_command_and_option_is_documented_in_the_readme():
    missing = []
    for path, command in cli_commands():
        if path and f"verifier {' '.join(path)}" not in README:
            missing.append(f"command `verifier {' '.join(path)}`")
        for param in command.params:
            for opt in [*getattr(param, "opts", []), *getattr(param, "secondary_opts", [])]:
                if opt.startswith("--") and opt not in ("--help", "--install-completion", "--show-completion") \
                        and not re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", README):
                    missing.append(f"{' '.join(['verifier', *path])} {opt}")
    assert not missing, "undocumented in README.md: " + ", ".join(missing)


@pytest.mark.parametrize("code", sorted(BY_CODE))
def test_each_code_is_a_sarif_rule(code):
    from verifier.render.sarif import sarif_rules

    rules = {rule["id"]: rule for rule in sarif_rules()}
    assert rules[code]["shortDescription"]["text"] == BY_CODE[code].doc
