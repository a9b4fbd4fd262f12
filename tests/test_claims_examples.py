"""The bundled example reports: golden JSON of `verifier parse`, exact table layouts, and consistency with the
expected verdicts listed in reports/examples/README.md and with the local paper sources."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from claims import parse_file
from claims.collect import parse_paths
from grammar.arxiv_id import parse_arxiv_id
from verifier.render.parse import render_parsed

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "reports" / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden" / "parse"
NAMES = ["multilingual_pretraining_synthesis.md", "sparse_adapters_synthesis.txt", "vocabulary_transfer_brief.md"]
EXPECTED_LINE = re.compile(r"^- (?P<report>\S+)#(?P<index>\d+): (?P<verdict>\w+) — .* \[(?P<mark>✓|×|yes|no)(?P<disagrees> disagrees)?\]$")


def parse_example(name: str):
    return parse_file(EXAMPLES / name, source=f"reports/examples/{name}")


@pytest.mark.parametrize("name", NAMES)
def test_golden_json(name: str) -> None:
    rendered = render_parsed([parse_example(name)], "json", many=False)
    golden = GOLDEN / f"{Path(name).stem}.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(rendered, encoding="utf-8")
    assert json.loads(rendered) == json.loads(golden.read_text(encoding="utf-8"))


def test_examples_folder_parses_all_three_and_skips_sources() -> None:
    reports, errors = parse_paths([EXAMPLES])
    assert errors == []
    assert sorted(Path(r.source).name for r in reports) == NAMES


def test_table_layouts() -> None:
    tsv = parse_example("sparse_adapters_synthesis.txt").table
    assert (tsv.style, tsv.header_line, tsv.separator_line, tsv.first_row_line, tsv.last_row_line, tsv.outer_pipes) == (
        "tsv", 31, None, 32, 43, False)
    pipe = parse_example("multilingual_pretraining_synthesis.md").table
    assert (pipe.style, pipe.header_line, pipe.separator_line, pipe.first_row_line, pipe.last_row_line, pipe.outer_pipes) == (
        "pipe", 27, 28, 29, 39, True)
    bare = parse_example("vocabulary_transfer_brief.md").table
    assert (bare.style, bare.header_line, bare.separator_line, bare.first_row_line, bare.last_row_line, bare.outer_pipes) == (
        "pipe", 17, 18, 19, 24, False)
    lines = (EXAMPLES / "multilingual_pretraining_synthesis.md").read_text(encoding="utf-8").split("\n")
    assert lines[pipe.separator_line - 1] == "|:------|:--------:|-----------:|"


def expected_verdicts() -> list[dict]:
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    return [m.groupdict() for line in text.split("\n") if line.startswith("- ") for m in [EXPECTED_LINE.match(line)] if m]


def test_readme_lists_one_expected_verdict_per_claim() -> None:
    expected = expected_verdicts()
    listed = sorted((e["report"], int(e["index"])) for e in expected)
    actual = sorted((name, claim.index) for name in NAMES for claim in parse_example(name).claims)
    assert listed == actual
    assert {e["verdict"] for e in expected} == {"supported", "partial", "contradicted", "unsupported"}


def test_readme_marks_match_the_reports() -> None:
    claims = {(name, c.index): c for name in NAMES for c in parse_example(name).claims}
    for entry in expected_verdicts():
        claim = claims[(entry["report"], int(entry["index"]))]
        assert claim.reported_verified is (entry["mark"] in ("✓", "yes"))
        should_disagree = claim.reported_verified != (entry["verdict"] == "supported")
        assert should_disagree == bool(entry["disagrees"]), entry


def test_every_reference_has_a_local_source_and_verbatim_claims_are_in_it() -> None:
    sources = {parse_arxiv_id(path.stem).id: path.read_text(encoding="utf-8") for path in (EXAMPLES / "papers").glob("*.md")}
    for name in NAMES:
        assert all(ref.arxiv_id in sources for ref in parse_example(name).references)
    everything = " ".join(sources.values())
    verbatim = [e for e in expected_verdicts() if "verbatim" in (EXAMPLES / "README.md").read_text(encoding="utf-8").split(
        f"{e['report']}#{e['index']}:")[1].split("\n")[0]]
    claims = {(name, c.index): c.text for name in NAMES for c in parse_example(name).claims}
    assert len(verbatim) >= 4
    for entry in verbatim:
        assert claims[(entry["report"], int(entry["index"]))] in everything
