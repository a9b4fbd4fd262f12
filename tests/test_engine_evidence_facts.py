"""Evidence facts for the failures seen on real claims (issue 10), in our own words and numbers: counts written as
words, what a number measures, versions, several numbers against table rows, truncated claims, comparisons against
which side is higher, and direction words on different nouns. Each case was judged wrong by the engine before."""

from __future__ import annotations

import pytest

from grammar.lexicon import tokens
from papers.models import Passage
from verifier.engine.consistency import check
from verifier.engine.facts import claim_facts
from verifier.engine.polarity import direction_conflict
from verifier.engine.quantities import extract_quantities
from verifier.engine.retrieval import visible_text
from verifier.engine.table_comparisons import check_tables, tables_of
from verifier.engine.value_matching import values_match


def rows(*texts: str) -> list[Passage]:
    return [Passage(arxiv_id="2401.00003", page=4, kind="table", text=t) for t in texts]


def verdicts(passages: list[Passage], *claims: str, truncated: bool = False) -> list:
    from verifier.embedding.embedders import HashingEmbedder
    from verifier.engine.checker import ClaimChecker, ClaimToCheck

    checker = ClaimChecker(HashingEmbedder())
    index = checker.index(passages)
    return [o.judgement for o in checker.check(index, [ClaimToCheck(c, truncated) for c in claims])]


def text(*sentences: str) -> list[Passage]:
    return [Passage(arxiv_id="2401.00003", page=i + 1, text=s) for i, s in enumerate(sentences)]


# -- counts written as words ----------------------------------------------------------------------------------------
def test_a_count_in_words_against_another_count_of_the_same_noun_conflicts():
    facts = claim_facts("The study fine-tunes on eleven auxiliary tasks.")
    result = check(facts, "We fine-tune on eight auxiliary tasks taken from SuperGLUE.")
    assert result.number is not None and (result.number.claim.value, result.number.evidence.value) == (11, 8)


@pytest.mark.parametrize("phrase", ["zero-shot transfer", "a one-to-many mapping", "a two-stage pipeline",
                                    "few-shot and three-way splits"])
def test_number_words_inside_hyphenated_words_are_not_numbers(phrase):
    assert extract_quantities(phrase) == []


def test_counts_know_what_they_count():
    (tasks,) = extract_quantities("on nine intermediate tasks")
    (examples,) = extract_quantities("with 130,319 training examples")
    (langs,) = extract_quantities("in over 100 languages")
    assert (tasks.kind, examples.kind, langs.kind, langs.approx) == ("tasks", "examples", "languages", "at least")
    (more,) = extract_quantities("covering 104 languages")
    assert values_match(langs, more) and not values_match(examples, more)


# -- what a number measures ------------------------------------------------------------------------------------------
def test_points_are_not_stated_by_a_count_of_epochs():
    facts = claim_facts("Training on PIQA improves accuracy by 4.0 points.")
    result = check(facts, "Table 5: Hyper-parameters. | PIQA | # Epochs: 4 | Batch size: 16")
    assert result.quantities_found == 0 and result.number is None


def test_a_claim_in_points_is_not_supported_by_an_epoch_count():
    (judgement,) = verdicts(rows("Table 5: Hyper-parameters. | PIQA | # Epochs: 4 | Batch size: 16"),
                            "Training on PIQA improves accuracy by 4.0 points.")
    assert judgement.verdict != "supported"


# -- versions are names ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("claim", "evidence"), [
    ("The CoNLL-U 2.4 release holds 52,760 training sentences.", "The CoNLL-U 2.2 release holds 41,200 training sentences."),
    ("The DuoRC 2.0 split has 86,241 training examples.", "The DuoRC 1.1 split has 69,524 training examples."),
])
def test_a_version_after_a_name_is_no_number_and_the_counts_conflict(claim, evidence):
    result = check(claim_facts(claim), evidence)
    assert [q.text for q in claim_facts(claim).quantities] == [claim.split(" holds ")[-1].split(" has ")[-1].split()[0]]
    assert result.number is not None


def test_a_score_after_a_measure_is_still_a_number():
    assert [q.value for q in extract_quantities("BLEU 2.1 higher than F1 8.2")] == [2.1, 8.2]


