"""Names, direction words and the consistency checks: pairs that must conflict and pairs that must not."""

from __future__ import annotations

import numpy as np
import pytest

from verifier.engine.consistency import check
from verifier.engine.entities import extract_entities, names_match, normal_form
from verifier.engine.facts import claim_facts
from verifier.engine.polarity import clauses, direction_conflict, direction_cues
from verifier.engine.table_rows import parse_table_row


# -- names --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("We use the pretrained XLM-R Large model (Conneau et al., 2020).", ["XLM-R Large"]),
        ("Training on SQuAD v2.0 and MNLI helps mBERT on Tatoeba.", ["SQuAD v2.0", "MNLI", "mBERT", "Tatoeba"]),
        ("RoBERTa-base and T5 reach 90 F1.", ["RoBERTa-base", "T5", "F1"]),
        ("The model improves. However, it is slow.", []),  # sentence-initial words are not names
    ],
)
def test_extracts_names(text, names):
    assert [e.text for e in extract_entities(text)] == names


def test_name_matching_allows_longer_forms_but_not_other_versions():
    assert names_match(normal_form("XLM-R"), normal_form("XLM-R Large"))
    assert names_match(normal_form("SQuAD"), normal_form("SQuAD v2.0"))
    assert not names_match(normal_form("XLM-R Large"), normal_form("XLM-R Base"))
    assert not names_match(normal_form("GPT"), normal_form("GPT2"))
    assert not names_match(normal_form("BERT"), normal_form("mBERT"))


@pytest.mark.parametrize("name, text, written", [
    ("QA", "results on extractive question answering and summarisation", True),
    ("NER", "a named-entity recognition benchmark", True),
    ("POS", "part-of-speech tagging accuracy", True),
    ("WSD", "the word sense disambiguation probe", True),
    ("QA", "question, answering", False),  # a comma breaks the run of words
    ("NLI", "natural language processing", False),
    ("NLI", "Natural language inference (NLI) is hard", True),
])
def test_an_acronym_is_mentioned_where_its_words_are_spelled_out(name, text, written):
    from verifier.engine.entities import mentioned, text_forms

    (entity,) = extract_entities(f"We report {name} scores.")
    assert mentioned(entity, text_forms(text)) is written


def test_a_spelled_out_acronym_lets_a_differing_count_conflict():
    facts = claim_facts("Adding the encoder helps on nine benchmark problems, including NER and QA.")
    evidence = ("Adding the encoder helps on seven benchmark problems, including named entity recognition and "
                "question answering.")
    found = check(facts, evidence)
    assert found.entities_found == len(facts.entities)
    assert found.number is not None and found.number.claim.text == "nine" and found.number.evidence.text == "seven"
    assert check(facts, evidence.replace("question answering", "summarisation")).number is None  # a name unstated


# -- direction words ----------------------------------------------------------------------------------------------
def test_negation_flips_the_sign():
    (cue,) = direction_cues("XNLI does not see benefits from training")
    assert cue.sign == -1 and cue.negated
    (cue,) = direction_cues("not only faster but it improves accuracy")[:1]
    assert cue.word == "faster" or cue.sign == 1


@pytest.mark.parametrize(
    ("claim", "evidence", "words"),
    [
        ("Intermediate training on SQuAD improves XNLI.", "Intermediate training on SQuAD hurts XNLI.", ("improves", "hurts")),
        ("XNLI sees benefits from intermediate training.", "XNLI does not see benefits from intermediate training.",
         ("benefits", "benefits")),
        ("Accuracy increases with model size.", "Accuracy decreases with model size.", ("increases", "decreases")),
        ("English tasks outperform translated data.", "Translated data outperforms English tasks.",
         ("outperform", "outperforms")),
        ("ANLI+ outperforms MNLI despite its size.", "ANLI+ trails MNLI despite its size.", ("outperforms", "trails")),
        ("Adding data decreases their accuracy by 4 points.", "Adding data improves their accuracy by 4 points.",
         ("decreases", "improves")),
        ("Full fine-tuning is slightly worse on Swahili.", "Full fine-tuning remains slightly better on Swahili.",
         ("worse", "better")),
        ("On the noisy split, dropout is better regularised than weight decay.",
         "On the noisy split, dropout is worse regularised than weight decay.", ("better", "worse")),
    ],
)
def test_reversed_directions_conflict(claim, evidence, words):
    conflict = direction_conflict(claim, evidence)
    assert conflict is not None
    assert (conflict.claim_word, conflict.evidence_word) == words


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        ("The method reduces the error rate.", "The method improves accuracy."),  # different families, different objects
        ("English tasks outperform translated data.", "Translated data trails English tasks."),  # same meaning
        ("XNLI does not see benefits from training.",
         "TyDiQA shows consistent improvements, whereas XNLI does not see benefits from training."),
        ("Stacked adapters improve F1 by 4.6 points.", "Stacked adapters improve F1 by 4.6 points over fine-tuning."),
        ("Pruning speeds up inference.", "The weather was worse than last year."),  # unrelated clauses
        # the sides exchanged under a setting both share: the setting is no side of the comparison
        ("On the noisy split, dropout is better regularised than weight decay.",
         "On the noisy split, weight decay is worse regularised than dropout."),
        ("After pruning, small students are less accurate than large teachers.",
         "After pruning, large teachers are more accurate than small students."),
    ],
)
def test_agreeing_or_unrelated_directions_do_not_conflict(claim, evidence):
    assert direction_conflict(claim, evidence) is None


