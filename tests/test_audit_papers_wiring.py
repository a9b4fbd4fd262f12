"""The papers package wired into the audit: network limits from the settings, each reference matched to its paper
once per report (a stand-in version included), and the `version_substituted` finding that says what was read."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.models import Reference
from papers.limits import MIB
from papers.models import Paper
from verifier.audit.findings import match_papers, paper_for, substitution_message
from verifier.audit.library import library_limits, open_library
from verifier.settings import resolve_settings

ID = "2401.01234"


def reference(version: str | None, line: int = 1) -> Reference:
    return Reference(url=f"http://arxiv.org/abs/{ID}{version or ''}", arxiv_id=ID, version=version, line=line)


def test_limits_come_from_the_settings_and_their_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERIFIER_MAX_PDF_MB", "2")
    monkeypatch.setenv("VERIFIER_HTTP_DEADLINE", "12.5")
    monkeypatch.setenv("VERIFIER_MAX_RETRY_AFTER", "7")
    settings = resolve_settings(cache_dir=tmp_path / "cache", offline=True)
    limits = library_limits(settings)
    assert (limits.max_pdf_bytes, limits.request_deadline, limits.max_retry_after) == (2 * MIB, 12.5, 7.0)
    assert (limits.max_feed_bytes, limits.max_local_bytes) == (10 * MIB, 100 * MIB)
    with open_library(settings) as library:
        assert library.limits == limits


def test_the_default_deadline_is_ten_timeouts(tmp_path: Path) -> None:
    limits = library_limits(resolve_settings(cache_dir=tmp_path, http_timeout=4.0))
    assert limits.request_deadline == 40.0


def test_a_bad_limit_is_one_error_naming_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from verifier.errors import VerifierError

    monkeypatch.setenv("VERIFIER_MAX_FEED_MB", "0")
    with pytest.raises(VerifierError, match="VERIFIER_MAX_FEED_MB"):
        resolve_settings()


def test_a_stand_in_version_is_matched_to_the_reference_that_cites_it() -> None:
    real = Paper(arxiv_id=ID, version="v1", status="resolved", source="papers/2401.01234v1.md")
    stand_in = real.model_copy(update={"cited_version": "v3"})
    other = Paper(arxiv_id="2005.13013", version="v2", status="resolved")
    references = [reference("v1"), reference("v3"), reference(None),
                  Reference(url="http://example.org/x", arxiv_id=None, version=None, line=4)]
    assert match_papers(references, [other, real, stand_in]) == [real, stand_in, real, None]
    assert paper_for(reference("v3"), [real, stand_in]) is stand_in  # was the first v1 (no finding, wrong paper)


def test_the_substitution_message_names_both_versions_and_the_file() -> None:
    paper = Paper(arxiv_id=ID, version="v1", status="resolved", source="papers/2401.01234v1.md", cited_version="v3")
    assert substitution_message(reference("v3"), paper) == (
        f"Reference http://arxiv.org/abs/{ID}v3 cites {ID}v3, but only {ID}v1 was available "
        "(papers/2401.01234v1.md); claims were checked against v1.")


def test_references_are_matched_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """`audit_report` matches a report's references to the papers once, not once per use (it was three linear
    searches per reference)."""
    from claims.parser import parse_text
    from verifier.audit import report as report_module
    from verifier.audit.report import audit_report
    from verifier.embedding.embedders import load_embedder
    from verifier.engine.checker import ClaimChecker

    calls = []
    real_match = report_module.match_papers
    monkeypatch.setattr(report_module, "match_papers", lambda refs, papers: calls.append(len(refs)) or real_match(refs, papers))
    text = ("Report\n\nThis paper examines: A Title.\n\n2 claims extracted; 1 independently verified.\n\n"
            "Claim\tVerified\tConfidence\nA claim.\t✓\t0.5\nAnother claim.\t×\t0.4\n\nReferences\n\n"
            f"- <http://arxiv.org/abs/{ID}v1>\n- <http://arxiv.org/abs/{ID}v3>\n")
    report = parse_text(text, "r.txt")
    papers = [Paper(arxiv_id=ID, version="v1", status="resolved", source="a.md", cited_version="v3")]
    audit = audit_report(report, papers, resolve_settings(model="hashing"),
                         checker=ClaimChecker(load_embedder("hashing")))
    assert calls == [2]
    codes = [finding.code for finding in audit.findings]
    assert "version_substituted" in codes


def test_figure_reference_and_footnote_passages_are_never_evidence(tmp_path):
    """A claim worded exactly like a figure label, a reference entry or a footnote finds no support in them."""
    from claims import parse_text
    from papers.models import Paper, Passage
    from verifier.audit.report import audit_report
    from verifier.embedding.embedders import HashingEmbedder
    from verifier.settings import resolve_settings

    claim = "The proposed model reaches 91.4 accuracy on the benchmark."
    report = parse_text(
        "# Brief\n\n## Claims\n\n| Claim | Verified | Confidence |\n|---|---|---|\n"
        f"| {claim} | ✓ | 0.9 |\n\n## References\n\n- http://arxiv.org/abs/2401.01234v1\n", source="brief.md")
    passages = [Passage(arxiv_id="2401.01234", version="v1", page=1, kind=kind, text=claim)
                for kind in ("figure", "reference", "footnote")]
    passages.append(Passage(arxiv_id="2401.01234", version="v1", page=1, text="We study something else entirely."))
    paper = Paper(arxiv_id="2401.01234", version="v1", status="resolved", passages=passages, title="A paper")
    audit = audit_report(report, [paper], resolve_settings(cache_dir=tmp_path), embedder=HashingEmbedder())
    result = audit.claims[0]
    assert result.verdict != "supported"
    assert all(e.quote != claim for e in result.evidence)
