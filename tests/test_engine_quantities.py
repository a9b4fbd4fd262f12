"""Numbers as claims write them: extraction, precision, and which pairs name the same value."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verifier.engine.quantities import extract_quantities
from verifier.engine.value_matching import values_match


def values(text: str) -> list[tuple[float, str, float | None]]:
    return [(q.value, q.unit, q.high) for q in extract_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MNLI has 392,702 training examples.", [(392702.0, "plain", None)]),
        ("an improvement of 8.2 points", [(8.2, "points", None)]),
        ("accuracy rose to 85.3% overall", [(85.3, "percent", None)]),
        ("a gain of +8.7 on average", [(8.7, "plain", None)]),
        ("a drop of \u22125.4 on XNLI", [(-5.4, "plain", None)]),
        ("between 3-5 layers", [(3.0, "plain", 5.0)]),
        ("1.1M parameters and 5k steps", [(1_100_000.0, "plain", None), (5000.0, "plain", None)]),
        ("nine intermediate tasks", [(9.0, "plain", None)]),
        ("falls from 0.182 to 0.047", [(0.182, "plain", None), (0.047, "plain", None)]),
        ("published in 2020", [(2020.0, "year", None)]),
        ("on the CoNLL 2012 test set, 2012 documents", [(2012.0, "year", None), (2012.0, "plain", None)]),  # an edition
        ("12 percentage points", [(12.0, "points", None)]),
        ("an ensemble pushes F1 to 87.4", [(87.4, "plain", None)]),  # a name's digit starts no range
        ("L2 to 0.01 and GPT-2 to 3 runs", [(0.01, "plain", None), (3.0, "plain", None)]),
    ],
)
def test_extracts_quantities(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We use XLM-R and GPT-2 models.",  # digits glued to names
        "as shown in Table 2 and Figure 3",  # references
        "see Section 4.1 for details",
        "in the WSD evaluation (Table 5), the first layer",  # a reference in brackets
        "the results [Figure 2] and (Section 3.2) agree",
        "the v2 release of the model",
        "zero-shot transfer",  # a number word inside a compound
        "a one-to-many mapping",  # hyphenated to a word that counts nothing
        "a two-stage pipeline trained ten-fold",
        "one of the best models",  # a pronoun, not a count
        "arXiv 2005.13013 describes it",
        "cited as [12] before",
    ],
)
def test_identifiers_are_not_quantities(text):
    assert values(text) == []


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [("a four-layer encoder", 4.0, "layers"), ("the twelve-head attention", 12.0, "heads"),
     ("a three-language benchmark", 3.0, "languages")],
)
def test_a_number_word_hyphenated_to_what_it_counts_is_a_count(text, value, kind):
    (quantity,) = extract_quantities(text)
    assert (quantity.value, quantity.kind) == (value, kind)


@pytest.mark.parametrize(("text", "kind"), [
    ("fine-tuned with batch size 48", "batch size"), ("a learning rate of 0.0003", "learning rate"),
    ("dropout = 0.3 throughout", "dropout"), ("trained on a batch of 24 sentences", "sentences"),
    ("an accuracy of 48.0 on the test set", ""),
])
def test_a_value_written_after_a_settings_name_is_that_settings_value(text, kind):
    (quantity,) = extract_quantities(text)
    assert quantity.kind == kind


def test_a_settings_value_is_no_score_of_a_column_that_names_no_setting():
    from verifier.engine.consistency import check
    from verifier.engine.facts import claim_facts

    row = "Table 2: Dev accuracy. | Large model | MRPC: 49.2 | Batch size: 16"
    assert check(claim_facts("With batch size 48, the Large model became unstable on MRPC."), row).number.evidence.text == "16"
    scores = "Table 2: Dev accuracy. | Large model | MRPC: 49.2 | RTE: 70.3"
    assert check(claim_facts("With batch size 48, the Large model became unstable on MRPC."), scores).number is None
    assert check(claim_facts("The Large model scores 48 on MRPC."), scores).number is not None  # a score still conflicts


def one(text: str):
    (quantity,) = extract_quantities(text)
    return quantity


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        ("392,702 examples", "392702 examples"),
        ("8.2 points", "+8.2"),
        ("8.2 points", "8.20 points"),
        ("1.1M parameters", "1,104,934 parameters"),  # the claim's precision: millions to one decimal
        ("85% accuracy", "0.85 accuracy"),
        ("nine tasks", "9 tasks"),
        ("5 layers", "3-5 layers"),  # either end of a range
    ],
)
def test_same_value(claim, evidence):
    assert values_match(one(claim), one(evidence))


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        ("392,702 examples", "393,702 examples"),
        ("8.2 points", "8.3 points"),
        ("8.2 points", "8 points"),  # the evidence is coarser: not the claim's number
        ("+5.4 points", "\u22125.4 points"),  # both signed: the sign matters
        ("2020", "2020.5"),
        ("published in 2019", "2019 examples"),  # a year only matches a year
    ],
)
def test_different_value(claim, evidence):
    assert not values_match(one(claim), one(evidence))


@given(st.integers(min_value=0, max_value=10**9))
def test_thousands_separators_round_trip(n):
    written = f"{n:,}"
    assert values_match(one(f"{written} items"), one(f"{n} items"))
    assert not values_match(one(f"{written} items"), one(f"{n + 1} items"))


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
def test_decimal_matches_itself_only_at_its_precision(d):
    text = f"{d:.2f}"
    assert values_match(one(f"x {text} y"), one(f"a {text} b"))
    assert not values_match(one(f"x {text} y"), one(f"a {float(d) + 0.01:.2f} b"))


@pytest.mark.parametrize(
    ("claim", "evidence", "same"),
    [
        ("The risk is about 1/2000 births.", "The risk was 0.05% of births.", True),
        ("The risk is about 1 in 2,000 births.", "The risk was 1/2000.", True),
        ("The risk is about 1/2000 births.", "The risk was 1/200 births.", False),
        ("3/1000 patients relapsed.", "0.3% of patients relapsed.", True),
    ],
)
def test_fractions_are_the_rates_they_state(claim, evidence, same):
    (c,), (e,) = extract_quantities(claim), extract_quantities(evidence)
    assert values_match(c, e) == same


@pytest.mark.parametrize("text", ["EM/F1 70/80 on SQuAD", "on 12/05/2020 we", "3 out of 4 pairs", "5 in 2019"])
def test_score_pairs_dates_and_counts_are_not_fractions(text):
    assert all(q.value >= 1 for q in extract_quantities(text))


def test_powers_of_ten_as_the_extractor_writes_superscripts() -> None:
    from verifier.engine.quantities import extract_quantities

    (flops,) = extract_quantities("pre-trained with 2.3 · 10^19 FLOPs")
    assert flops.value == pytest.approx(2.3e19) and flops.text == "2.3 · 10^19"
    (tokens,) = extract_quantities("about 10^9 tokens")
    assert tokens.value == pytest.approx(1e9)
    assert [q.value for q in extract_quantities("3.3 x 10^9 and 3.4 × 10^9")] == pytest.approx([3.3e9, 3.4e9])


def test_a_footnote_marker_is_no_number() -> None:
    from verifier.engine.quantities import extract_quantities

    assert [q.value for q in extract_quantities("BERT^6 reaches 84.6 accuracy (see results)^2")] == [84.6]