# Several cues of one family in a clause: each is compared with the evidence cue about the same word (its anchor),
# so "more wrong labels" meets "fewer wrong labels" rather than "larger teachers".
@pytest.mark.parametrize(
    ("claim", "evidence", "words"),
    [
        ("Larger teacher models produce more wrong pseudo-labels.", "Larger teachers produce fewer wrong pseudo-labels.",
         ("more", "fewer")),
        ("Lower layers lose more heads than higher layers.", "Higher layers lose more heads than lower layers.",
         ("lower", "higher")),
        ("Calibration error decreases when the confidence threshold falls.",
         "Calibration error rises when the confidence threshold falls.", ("decreases", "rises")),
        ("A higher confidence threshold yields more pseudo-labels but improves their precision.",
         "A higher confidence threshold yields fewer pseudo-labels but improves their precision.", ("more", "fewer")),
        ("A higher threshold yields fewer labels but hurts their precision.",
         "A higher threshold yields fewer labels but improves their precision.", ("hurts", "improves")),
    ],
)
def test_cues_about_the_same_word_conflict(claim, evidence, words):
    conflict = direction_conflict(claim, evidence)
    assert conflict is not None
    assert (conflict.claim_word, conflict.evidence_word) == words


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        ("Larger teacher models produce fewer wrong pseudo-labels.", "Larger teachers produce fewer wrong pseudo-labels."),
        ("Heads in higher layers are pruned more than heads in lower layers.",
         "Higher layers lose more heads than lower layers."),  # reordered paraphrase
        ("Calibration error increases when the confidence threshold decreases.",
         "Calibration error rises when the confidence threshold falls."),
        ("A higher confidence threshold gives fewer pseudo-labels but raises their precision.",
         "A higher confidence threshold yields fewer pseudo-labels but improves their precision."),
    ],
)
def test_cues_about_the_same_word_agreeing_do_not_conflict(claim, evidence):
    assert direction_conflict(claim, evidence) is None


def test_before_and_after_an_intervention_oppose_only_in_matching_clauses():
    evidence = ("Before temperature scaling, self-training is worse calibrated than consistency regularisation, whereas "
                "after scaling the two methods have similar calibration error.")
    conflict = direction_conflict(
        "After temperature scaling, self-training is worse calibrated than consistency regularisation.", evidence)
    assert conflict is not None and (conflict.claim_word, conflict.evidence_word) == ("after", "before")
    assert direction_conflict(
        "Self-training is worse calibrated than consistency regularisation before temperature scaling.", evidence) is None
    assert direction_conflict("After scaling the two methods have similar calibration error.", evidence) is None
    # A clause that mostly says something else: "before" and "after" are too common to oppose there.
    assert direction_conflict("Accuracy is measured after pruning the attention heads.",
                              "Accuracy is measured before pruning.") is None


def test_while_without_comma_separates_clauses():
    evidence = "Back-translation augmentation helps HWU64, while it hurts BANKING77."
    assert direction_conflict("Back-translation augmentation benefits HWU64 while it harms BANKING77.", evidence) is None
    conflict = direction_conflict("Back-translation augmentation hurts HWU64 while it helps BANKING77.", evidence)
    assert conflict is not None and (conflict.claim_word, conflict.evidence_word) == ("hurts", "helps")
    # `while` before a gerund joins no clause: "keeps ... while running faster" stays one clause.
    assert clauses("The model keeps 98% of the accuracy while running 2.6 times faster.") == [
        "The model keeps 98% of the accuracy while running 2.6 times faster."]