def test_versions_are_names_and_the_counts_conflict():
    assert [q.value for q in extract_quantities("CoNLL version 2.1 holds 41,200 sentences; see v3.0 too.")] == [41200]
    facts = claim_facts("The CoNLL v3.0 training split holds 52,760 sentences.")
    result = check(facts, "The CoNLL version 2.1 training split holds 41,200 sentences.")
    assert result.number is not None and result.number.evidence.value == 41200


# -- several numbers against table rows -----------------------------------------------------------------------------
GAINS = rows("Table 6: Gains over the baseline. | Span masking | XQuAD: +1.9 | Avg.: +6.4",
             "Table 6: Gains over the baseline. | Entity masking | XQuAD: +0.8 | Avg.: +5.1",
             "Table 6: Gains over the baseline. | Word masking | XQuAD: +0.2 | Avg.: +4.6")


def test_several_numbers_each_in_its_row_of_the_named_column_agree():
    claim = "Span masking, entity masking and word masking raise the average by 6.4, 5.1 and 4.6 points."
    result = check_tables(claim_facts(claim), tables_of(GAINS))
    assert result is not None and result.agrees and len(result.rows) == 3 and result.kind == "values"
    assert "Avg." in result.reason


def test_a_wrong_number_among_several_names_its_row_column_and_both_values():
    claim = "Span masking, entity masking and word masking raise the average by 6.5, 5.1 and 4.6 points."
    result = check_tables(claim_facts(claim), tables_of(GAINS))
    assert result is not None and not result.agrees
    assert "row Span masking" in result.reason and "column Avg." in result.reason
    assert "+6.4" in result.reason and "6.5" in result.reason


def test_several_numbers_verdicts():
    right, wrong = verdicts(GAINS, "Span masking, entity masking and word masking raise the average by 6.4, 5.1 and "
                                   "4.6 points.",
                            "Span masking, entity masking and word masking raise the average by 6.5, 5.1 and "
                            "4.6 points.")
    assert right.verdict == "supported"
    assert wrong.verdict == "contradicted" and "+6.4" in wrong.explanation


# -- truncated claims keep their complete tokens ----------------------------------------------------------------------
def test_a_truncated_claim_keeps_its_last_number():
    assert visible_text("Pre-training on code yields an average gain of 3.7", True).endswith("3.7")
    assert visible_text("Pre-training on code yields an average ga", True).endswith("average")


def test_the_last_number_of_a_truncated_claim_conflicts_with_another_value():
    facts = claim_facts("Pre-training on code yields an average gain of 3.7", truncated=True)
    assert facts.quantities[-1].prefix
    result = check(facts, "Pre-training on code yields an average gain of 4.2 points on the reasoning suite.")
    assert result.number is not None and result.number.evidence.value == 4.2
    assert check(facts, "Pre-training on code yields an average gain of 3.75 points.").number is None  # 3.7… may be 3.75


def test_a_truncated_claim_with_a_wrong_last_number_is_not_supported():
    (judgement,) = verdicts(text("Pre-training on code yields an average gain of 4.2 points on the reasoning suite.",
                                 "The models are trained for two epochs."),
                            "Pre-training on code yields an average gain of 3.7", truncated=True)
    assert judgement.verdict == "contradicted"


# -- comparisons against which side is higher -------------------------------------------------------------------------
PERPLEXITY = rows("Table 7: Validation perplexity. | Byte-level model | Perplexity: 12.6",
                  "Table 7: Validation perplexity. | Subword model | Perplexity: 10.9")


@pytest.mark.parametrize(("claim", "agrees"), [
    ("The byte-level model lowers perplexity compared with the subword model.", False),  # 12.6 > 10.9
    ("The subword model lowers perplexity compared with the byte-level model.", True),
    ("The subword model improves perplexity over the byte-level model.", True),  # lower is better
    ("The byte-level model trails the subword model on perplexity.", True),
])
def test_lowers_and_improves_are_checked_against_the_higher_side(claim, agrees):
    result = check_tables(claim_facts(claim), tables_of(PERPLEXITY))
    assert result is not None and result.agrees == agrees


