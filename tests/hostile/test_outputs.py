"""Outputs that cannot be forged (issue 13, Build item 4), through the CLI as CI runs it: a file name holding a
newline and a `::error` line, escape sequences in a claim and in a paper title, formula cells, `<img onerror>` in a
name, rich markup in a title, non-finite numbers. Offline, against the bundled example paper (hashing embedder)."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verifier.cli import app

ROOT = Path(__file__).resolve().parents[2]
PAPER = ROOT / "reports" / "examples" / "papers" / "2401.01234v1.md"
TITLE = "Sparse Adapter Tuning Improves Low-Resource Machine Translation"
FORGED_NAME = "x\n::error file=README.md,line=1::Approved by security\n.txt"
IMG_NAME = "<img src=x onerror=alert(1)>\n.md"
OSC_LINK = "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\x9d", "\x08", "\r")
ROWS = [
    ("SAT updates only 2.1% of the model parameters.", "✓", "0.31"),
    ("SAT improves BLEU by 5.1 points over full fine-tuning on average.", "✓", "0.22"),  # contradicted
    ("The evaluation covers 24 low-resource language pairs from the FLORES-200 benchmark.", "✓", "0.11"),
]
HOSTILE_ROWS = [
    (f"SAT updates only \x1b[31m2.1%\x1b[0m of the {OSC_LINK} model parameters.\x07\x9b2J", "✓", "0.31"),
    ('=HYPERLINK("http://evil.example","SAT improves BLEU")', "×", "0.22"),
    ("@SUM(A1) +1 -2 The evaluation covers 24 low-resource language pairs.", "✓", "0.11"),
]


def report_text(rows: list[tuple[str, str, str]]) -> str:
    """A report in the seed format citing 2401.01234v1."""
    verified = sum(1 for _, mark, _ in rows if mark == "✓")
    table = "\n".join("\t".join(row) for row in rows)
    return (
        "\n\nSparse Adapters Reviewed\n\nAssignee Research\n\nMarch 14, 2026\n\nAbstract\n\nA short abstract.\n\n"
        f"1 Introduction\n\nThis paper examines: {TITLE}. Research question: Does SAT help?.\n\n"
        f"3 Results\n\n1 papers retrieved. {len(rows)} claims extracted; {verified} independently verified. "
        "Quality review score: 7.0/10.\n\n5 Extracted Claims\n\nClaim\tVerified\tConfidence\n"
        f"{table}\n\nReferences\n\n- <http://arxiv.org/abs/2401.01234v1>\n"
    )


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example paper as a local source, a private cache, the hashing embedder, the cwd set there."""
    (tmp_path / "papers").mkdir()
    shutil.copy(PAPER, tmp_path / "papers" / PAPER.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VERIFIER_MODEL", "hashing")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return tmp_path


def hostile_paper(workspace: Path) -> str:
    """The example paper, its title holding an OSC 8 link, a CSI, BEL, and rich markup (`[/]`, `[link=…]`)."""
    title = f"Sparse Adapter Tuning {OSC_LINK} Improves [/] [link=http://evil.example]Low-Resource[/link] \x1b[2J\x07"
    text = PAPER.read_text(encoding="utf-8").replace(f"# {TITLE}", f"# {title}", 1)
    (workspace / "papers" / PAPER.name).write_text(text, encoding="utf-8")
    return title


def invoke(*args: str, github: bool = False):
    env = {"GITHUB_ACTIONS": "true"} if github else None
    return CliRunner().invoke(app, list(args), env=env)


OFFLINE = ("--papers", "papers", "--offline")


def every_command(name: str) -> dict[str, object]:
    """The results of parse (4 formats), audit (json, md), check (text, json, sarif, under GitHub Actions) and
    table (stdout, --check) on the report `name`."""
    results: dict[str, object] = {}
    for fmt in ("json", "md", "tsv", "csv"):
        results[f"parse {fmt}"] = invoke("parse", "--format", fmt, name)
    for fmt in ("json", "md"):
        results[f"audit {fmt}"] = invoke("audit", *OFFLINE, "--format", fmt, name, github=True)
    for fmt in ("text", "json", "sarif"):
        results[f"check {fmt}"] = invoke("check", *OFFLINE, "--format", fmt, name, github=True)
    results["table"] = invoke("table", *OFFLINE, name)
    results["table --check"] = invoke("table", *OFFLINE, "--check", "--force", name)
    return results


def lines_of(result) -> list[str]:
    return result.stdout.splitlines() + result.stderr.splitlines()


def test_a_file_name_with_a_newline_cannot_forge_a_workflow_command(workspace: Path) -> None:
    (workspace / FORGED_NAME).write_text(report_text(ROWS), encoding="utf-8")
    results = every_command(FORGED_NAME)
    for command, result in results.items():
        assert result.exit_code in (0, 1), (command, result.output)
        for line in lines_of(result):
            assert not line.startswith("::error file=README.md"), (command, line)
            assert not line.startswith("Approved by security"), (command, line)
            if line.startswith("::"):  # only the tool's own annotations, whose file property is escaped
                assert re.match(r"::(error|warning|notice) file=x(%0A|\\n)%3A%3Aerror file=README\.md%2C", line), line
    check_lines = results["check text"].stdout.splitlines()
    fail = next(line for line in check_lines if line.startswith("FAIL"))
    assert fail.startswith("FAIL 'x\\") and "::error file=README.md,line=1::Approved by security" in fail
    annotations = [line for line in results["check text"].stderr.splitlines() if line.startswith("::")]
    assert annotations, "under GitHub Actions the contradicted claim is annotated"


def test_a_missing_file_with_a_forged_name_is_one_error_line(workspace: Path) -> None:
    for command in (["parse"], ["check", *OFFLINE], ["audit", *OFFLINE], ["table", *OFFLINE]):
        result = invoke(*command, FORGED_NAME)
        assert result.exit_code == 2, (command, result.output)
        assert not any(line.startswith("::") for line in lines_of(result)), (command, result.output)
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == len(result.stderr.splitlines()) == 1, (command, result.stderr)


def test_escape_sequences_in_claims_and_titles_never_reach_the_terminal(workspace: Path) -> None:
    hostile_paper(workspace)
    (workspace / "hostile.txt").write_text(report_text(HOSTILE_ROWS), encoding="utf-8")
    parsed = json.loads(invoke("parse", "hostile.txt").stdout)
    assert "\x1b[31m" in parsed["claims"][0]["text"], "the parser keeps the claim's text (JSON escapes it)"
    results = every_command("hostile.txt")
    results["fetch"] = invoke("fetch", *OFFLINE, "2401.01234v1")
    results["fetch json"] = invoke("fetch", *OFFLINE, "--format", "json", "2401.01234v1")
    for command, result in results.items():
        assert result.exit_code in (0, 1), (command, result.output)
        output = result.stdout + result.stderr
        if command != "table":  # `table` without -o writes the report itself back, byte for byte
            for char in RAW_CONTROLS:
                assert char not in output, (command, repr(char), output)
    title = json.loads(results["fetch json"].stdout)[0]["title"]
    assert "\x1b]8;;http://evil.example\x07" in title, "JSON keeps the title exactly (escaped)"
    md = results["audit md"].stdout
    assert "| Sparse Adapter Tuning click Improves \\[/\\] \\[link=http://evil.example\\]Low-Resource\\[/link\\] |" in md


def test_csv_cells_never_start_a_formula(workspace: Path) -> None:
    (workspace / "=cmd.txt").write_text(report_text(HOSTILE_ROWS), encoding="utf-8")
    import csv

    rows = list(csv.DictReader(io.StringIO(invoke("parse", "--format", "csv", "=cmd.txt").stdout)))
    assert [row["claim"][:2] for row in rows[1:]] == ["'=", "'@"]
    assert all(row["source"] == "'=cmd.txt" for row in rows)
    assert [row["confidence"] for row in rows] == ["0.31", "0.22", "0.11"]  # numbers are not touched
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row.values())