# -- numbers and names in text ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("claim", "evidence", "values"),
    [
        ("Stacked adapters improve F1 on Kinyarwanda by 7.9 points.",
         "The largest gain is on Kinyarwanda, where stacked adapters improve F1 by 9.7 points.", ("7.9 points", "9.7 points")),
        ("SST-2 hurts all three target tasks, with the largest drop of 2.8 points on MLQA.",
         "SST-2 hurts all three target tasks, with the largest drop of 1.8 points on MLQA.", ("2.8 points", "1.8 points")),
        ("On SciFact, the error falls from 0.182 to 0.074.", "On SciFact, the error falls from 0.182 to 0.047.",
         ("0.074", "0.047")),
        ("The retriever returns the twenty most similar abstracts.", "The retriever returns the ten most similar abstracts.",
         ("twenty", "ten")),
        # a number word hyphenated to what it counts is a count ("four-layer"), compared with "6-layer"
        ("The tagger stacks a four-layer bidirectional GRU over the embeddings.",
         "The tagger stacks a 6-layer bidirectional GRU over the embeddings.", ("a four", "6")),
    ],
)
def test_changed_numbers_conflict(claim, evidence, values):
    result = check(claim_facts(claim), evidence)
    assert result.number is not None
    assert (result.number.claim.text, result.number.evidence.text) == values


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        ("SciFact contains 1,409 claims.", "We use three datasets of claims; SciFact contains expert-written claims."),  # magnitude
        ("At 50% sparsity the model runs 1.8 times faster.", "At 90% sparsity the model runs 5.1 times faster."),  # setting differs
        ("PAWS has 49,401 training examples.", "ANLI+ is the largest task at 1,104,934 training examples."),  # other name
        ("LASER has 5 layers and 88.9 F1.", "LASER has 5 layers and 88.9 F1 on BUCC."),  # same numbers
    ],
)
def test_numbers_about_something_else_do_not_conflict(claim, evidence):
    assert check(claim_facts(claim), evidence).number is None


@pytest.mark.parametrize(
    ("claim", "evidence", "names"),
    [
        ("We use mBERT as the main encoder because its size allows many runs.",
         "We use XLM-R Base as the main encoder because its size allows many runs.", ("mBERT", "XLM-R Base")),
        ("The task adapter is trained on the English OntoNotes data for 10 epochs.",
         "The task adapter is trained on the English CoNLL-2003 data for 10 epochs.", ("OntoNotes", "CoNLL-2003")),
    ],
)
def test_swapped_names_conflict(claim, evidence, names):
    result = check(claim_facts(claim), evidence)
    assert result.entity is not None
    assert (result.entity.claim, result.entity.evidence) == names


def test_names_in_exchanged_roles_conflict_but_reordering_does_not():
    facts = claim_facts("We prune RoBERTa rather than BERT-base for speed.")
    assert check(facts, "We prune BERT-base rather than RoBERTa for speed.").entity is not None
    facts = claim_facts("XLM-R outperforms mBERT on XNLI.")
    assert check(facts, "On XNLI, XLM-R outperforms mBERT by five points.").entity is None


def test_extra_names_in_a_longer_sentence_do_not_conflict():
    facts = claim_facts("SQuAD improves the average F1 by 3.9 points.")
    result = check(facts, "SQuAD improves the average F1 on XQuAD, MLQA and TyDiQA by 3.9 points.")
    assert not result.conflict
    assert result.quantities_found == 1 and result.entities_found == 2  # SQuAD and F1


# -- table rows ---------------------------------------------------------------------------------------------------
ROW = "Table 1: Intermediate tasks and their training set sizes. | MNLI | Train: 392,702 | Dev: 9,815 | Type: NLI"


def test_parses_table_rows():
    row = parse_table_row(ROW)
    assert row.number == "1" and row.label == "MNLI"
    assert [(c.header, c.value) for c in row.cells] == [("Train", "392,702"), ("Dev", "9,815"), ("Type", "NLI")]
    assert parse_table_row("A plain sentence.") is None


def test_table_row_supports_the_number_it_holds():
    result = check(claim_facts("MNLI has 392,702 training examples."), ROW)
    assert not result.conflict and result.quantities_found == 1 and result.entities_found == 1


def test_table_row_contradicts_another_number_and_names_the_cell():
    result = check(claim_facts("The MNLI intermediate task contains 393,702 training examples."), ROW)
    assert result.number is not None
    assert result.number.evidence.text == "392,702"
    assert "Table 1, row MNLI, column Train" == result.number.context