def test_a_verb_is_compared_with_the_evidence_word_about_its_object():
    conflict = direction_conflict("A 128k vocabulary lowers zero-shot NER F1 compared with a 32k vocabulary.",
                                  "Growing the vocabulary from 32k to 128k improves zero-shot NER F1 by 1.7 points.")
    assert conflict is not None and (conflict.claim_word, conflict.evidence_word) == ("lowers", "improves")


# -- direction words on different nouns ---------------------------------------------------------------------------------
def test_degree_words_about_different_nouns_or_axes_do_not_conflict():
    assert direction_conflict("The method needs a small amount of labelled data.",
                              "The method needs many unlabelled examples and a small amount of labelled data.") is None
    # "small" tells a size, "many" a count: no opposites, whichever nouns they describe
    assert direction_conflict("Small auxiliary corpora help NER.", "Many auxiliary corpora help NER.") is None
    assert direction_conflict("The small encoder is tuned on the data.", "Many encoders are tuned on the small data.") is None
    assert direction_conflict("A small model learns many tasks.", "A small model learns few tasks.") is not None
    assert direction_conflict("Small auxiliary corpora help NER.", "Large auxiliary corpora help NER.") is not None


# -- comparisons against the numbers a sentence gives both sides --------------------------------------------------------
SCORES = "On PAWS-X, mT5 reaches 61.8 accuracy and ByT5 66.2."


@pytest.mark.parametrize(("claim", "agrees"), [
    ("mT5 outperforms ByT5 on PAWS-X.", False),
    ("ByT5 outperforms mT5 on PAWS-X.", True),
    ("mT5 is lower than ByT5 on PAWS-X.", True),
    ("mT5 trails ByT5 on PAWS-X.", True),
    ("mT5 does not outperform ByT5 on PAWS-X.", True),
])
def test_a_comparison_is_checked_against_the_numbers_of_both_sides(claim, agrees):
    result = check(claim_facts(claim), SCORES)
    assert result.comparison is not None and result.comparison.agrees == agrees
    assert (result.direction is not None) == (not agrees)


def test_a_text_comparison_follows_the_measure_direction():
    evidence = "The Byte model reaches a perplexity of 12.6 and the Subword model 10.9."
    assert check(claim_facts("The Subword model is better than the Byte model on perplexity."), evidence).comparison.agrees
    wrong = check(claim_facts("The Byte model is better than the Subword model on perplexity."), evidence)
    assert not wrong.comparison.agrees and wrong.direction.values == "Byte 12.6, Subword 10.9"


def test_a_wrong_text_comparison_is_contradicted_and_names_the_values():
    (judgement,) = verdicts(text(SCORES, "Both models are trained for two epochs."), "mT5 outperforms ByT5 on PAWS-X.")
    assert judgement.verdict == "contradicted" and "61.8" in judgement.explanation and "66.2" in judgement.explanation


# -- a caption's numbers hold for every row; a preposition is no bound ------------------------------------------------
CAPTIONED = ("Table 2: Zero-shot NER F1 averaged over 9 target languages. | 32k | NER F1: 61.4 | "
             "Embedding share of parameters: 9%")


def test_a_caption_number_states_what_a_row_claim_says_and_conflicts_with_another_count():
    assert check(claim_facts("A 32k vocabulary reaches 61.4 zero-shot NER F1 averaged over 9 target languages."),
                 CAPTIONED).quantities_found == 3
    wrong = check(claim_facts("A 32k vocabulary reaches 61.4 zero-shot NER F1 averaged over 11 target languages."),
                  CAPTIONED)
    assert wrong.number is not None and wrong.number.evidence.value == 9 and "caption" in wrong.number.context


def test_over_after_a_verb_is_a_preposition_not_a_bound():
    (averaged,) = extract_quantities("averaged over 9 target languages")
    (bound,) = extract_quantities("trained on over 100 languages")
    assert (averaged.approx, bound.approx) == ("", "at least")


@pytest.mark.parametrize("text", ["The experiments cover five language pairs.", "a turnover 12 times a year",
                                  "Moreover 3 runs diverged.", "the handsome 40 models"])
