"""A name replaced by another of its kind in an otherwise matching statement is a name conflict, also when the
evidence sentence states less of the claim's topic than the other conflicts need (`EngineSettings.conflict_topic`);
sentences that only mention another name, or name both, are not (`verifier.engine.name_conflicts`)."""

from __future__ import annotations

import pytest

from papers.models import Passage
from verifier.engine.consistency import check, check_passages
from verifier.engine.decision import decide
from verifier.engine.engine_settings import DEFAULT_ENGINE, EngineSettings
from verifier.engine.entities import extract_entities, same_kind
from verifier.engine.facts import Consistency, claim_facts
from verifier.engine.name_conflicts import EntityConflict
from verifier.engine.scoring import Candidate, EvidenceRecord

RETRIEVER = "In every ablation on the benchmark collections, the retriever encodes queries with ColBERT before reranking."
SCORING = "Throughout our study of long news articles, summaries are scored against references using ROUGE-L."
ANNOTATION = "In the pilot study of clinical notes from both hospitals, annotators label spans with BRAT in 2 rounds."


@pytest.mark.parametrize(
    ("claim", "evidence", "names"),
    [
        (RETRIEVER, "The retriever encodes queries with SPLADE before reranking, as in prior systems.",
         ("ColBERT", "SPLADE")),
        (SCORING, "Summaries are scored against references using BERTScore.", ("ROUGE-L", "BERTScore")),
        (ANNOTATION, "Annotators label spans with WebAnno in 2 rounds.", ("BRAT", "WebAnno")),
    ],
)
def test_a_name_swapped_below_the_topic_threshold_conflicts(claim, evidence, names):
    result = check(claim_facts(claim), evidence)
    assert result.topic < DEFAULT_ENGINE.conflict_topic  # the sentence leaves out part of the claim's topic
    assert result.entity is not None
    assert (result.entity.claim, result.entity.evidence, result.entity.in_place) == (*names, True)
    assert result.conflict


def test_the_swap_is_found_in_a_passage_too():
    passage = Passage(arxiv_id="2401.00001", page=2, text="Summaries are scored against references using BERTScore.")
    result = check_passages(claim_facts(SCORING), [passage])
    assert result.entity is not None and result.entity.evidence == "BERTScore"


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        (RETRIEVER, "SPLADE was proposed as a sparse alternative for first-stage retrieval."),
        (RETRIEVER, "We compare with SPLADE, which encodes documents offline before reranking."),
        (RETRIEVER, "Queries are encoded with SPLADE for the first stage."),
        # the other name in the slot, but the phrase around it says more than the claim
        (RETRIEVER, "The retriever encodes queries with SPLADE and then distils them before reranking."),
        (SCORING, "BERTScore correlates better with human judgements than ROUGE-L."),
    ],
)
def test_an_unrelated_sentence_naming_another_model_is_no_conflict(claim, evidence):
    result = check(claim_facts(claim), evidence)
    assert result.entity is None and not result.conflict


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        (RETRIEVER, "The retriever encodes queries with ColBERT or SPLADE before reranking."),
        (RETRIEVER, "The retriever encodes queries with ColBERT; SPLADE encodes them before reranking."),
        (SCORING, "Summaries are scored against references using BERTScore and ROUGE-L."),
    ],
)
def test_a_passage_naming_both_names_is_no_conflict(claim, evidence):
    result = check(claim_facts(claim), evidence)
    assert result.entity is None and result.entities_found == 1


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        # a capitalised word in a model's slot
        (RETRIEVER, "The retriever encodes queries with Portuguese before reranking."),
        # a name written inside the claim's: a variant or an abbreviation of it, not surely another one
        ("In all of the ablations on the large benchmark collections, the retriever ranks passages with DPR first.",
         "The retriever ranks passages with mDPR first."),
    ],
)
def test_a_name_of_another_kind_or_a_variant_of_the_name_is_no_swap(claim, evidence):
    result = check(claim_facts(claim), evidence)
    assert result.topic < DEFAULT_ENGINE.conflict_topic
    assert result.entity is None


ENCODER = "In the frozen-feature named entity probe on newswire, token vectors from the encoder are fed to a randomly " \
    "initialized two-layer 512-wide Transformer before the tagger."


@pytest.mark.parametrize(("evidence", "swapped"), [
    # a sure name where the claim has a capitalised word, in a slot the aligned words around it pin down
    ("They go into a randomly initialized two-layer 512-wide BiGRU before the tagging layer.", True),
    ("They go into a two-layer BiGRU before the tagging layer.", False),  # too few words pin it down
])
def test_a_sure_name_in_the_slot_of_a_capitalised_word_needs_more_words_around_it(evidence, swapped):
    result = check(claim_facts(ENCODER), evidence)
    assert result.topic < DEFAULT_ENGINE.conflict_topic
    assert (result.entity is not None and result.entity.evidence == "BiGRU") == swapped
    assert check(claim_facts(ENCODER), evidence, settings=EngineSettings(shape_swap_anchor_words=9)).entity is None


