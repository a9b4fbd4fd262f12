"""The one lexicon (`grammar.lexicon`): every direction word reads the same in text checks and table comparisons,
every inflection of a verb reads like the verb, and the shared tokenizer, months, numbers and measures."""

from __future__ import annotations

import pytest

from grammar.lexicon import (
    DIRECTIONS,
    MONTHS,
    NUMBER_WORDS,
    QUANTITY_KINDS,
    inflections,
    measure_direction,
    stem,
    tokens,
)
from papers.models import Passage
from verifier.engine.facts import claim_facts
from verifier.engine.polarity import claim_comparison, comparison_kind, direction_conflict, direction_cues
from verifier.engine.quantities import extract_quantities
from verifier.engine.table_comparisons import check_tables, tables_of

# Two systems in one table: Alpha is higher on accuracy (better) and higher on perplexity (worse).
ROWS = [Passage(arxiv_id="2401.00002", page=3, kind="table", text=t) for t in (
    "Table 3: Results. | Alpha | Accuracy: 81.4 | Perplexity: 14.2",
    "Table 3: Results. | Beta | Accuracy: 77.9 | Perplexity: 11.8",
)]
COMPARING = sorted(word for word, d in DIRECTIONS.items() if comparison_kind(d) is not None)


def sentence(word: str, negated: bool = False) -> str:
    """A comparison of Alpha with Beta; a superlative says Alpha is the extreme of the column."""
    if DIRECTIONS[word].grade == "superlative":
        return f"Alpha is {'not ' if negated else ''}the {word} on accuracy."
    return f"Alpha {'does not ' if negated else ''}{word} Beta on accuracy."


@pytest.mark.parametrize("word", COMPARING)
def test_each_direction_word_reads_the_same_in_text_and_in_tables(word):
    d = DIRECTIONS[word]
    claim = sentence(word)
    cues = [c for c in direction_cues(claim) if c.word == word]
    assert cues and (cues[0].family, cues[0].sign) == (d.family, d.sign)  # the text checks' reading
    kind, position, negated = claim_comparison(claim)  # the table comparisons' reading of the same cue
    assert (kind, position, negated) == (comparison_kind(d), cues[0].position, False)
    result = check_tables(claim_facts(claim), tables_of(ROWS))
    assert result is not None and result.agrees == (d.sign > 0)  # Alpha is the higher and the better on accuracy


@pytest.mark.parametrize("word", COMPARING)
def test_negation_reverses_each_direction_word_alike_in_text_and_tables(word):
    d = DIRECTIONS[word]
    claim = sentence(word, negated=True)
    (cue,) = [c for c in direction_cues(claim) if c.word == word]
    assert cue.negated and cue.sign == -d.sign
    result = check_tables(claim_facts(claim), tables_of(ROWS))
    assert result is not None and result.agrees == (d.sign < 0)


@pytest.mark.parametrize("word", [w for w in COMPARING if comparison_kind(DIRECTIONS[w]) in ("better", "worse")])
def test_quality_words_follow_the_measure_direction(word):
    result = check_tables(claim_facts(sentence(word).replace("accuracy", "perplexity")), tables_of(ROWS))
    assert result is not None and result.agrees == (DIRECTIONS[word].sign < 0)  # Alpha's perplexity is the worse


VERBS = sorted({verb for verb in ("improve hurt outperform trail surpass lag exceed increase decrease reduce lower "
                                  "drop rise fall beat underperform degrade boost").split()})


@pytest.mark.parametrize("verb", VERBS)
def test_every_inflection_of_a_verb_reads_like_the_verb(verb):
    forms = inflections(verb)[1:] if verb == "lower" else inflections(verb)  # "lower" itself: the adjective
    assert all(DIRECTIONS[form] == DIRECTIONS[forms[0]] for form in forms)
    evidence = "Beta outperforms Alpha on XNLI accuracy by a wide margin."
    outcomes = {form: (direction_conflict(f"Alpha {form} Beta on XNLI accuracy.", evidence) is None,
                       check_tables(claim_facts(f"Alpha {form} Beta on accuracy."), tables_of(ROWS)).agrees)
                for form in forms}
    assert len(set(outcomes.values())) == 1, outcomes


def test_surpasses_and_surpassed_get_the_same_verdict():
    from verifier.embedding.embedders import HashingEmbedder
    from verifier.engine.checker import ClaimChecker, ClaimToCheck

    passages = [Passage(arxiv_id="2401.00002", page=2, kind="table", text=t) for t in (
        "Table 2: Zero-shot accuracy. | mT5 | PAWS-X: 61.8 | XNLI: 70.3",
        "Table 2: Zero-shot accuracy. | ByT5 | PAWS-X: 66.2 | XNLI: 74.9")]
    checker = ClaimChecker(HashingEmbedder())
    index = checker.index(passages)
    present, past = checker.check(index, [ClaimToCheck("mT5 surpasses ByT5 on XNLI accuracy.", False),
                                          ClaimToCheck("mT5 surpassed ByT5 on XNLI accuracy.", False)])
    assert present.judgement.verdict == past.judgement.verdict == "contradicted"


def test_one_tokenizer_keeps_names_numbers_and_table_bars():
    assert tokens("XLM-R's F1 rose to 85.3% (130,319 examples) | GPT-2", punctuation="|") == [
        "xlm-r's", "f1", "rose", "to", "85.3%", "130,319", "examples", "|", "gpt-2"]
    assert stem("improves") == stem("improved") == "improv"


def test_months_numbers_kinds_and_measures():
    assert MONTHS["sept"] == MONTHS["september"] == 9 and MONTHS["may"] == 5
    assert NUMBER_WORDS["dozen"] == 12 and NUMBER_WORDS["twenty"] == 20
    assert QUANTITY_KINDS["params"] == QUANTITY_KINDS["parameters"]
    assert measure_direction("Perplexity (lower is better)") == -1
    assert measure_direction("Word error rate") == -1
    assert measure_direction("Accuracy and ECE") == 0
    assert measure_direction("BLEU") == +1
    assert [q.value for q in extract_quantities("a dozen tasks, twice as many as the eleven before")] == [12, 2, 11]


def test_opposites_reverse_the_sign_in_the_same_family_and_form():
    from grammar.lexicon import OPPOSITES, opposite

    for word, other in OPPOSITES.items():
        a, b = DIRECTIONS.get(word), DIRECTIONS.get(other)
        assert a is not None and b is not None and a.sign == -b.sign, (word, other)
        assert a.family == b.family or {a.family, b.family} <= {"amount", "degree", "effect"}, (word, other)
    assert (opposite("increases"), opposite("Surpassed"), opposite("higher")) == ("decreases", "Trailed", "lower")


@pytest.mark.parametrize(("text", "measures"), [
    ("improves precision far more than recall", {"precision", "recall"}),
    ("Average F1: 70.4", {"f1"}),
    ("Dev Set / MNLI-m (Acc)", {"accuracy"}),
    ("exact match (EM) and test perplexity, PPL", {"exact match", "perplexity"}),
    ("the accepted account of the mapping", set()),  # words that merely start like a measure
])
def test_a_measure_has_one_name_however_it_is_written(text, measures):
    from grammar.lexicon import named_measures

    assert named_measures(text) == measures