def test_a_word_that_ends_like_a_bound_is_no_bound(text):
    (quantity,) = extract_quantities(text)  # "cover" ends in "over", "handsome" in "some": neither loosens it
    assert quantity.approx == ""


def test_a_denied_value_that_the_evidence_states_conflicts():
    (denied,) = claim_facts("The mean caption length is not 11.4 tokens.").quantities
    assert denied.denied
    result = check(claim_facts("The mean caption length is not 11.4 tokens."), "The mean caption length is 11.4 tokens.")
    assert result.number is not None and result.number.evidence.value == 11.4
    assert check(claim_facts("The mean caption length is 11.4 tokens."), "The mean caption length is 11.4 tokens.").number is None
    rows_ = rows("Table 3: Corpus statistics. | Captions | Mean length: 11.4 | Vocabulary: 9,120",
                 "Table 3: Corpus statistics. | Queries | Mean length: 6.2 | Vocabulary: 4,310")
    result = check_tables(claim_facts("The mean length is not 11.4 for captions and not 6.2 for queries."), tables_of(rows_))
    assert result is not None and not result.agrees


@pytest.mark.parametrize(("claim", "evidence"), [("twice as fast", "2x faster"), ("a dozen tasks", "12 tasks"),
                                                 ("three times faster", "a 3× speed-up")])
def test_number_words_and_factors_state_the_same_values(claim, evidence):
    (c,), (e,) = extract_quantities(claim), extract_quantities(evidence)
    assert values_match(c, e)


# -- rows named by a number ("a 32k vocabulary") ------------------------------------------------------------------------
SIZES = [f"Table 2: Zero-shot NER F1. | {size} | NER F1: {f1} | Embedding share of parameters: {share}"
         for size, f1, share in (("32k", "61.4", "9%"), ("96k", "63.0", "21%"), ("192k", "64.8", "37%"))]


def test_a_value_of_another_numbered_row_is_a_swapped_row():
    facts = claim_facts("A 96k vocabulary reaches 64.8 zero-shot NER F1.")
    named, other, unrelated = (check(facts, row) for row in (SIZES[1], SIZES[2], SIZES[0]))
    assert named.on_row and named.number is not None and named.number.evidence.value == 63.0
    assert not other.on_row and other.entity is not None and (other.entity.claim, other.entity.evidence) == ("96k", "192k")
    assert not unrelated.on_row and unrelated.conflict is False
    assert [t for t in tokens("a 96k vocabulary with 1.1M entries")] == ["a", "96k", "vocabulary", "with", "1.1m", "entries"]


# -- a value copied from another column of the named row ------------------------------------------------------------
RESULTS = rows("Table 3: Test results of the parsers. | POS Smith et al. (2019) | PUBLISHED: 97.64 | OUR MODEL: 96.80 "
               "| WITH PRETRAINING: 97.91",
               "Table 3: Test results of the parsers. | Chunking Lee et al. (2018) | PUBLISHED: 95.77 | OUR MODEL: 94.10 "
               "| WITH PRETRAINING: 96.02")


@pytest.mark.parametrize(
    ("claim", "misplaced"),
    [("Table 3 gives the published POS tagging result (Smith et al., 2019) as 96.80.", True),  # OUR MODEL's
     ("Table 3 gives the published POS tagging result (Smith et al., 2019) as 97.64.", False),
     ("On chunking, our model reaches 94.10.", False),  # the named column holds it
     ("For chunking, the model with pretraining scores 96.02.", False),
     ("Chunking reaches 94.10 in Table 3.", False),  # no column named: nothing to set against
     ("Pretraining lifts POS accuracy above the published result, to 96.80.", False)],  # a change: the comparison's to read
)
def test_a_value_from_another_column_of_the_named_row_conflicts(claim, misplaced):
    result = check_tables(claim_facts(claim), tables_of(RESULTS))
    row = next(p for p in RESULTS if p.text.split(" | ")[1].split()[0].lower() in claim.lower())
    found = check(claim_facts(claim), row.text)
    assert (found.number is not None) == misplaced
    if misplaced:
        assert "column PUBLISHED" in found.number.context and found.number.evidence.value == 97.64
    assert result is None or result.agrees or not misplaced


