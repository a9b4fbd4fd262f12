"""Fuzzing the parser: mutations of the seed and example reports, and reports built by hypothesis from report
fragments. Every case parses or is refused with ClaimsError, within the time budget, with no inf/NaN anywhere."""

from __future__ import annotations

import random

import pytest
from hostile_cases import FRAGMENTS, RUNS, base_reports, cases, check_parse, mutate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def _assert_sound(label: str, data: bytes) -> None:
    outcome = check_parse(data)
    assert outcome.kind in ("ok", "refused"), f"{label} ({len(data):,} bytes): {outcome.kind} {outcome.detail}"


def test_the_bases_parse_cleanly() -> None:
    bases = base_reports()
    assert bases, "no bundled example reports found"
    for name, text in bases:
        assert check_parse(text.encode("utf-8")).kind == "ok", name


@pytest.mark.parametrize("seed", range(4))
def test_mutated_reports(seed: int) -> None:
    for label, data in cases(40, seed=seed):
        _assert_sound(label, data)


@pytest.mark.slow
def test_many_mutated_reports() -> None:
    for label, data in cases(1_000, seed=100):
        _assert_sound(label, data)


PIECES = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.builds(lambda char, count: char * count, st.sampled_from(RUNS), st.integers(0, 2_000)),
    st.text(max_size=20),
    st.sampled_from(["\n", "\n\n", "\t", " | ", "|"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(PIECES, max_size=40).map("".join))
def test_reports_built_from_fragments(text: str) -> None:
    _assert_sound("hypothesis", text.encode("utf-8", "surrogatepass"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1), st.sampled_from(range(8)))
def test_mutations_chosen_by_hypothesis(seed: int, base: int) -> None:
    bases = base_reports()
    name, text = bases[base % len(bases)]
    _assert_sound(f"{name}/{seed}", mutate(text, random.Random(seed)))