def test_number_from_another_row_is_a_swapped_name():
    other = ROW.replace("| MNLI |", "| ANLI+ |")
    result = check(claim_facts("The MNLI intermediate task contains 392,702 training examples."), other)
    assert result.entity is not None and (result.entity.claim, result.entity.evidence) == ("MNLI", "ANLI+")


def test_table_row_of_another_measure_does_not_conflict():
    results = "Table 3: Change in F1 over the baseline. | MNLI | XQuAD: +1.0 | MLQA: +0.6 | TyDiQA: +2.4"
    assert check(claim_facts("The MNLI intermediate task contains 392,702 training examples."), results).number is None


def test_abbreviated_column_headers_name_the_claim():
    row = "Table 2: F1 on WikiANN. | Stacked adapters | am: 36.0 | ig: 61.7 | rw: 60.3 | Avg: 58.4"
    supported = check(claim_facts("Stacked adapters obtain an F1 of 61.7 on Igbo."), row)
    assert not supported.conflict and supported.quantities_found == 1 and supported.entities_found == 2
    changed = check(claim_facts("Stacked adapters reach an average F1 of 59.4."), row)
    assert changed.number is not None and changed.number.evidence.text == "58.4"


# -- numbers bound to their names -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("claim", "evidence", "found"),
    [
        # The number belongs to another name written nearer to it in the same sentence: not the claim's number.
        ("QNLI contains 104,743 training examples.",
         "GLUE+ merges QNLI with the RTE and WNLI sets, reaching 104,743 examples in total.", 0),
        ("QNLI contains 104,743 training examples.", "QNLI contains 104,743 training examples drawn from SQuAD.", 1),
        ("QNLI contains 104,743 training examples.", "With 104,743 training examples, QNLI is the largest set.", 1),
        # A number in the next sentence belongs to that sentence's name.
        ("QNLI contains 104,743 training examples.", "We also use QNLI. RTE, in contrast, has 104,743 examples.", 0),
        ("The model reaches 91.2 accuracy.", "Our model reaches 91.2 accuracy on QNLI.", 1),  # the claim names nothing
    ],
)
def test_a_number_supports_a_claim_only_when_bound_to_its_name(claim, evidence, found):
    assert check(claim_facts(claim), evidence).quantities_found == found


def test_a_table_row_of_the_claims_name_with_another_number_conflicts():
    facts = claim_facts("QNLI contains 104,743 training examples.")
    result = check(facts, "Table 1: Training set sizes. | QNLI | Train: 108,436 | Dev: 5,732")
    assert result.number is not None and result.number.evidence.text == "108,436"


@pytest.mark.parametrize(
    ("claim", "evidence", "conflict"),
    [
        ("IFI16 inhibits STING phosphorylation in macrophages.", "IFI16 promotes STING phosphorylation in macrophages.", True),
        ("Statin use is unrelated to hip fracture risk.", "Statin use is associated with hip fracture risk.", True),
        ("IFI16 activates STING phosphorylation in macrophages.", "IFI16 promotes STING phosphorylation in macrophages.", False),
        ("Statin use is associated with hip fracture risk.", "Statin use is linked to hip fracture risk.", False),
    ],
)
def test_biomedical_direction_words(claim, evidence, conflict):
    assert (direction_conflict(claim, evidence) is not None) == conflict


@pytest.mark.parametrize("word, stemmed", [("sees", "see"), ("see", "see"), ("uses", "use"), ("runs", "run"),
                                           ("bias", "bias"), ("loss", "loss"), ("improves", "improv")])
def test_stem_strips_the_s_of_short_verbs_and_plurals(word, stemmed):
    from grammar.lexicon import stem

    assert stem(word) == stemmed


def test_negated_evidence_with_another_verb_form_is_a_direction_conflict():
    facts = claim_facts("XNLI sees large benefits from intermediate training.")
    result = check(facts, "XNLI does not see benefits from intermediate training.")
    assert result.direction is not None and result.direction.evidence_negated
    assert result.topic >= 0.6  # `sees` and `see` are one word to the topic overlap


def test_numbers_of_figures_and_references_are_no_evidence():
    from papers.models import Passage
    from verifier.engine.consistency import check_passages

    facts = claim_facts("The ablation lowers XNLI accuracy by 3.1 points.")
    sentence = "The ablation lowers XNLI accuracy by 2.4 points."
    assert check_passages(facts, [Passage(arxiv_id="2401.00001", page=3, text=sentence)]).number is not None
    for kind in ("figure", "reference", "footnote"):
        result = check_passages(facts, [Passage(arxiv_id="2401.00001", page=3, kind=kind, text=sentence)])
        assert result.number is None and result.quantities_found == 0