def test_a_value_from_another_column_verdicts():
    wrong, right = verdicts(RESULTS, "Table 3 gives the published POS tagging result (Smith et al., 2019) as 96.80.",
                            "Table 3 gives the published POS tagging result (Smith et al., 2019) as 97.64.")
    assert wrong.verdict == "contradicted" and "97.64" in wrong.explanation and "PUBLISHED" in wrong.explanation
    assert right.verdict == "supported"



# -- a value read off the row beside the one the claim names ---------------------------------------------------------
READERS = rows(*(f"Table 4: Reading comprehension results. | {label} | Test / EM: {em} | Test / F1: {f1}"
                 for label, em, f1 in [("Baselines / Human", "82.0", "91.0"),
                                       ("Ours / ProtoReader (Sgl.+WikiQA)", "81.3", "88.6"),
                                       ("Ours / ProtoReader (Ens.+WikiQA)", "83.9", "90.7")]))


def test_a_row_label_abbreviated_with_periods_is_named_by_the_words_it_shortens():
    from verifier.engine.row_consistency import names_row
    from verifier.engine.table_rows import row_of

    single, ensemble = (row_of(p) for p in READERS[1:])
    facts = claim_facts("A single ProtoReader model trained with WikiQA reaches a test F1 of 90.7.")
    assert single is not None and ensemble is not None
    assert names_row(facts, single) and not names_row(facts, ensemble)
    assert names_row(claim_facts("The ProtoReader ensemble with WikiQA reaches a test F1 of 90.7."), ensemble)
    # a shortened word needs its period: "Sgl" alone is another word
    bare = row_of(rows("Table 4: Reading comprehension results. | Ours / ProtoReader (Sgl+WikiQA) | Test / F1: 88.6")[0])
    assert bare is not None and not names_row(facts, bare)


def test_the_named_row_joins_the_candidates_when_only_the_row_beside_it_was_retrieved():
    from verifier.embedding.embedders import HashingEmbedder
    from verifier.engine.retrieval import build_index
    from verifier.engine.scoring import named_rows

    index = build_index(READERS, HashingEmbedder())
    facts = claim_facts("A single ProtoReader model trained with WikiQA reaches a test F1 of 90.7.")
    assert named_rows(index, [(2,)], facts) == [(1,)]
    assert named_rows(index, [(1,), (2,)], facts) == []  # already a candidate
    assert named_rows(index, [], facts) == []  # no table among the candidates: nothing to search


def test_a_value_from_the_row_beside_the_named_one_verdicts():
    wrong, right = verdicts(READERS, "A single ProtoReader model trained with WikiQA reaches a test F1 of 90.7.",
                            "A single ProtoReader model trained with WikiQA reaches a test F1 of 88.6.")
    assert wrong.verdict == "contradicted" and "88.6" in wrong.explanation and "Sgl." in wrong.explanation
    assert right.verdict == "supported"


def test_a_candidate_that_names_only_other_measures_than_the_claim_is_marked():
    from verifier.embedding.embedders import HashingEmbedder
    from verifier.engine.features import compute_features
    from verifier.engine.retrieval import build_index, cosine_scores
    from verifier.engine.scoring import evidence_record, score_candidate

    texts = ["With the tagger added, the parser reaches an average F1 of 70.4 on the test set.",
             "With the tagger added, the parser reaches a precision of 70.4 on the test set.",
             "With the tagger added, the parser reaches 70.4 on the test set."]
    index = build_index([Passage(arxiv_id="2401.00001", page=2, text=t) for t in texts], HashingEmbedder())
    claim = "With the tagger added, the parser gains more precision than recall on the test set."
    facts = claim_facts(claim)
    cosines = cosine_scores(index, HashingEmbedder().embed([claim])[0])

    def differs(i: int) -> float:
        best = score_candidate(index, (i,), facts, claim, False, cosines)
        return compute_features(evidence_record(facts, [best], index))["measure_differs"]

    assert [differs(i) for i in range(3)] == [1.0, 0.0, 0.0]  # F1 only; precision too; no measure at all