def test_markdown_audit_of_an_html_name_holds_no_tag(workspace: Path) -> None:
    (workspace / IMG_NAME).write_text(report_text(ROWS), encoding="utf-8")
    for result in (invoke("audit", *OFFLINE, "--format", "md", IMG_NAME), invoke("parse", "--format", "md", IMG_NAME)):
        assert result.exit_code == 0, result.output
        assert "<img" not in result.stdout and "&lt;img src=x onerror=alert(1)&gt;" in result.stdout
        assert not any(line.startswith(".md") for line in result.stdout.splitlines()), "the newline was folded"


def test_rich_markup_in_a_title_prints_literally_in_fetch(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from papers.models import Paper
    from verifier.commands.fetch import render_papers

    monkeypatch.setenv("COLUMNS", "300")  # rich sizes its table to the terminal: keep the title on one line
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    paper = Paper(arxiv_id="2401.01234", version="v1", status="resolved", pages=3,
                  title="Adapters [/] and [link=http://evil.example]more[/link] \x1b]8;;http://evil\x07x\x1b]8;;\x07")
    for stream in (Terminal(), io.StringIO()):  # the rich table on a terminal, tab-separated when piped
        render_papers([paper], "table", stream)
        text = stream.getvalue()
        assert "[/]" in text and "[link=http://evil.example]more[/link]" in text
        assert "\x1b]8" not in text and "\x07" not in text
    hostile_paper(workspace)
    result = invoke("fetch", *OFFLINE, "2401.01234v1")
    assert result.exit_code == 0, result.output
    assert "[/] [link=http://evil.example]Low-Resource[/link]" in result.stdout


def test_no_non_finite_number_reaches_json_or_text() -> None:
    from verifier.escaping import json_text
    from verifier.tally import confidence_text

    assert [confidence_text(v) for v in (float("inf"), float("nan"), 0.874)] == ["–", "–", "0.87"]

    def strict(text: str) -> object:
        return json.loads(text, parse_constant=lambda name: pytest.fail(f"non-finite {name} in JSON"))

    value = {"confidence": float("inf"), "scores": [float("nan"), -float("inf"), 0.5], "text": "a\x9b\u202eb\x1b"}
    text = json_text(value)
    assert strict(text) == {"confidence": None, "scores": [None, None, 0.5], "text": "a\x9b\u202eb\x1b"}
    assert "\x9b" not in text and "\u202e" not in text and "\x1b" not in text


def test_the_audit_json_has_null_for_a_non_finite_confidence(workspace: Path) -> None:
    from claims.parser import parse_text
    from verifier.records import audit_skeleton
    from verifier.render import render_json

    audit = audit_skeleton(parse_text(report_text(ROWS), "r.txt"))
    audit.claims[0].confidence = float("inf")
    record = json.loads(render_json([audit]), parse_constant=lambda name: pytest.fail(name))
    assert record["claims"][0]["confidence"] is None


def test_library_warnings_are_printed_escaped(workspace: Path) -> None:
    outside = workspace / "secret.txt"
    outside.write_text("a secret\n", encoding="utf-8")
    (workspace / "papers" / "2401.99999v1\x1b[2J.txt").symlink_to(outside)
    (workspace / "r.txt").write_text(report_text(ROWS), encoding="utf-8")
    for command in (["fetch", *OFFLINE, "2401.01234v1"], ["audit", *OFFLINE, "r.txt"], ["check", *OFFLINE, "r.txt"]):
        result = invoke(*command)
        warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
        assert len(warnings) == 1 and "refused as a local source" in warnings[0], (command, result.stderr)
        assert "\x1b" not in result.stderr and "a secret" not in result.stdout + result.stderr