def test_hedged_claims_are_marked():
    assert claim_facts("Intermediate training may help XNLI.").hedged
    assert not claim_facts("Intermediate training helps XNLI.").hedged


# -- what a number measures, and the names a paper leaves to the reader ----------------------------------------------
def test_a_number_led_up_to_by_the_same_words_is_the_same_quantity_though_another_name_stands_nearer():
    facts = claim_facts("On WikiText the validation perplexity of the adapter is 21.4.")
    evidence = "On WikiText the validation perplexity of the adapter is 24.1, against 19.8 for GPT-2 Medium."
    result = check(facts, evidence)
    assert result.number is not None
    assert (result.number.claim.text, result.number.evidence.text) == ("21.4", "24.1")
    # the same words do not lead up to GPT-2 Medium's number: it is no value of the claim's quantity
    assert check(claim_facts("On WikiText the validation perplexity is 21.4."),
                 "On WikiText, GPT-2 Medium reaches 19.8 after pruning.").number is None


def test_counts_of_types_are_counts_of_classes():
    result = check(claim_facts("Each utterance of the corpus is tagged with six different dialogue act types."),
                   "Each utterance of the corpus is tagged with nine different dialogue act types (INFORM, REQUEST).")
    assert result.number is not None
    assert (result.number.claim.text, result.number.evidence.text) == ("six", "nine")


def test_a_name_the_paper_is_about_may_be_left_out_of_a_contradicting_sentence():
    from papers.models import Passage
    from verifier.engine.consistency import check_passages

    facts = claim_facts("ProtoNet reaches a macro-F1 of 71.3 on the held-out intents.")
    sentence = [Passage(arxiv_id="2101.00001", page=4, text="On the held-out intents the macro-F1 is 73.1.")]
    assert check_passages(facts, sentence).number is None  # another model's figure, for all this sentence says
    result = check_passages(facts, sentence, subjects={"protonet"})
    assert result.number is not None and result.number.evidence.text == "73.1"
    assert result.entities_found == len(facts.entities) - 1  # the name is still not stated there
    # a sentence that names another model in its place still swaps the name
    swapped = [Passage(arxiv_id="2101.00001", page=4, text="MatchNet reaches a macro-F1 of 71.3 on the held-out intents.")]
    assert check_passages(facts, swapped, subjects={"protonet"}).entity is not None
    # a sentence that leaves the name out and writes another sure name elsewhere (a setting, not the model) does not
    facts = claim_facts("ProtoNet is trained with AdamW at a 3e-4 learning rate, warming up over the first 500 steps.")
    setting = [Passage(arxiv_id="2101.00001", page=9, text="We train with AdamW at a learning rate of 3e-4, L2 weight "
                                                           "decay of 0.01, and warming up over the first 500 steps.")]
    assert check_passages(facts, setting).entity is not None  # a name the paper is not about: read as replaced
    assert check_passages(facts, setting, subjects={"protonet"}).entity is None


def test_a_sentence_may_leave_out_the_name_the_sentences_before_it_set():
    """A paragraph names its dataset once ("On SQuAD, ...") and its later sentences leave it out: a differing number
    there still conflicts, when the name is written within `context_passages` sentences before, in the same
    section; not in another section, not farther back, not with the context off."""
    from papers.models import Passage
    from verifier.embedding.embedders import HashingEmbedder
    from verifier.engine.engine_settings import DEFAULT_ENGINE, EngineSettings
    from verifier.engine.retrieval import build_index
    from verifier.engine.scoring import context_names, score_candidate

    def paper(section_of_lead: str, filler: int = 1) -> list[Passage]:
        lead = Passage(arxiv_id="2101.00002", page=3, section=section_of_lead,
                       text="Question answering. We evaluate on the SQuAD benchmark of crowd-sourced questions.")
        middle = [Passage(arxiv_id="2101.00002", page=3, section="Evaluation",
                          text=f"The baseline model adds a self-attention layer, variant {chr(65 + k)}.")
                  for k in range(filler)]
        last = Passage(arxiv_id="2101.00002", page=3, section="Evaluation",
                       text="An 11 member ensemble of ProtoReader pushes test F1 to 87.4 at submission time.")
        return [lead, *middle, last]

    claim = "A 5 member ensemble of ProtoReader on SQuAD pushes test F1 to 87.4 at submission time."
    facts = claim_facts(claim)

    def conflict(passages: list[Passage], settings: EngineSettings = DEFAULT_ENGINE) -> object:
        index = build_index(passages, HashingEmbedder())
        cosines = np.zeros(len(passages), dtype=np.float32)
        last = len(passages) - 1
        assert context_names(index, last, facts, settings) <= {"squad"}
        return score_candidate(index, (last,), facts, claim, False, cosines, settings).consistency.number

    found = conflict(paper("Evaluation"))
    assert found is not None and found.claim.text == "5" and found.evidence.text == "11"
    assert conflict(paper("Evaluation", filler=3)) is not None  # four sentences back: still the paragraph
    assert conflict(paper("Evaluation", filler=4)) is None  # five back: out of reach
    assert conflict(paper("Related work")) is None  # set in another section
    assert conflict(paper("Evaluation"), EngineSettings(context_passages=0)) is None