def test_names_the_sentences_before_set_may_be_left_out_around_a_swap():
    claim = claim_facts("For the CoNLL shared-task probe on newswire text, ProbeNet token vectors from the frozen "
                        "encoder feed a randomly initialized two-layer 512-wide BiGRU before the tagger.")
    evidence = "They feed a randomly initialized two-layer 512-wide BiLSTM before the tagging layer."
    left_out = {"conll", "probenet"}  # what the paper and the sentences before are about
    assert check_passages(claim, [Passage(arxiv_id="2401.00001", page=2, text=evidence)]).entity is None
    found = check_passages(claim, [Passage(arxiv_id="2401.00001", page=2, text=evidence)], subjects=left_out)
    assert found.entity is not None and (found.entity.claim, found.entity.evidence) == ("BiGRU", "BiLSTM")


def test_a_different_number_blocks_the_name_swap():
    # the claim's count of rounds is not stated: the sentence describes another setting, not a swapped tool
    assert check(claim_facts(ANNOTATION), "Annotators label spans with WebAnno in 3 rounds.").entity is None


def test_names_of_one_kind():
    model, dataset, language = (extract_entities(f"We use {name} here.")[0] for name in ("mT5-XL", "SQuAD", "German"))
    assert same_kind(model, dataset)
    assert not same_kind(model, language)


def test_the_thresholds_live_in_the_engine_settings():
    evidence = "Summaries are scored against references using BERTScore."
    facts = claim_facts(SCORING)
    assert check(facts, evidence, settings=EngineSettings(anchored_swap_topic=0.9)).entity is None
    assert check(facts, evidence, settings=EngineSettings(swap_anchor_words=5)).entity is None
    # with the general gate lowered the sentence is read by the ordinary name check, which finds the same swap
    lowered = check(facts, evidence, settings=EngineSettings(conflict_topic=0.3))
    assert lowered.entity is not None and lowered.entity.evidence == "BERTScore"


# -- the verdict (verifier.engine.decision, rule `name_swapped_in_place`) -------------------------------------------
def _candidate(consistency: Consistency) -> Candidate:
    return Candidate((0,), "evidence", 0.6, 0.4, consistency, 0.3, 0.2)


def _decide(conflict: EntityConflict, best_names: int) -> str:
    facts = claim_facts(RETRIEVER)
    best = _candidate(Consistency(0.45, 0, best_names))
    swap = _candidate(Consistency(0.45, 0, 0, entity=conflict))
    record = EvidenceRecord(facts, best, swap, (best, swap))
    return decide(record, {"supported": 0.1, "contradicted": 0.3, "unsupported": 0.6}).verdict


def test_a_name_swapped_in_place_contradicts_only_when_no_source_states_the_claims_name():
    assert _decide(EntityConflict("ColBERT", "SPLADE", in_place=True), best_names=0) == "contradicted"
    # another passage states the claim's own name: the swap is about something else
    assert _decide(EntityConflict("ColBERT", "SPLADE", in_place=True), best_names=1) == "unsupported"
    # an ordinary name conflict is left to the model's features
    assert _decide(EntityConflict("ColBERT", "SPLADE"), best_names=0) == "unsupported"


# -- two names' numbers exchanged around a comparison (verifier.engine.name_conflicts.crossed_values) ----------------
MARGINS = "On HotpotQA, the Reader-XL model outperforms T5-Base by 12.4 EM and FiD by 3.1 EM."


@pytest.mark.parametrize(
    ("claim", "crossed"),
    [
        ("On HotpotQA, Reader-XL beats T5-Base by 3.1 EM, and its margin over FiD is 12.4 EM.", True),
        ("On HotpotQA, Reader-XL beats FiD by 12.4 EM and T5-Base by 3.1 EM.", True),
        ("On HotpotQA, Reader-XL beats T5-Base by 12.4 EM, and its margin over FiD is 3.1 EM.", False),  # as stated
        ("Reader-XL outperforms FiD by 3.1 EM on HotpotQA and T5-Base by 12.4 EM.", False),  # reordered, same pairs
    ],
)
def test_numbers_given_to_each_others_names_conflict(claim, crossed):
    entity = check(claim_facts(claim), MARGINS).entity
    assert (entity is not None) == crossed
    if crossed:
        assert entity.claim.startswith(("3.1", "12.4")) and "for" in entity.evidence


def test_numbers_after_other_names_without_a_comparison_are_not_read_as_crossed():
    # a true claim: each number stands after another name in the two sentences, but nothing compares the names
    evidence = "Tagger-L gets 86.3 on CTB-5 and 90.9 on PTB-WSJ."
    claim = "On PTB-WSJ, Tagger-L gets 90.9 while on CTB-5 it gets 86.3."
    assert check(claim_facts(claim), evidence).entity is None
    # nor when a comparison follows them: the compared names are the ones after the comparison word
    assert check(claim_facts(f"{claim[:-1]}, outperforming TnT."), f"{evidence[:-1]}, outperforming TnT.").entity is None

