"""JSON per the contract: one object for one report, an array for several; fields round-trip."""

from __future__ import annotations

import json

from sample_audits import pipe_case, tsv_case

from verifier.models import Audit
from verifier.render import render_audits

CONTRACT_CLAIM_KEYS = {"index", "line", "text", "truncated", "reported_verified", "reported_confidence", "verdict",
                       "confidence", "evidence", "agrees_with_report"}


def test_one_report_is_one_object_with_contract_keys():
    audit = tsv_case()[1]
    record = json.loads(render_audits([audit], "json"))
    assert isinstance(record, dict) and record["schema_version"] == 1
    assert {"report", "references", "claims", "findings"} <= set(record)
    assert CONTRACT_CLAIM_KEYS <= set(record["claims"][0])
    assert {"arxiv_id", "page", "quote", "lexical", "semantic"} <= set(record["claims"][0]["evidence"][0])
    assert Audit.model_validate(record) == audit


def test_several_reports_are_an_array_and_many_forces_one():
    audits = [tsv_case()[1], pipe_case()[1]]
    assert [r["report"]["source"] for r in json.loads(render_audits(audits, "json"))] == [a.report.source for a in audits]
    assert isinstance(json.loads(render_audits(audits[:1], "json", many=True)), list)
    assert json.loads(render_audits([], "json")) == []