def test_the_names_a_paper_is_about_are_the_sure_names_most_of_its_sentences_mention():
    from verifier.engine.entities import subject_names

    texts = [f"ProtoNet is trained for {i} steps on Banking77." if i % 3 == 0 else f"Sentence {i} mentions nothing."
             for i in range(40)] + ["We compare with BERT and Banking77 here."]
    assert subject_names(texts, share=0.15, least=8, most=2) == {"protonet", "banking77"}
    assert subject_names(texts, share=0.15, least=8, most=1) == {"banking77"}  # in one more sentence than ProtoNet
    assert subject_names(texts[:6], share=0.15, least=8, most=2) == frozenset()  # too short a source to tell
    assert subject_names(["The Model is Good at English."] * 20, share=0.15, least=8, most=2) == frozenset()


def test_numbers_a_sentence_shares_with_the_claim_anchor_a_replaced_one_of_the_same_kind():
    from verifier.engine.engine_settings import EngineSettings

    claim = claim_facts("Trained on 2% of the parsing data, the tagged model equals a baseline that sees 40% of it.")
    evidence = "With 2% of the parsing data the tagged model is as accurate as the baseline given 20% of the data."
    below = EngineSettings(conflict_topic=0.99)  # the sentence covers less of the claim than a plain conflict needs
    found = check(claim, evidence, settings=below)
    assert found.topic >= below.anchored_number_topic
    assert found.number is not None and (found.number.claim.text, found.number.evidence.text) == ("40%", "20%")
    assert check(claim, evidence, settings=below.model_copy(update={"anchored_number_topic": 0.99})).number is None
    # a number of another kind, or no shared number to anchor it, is no replacement
    assert check(claim, evidence.replace("20% of the data", "20 epochs"), settings=below).number is None
    assert check(claim, evidence.replace("With 2%", "With 3%"), settings=below).number is None


def test_a_row_holding_one_side_of_a_stated_change_gives_no_other_value_for_the_other():
    row = "Table 4: Ablations on dev. | Full model | RTE (Acc): 71.3 | MRPC (Acc): 70.1 | STS-B: 88.1"
    change = claim_facts("Removing the pairing loss hurts the full model on RTE (accuracy falls from 71.3 to 70.8).")
    assert check(change, row).number is None  # 70.8 is the ablated row's value, not a misread 70.1
    # a claim stating both values itself, or one value alone, is still read against this row's cells
    for claim in ("The full model reaches 71.3 on RTE and 70.8 on MRPC.", "The full model reaches 72.3 on RTE."):
        result = check(claim_facts(claim), row)
        assert result.number is not None, claim


@pytest.mark.parametrize(("claim", "conflicts"), [
    ("Adding the parser gives a 7.4% relative error reduction on the Full model's F1.", False),  # a change's size
    ("Adding the parser gives the Full model a 3.9 point gain in F1.", False),
    ("The Full model reaches an F1 of 74.9.", True),  # a score: the cell's other value conflicts
])
def test_the_size_of_a_change_is_no_reading_of_a_cell_that_holds_a_score(claim, conflicts):
    row = "Table 6: Parsing results on the test set. | Full model | F1: 71.5"
    assert (check(claim_facts(claim), row).number is not None) == conflicts
    if not conflicts:  # a cell of gains holds the change: its other value conflicts
        signed = "Table 6: Gains over the baseline on the test set. | Full model | F1: +7.9"
        assert check(claim_facts(claim), signed).number is not None
