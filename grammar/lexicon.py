"""The one lexicon of the project: the word lists every reader of claims and papers shares, and the one tokenizer
and stemmer that read words.

A leaf module: it imports nothing of the project, so `claims`, `papers` and `verifier` may all use it.

- `tokens`, `token_matches`, `stem`: how a text is cut into words and numbers, and how a word is reduced to a stem.
- `DIRECTIONS`: direction words (improve/hurt, outperform/trail, increase/decrease, higher/lower, before/after, ...)
  with their family, polarity (+1/-1) and grade; every inflection of a verb is listed, so "surpasses", "surpassed"
  and "surpassing" read alike.
- `NEGATIONS`, `HEDGES`, `APPROXIMATIONS`: words that negate, soften or loosen what follows.
- `MONTHS`: month names and abbreviations to their number (for dates, and for years read as dates).
- `NUMBER_WORDS`, `MULTIPLIERS`, `SCALES`: numbers written as words.
- `QUANTITY_KINDS`: the nouns that say what a count measures (examples, epochs, languages, tasks, parameters, ...);
  `SETTING_NAMES`: the settings a value is written after ("batch size 64"); `PHRASE_JOINS`: words that end a phrase.
- `LOWER_IS_BETTER`, `HIGHER_IS_BETTER`, `measure_direction`: which measures are better when smaller.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

# -- the tokenizer ----------------------------------------------------------------------------------------------------
TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-+'.][A-Za-z0-9]+)*\+?|\d+(?:[.,]\d+)*(?:%|[kKMB]\b)?|[|.!?;:()\[\],]")
"""A word (inner hyphens, apostrophes, dots and a trailing `+` stay: `xlm-r`, `gpt-2`, `anli+`, `e.g`), a number
(`130,319`, `5.4`, `85%`, `250k`, `1.1M`), or one punctuation mark that matters to a reader (`|` separates table cells)."""
PUNCTUATION = frozenset("|.!?;:()[],")


def token_matches(text: str) -> Iterator[re.Match]:
    """Every token of `text` with its span, punctuation included, case kept."""
    return TOKEN.finditer(text)


def tokens(text: str, punctuation: str = "") -> list[str]:
    """Lower-cased word and number tokens of `text`; the punctuation marks in `punctuation` are kept as tokens."""
    return list(_tokens(text, punctuation))


@functools.lru_cache(maxsize=1 << 16)
def _tokens(text: str, punctuation: str) -> tuple[str, ...]:
    # the same passage is tokenized for every claim it is a candidate of: cache the pure result
    return tuple(m.group(0).lower() for m in TOKEN.finditer(text)
                 if m.group(0) not in PUNCTUATION or m.group(0) in punctuation)


STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be been before being below between both but
    by can could did do does doing during each either few for from further had has have having he her here hers him his
    how i if in into is it its itself just may me might more most much must my no nor not of off on once only or other
    our ours out over own per same she should so some such than that the their them then there these they this those
    through thus to too under until up upon very via was we were what when where whereas which while who whom why will
    with within without would yet you your its whose one ones et al e.g i.e use used using show shows shown find found
    report reports reported study studies paper work approach result results""".split()
)
_SUFFIXES = ("ational", "ations", "ation", "ments", "ment", "ness", "ings", "ing", "ities", "ity", "ies", "ied",
             "ers", "er", "ed", "es", "s", "ly")
_KEEP_S = ("ss", "us", "is", "as", "os")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stemmer: strips one common English suffix from words longer than four letters (`improves` -> `improv`),
    and the plural or third-person `s` of four-letter words (`sees` -> `see`, `uses` -> `use`, not `bias`). A
    hyphenated word is stemmed on its last part (`fine-tunes` -> `fine-tune`)."""
    head, hyphen, last = word.rpartition("-")
    if hyphen and head and last.isalpha() and len(last) > 3:
        return f"{head}-{stem(last)}"
    if not word.isalpha():
        return word.replace("'s", "")
    if len(word) <= 4:
        return word[:-1] if len(word) == 4 and word.endswith("s") and not word.endswith(_KEEP_S) else word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


# -- direction words --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Direction:
    """What a direction word says: its family (only words of one family oppose each other), its polarity, its grade
    (`verb`, `noun`, `base`, `comparative`, `superlative`) and, for degree words, whether it grades quality (`better`)
    or size (`higher`)."""

    family: str
    sign: int
    grade: str
    scale: str = ""  # quality | size, for degree words
    axis: str = ""  # for size words, what grows: count (many/few), extent (large/small), level (high/low),
    #                 amount (much/little); "" opposes any axis (more/less, greater)


_IRREGULAR = {"hurt": ("hurt",), "rise": ("rose", "risen"), "grow": ("grew", "grown"), "fall": ("fell", "fallen"), "beat": ("beat", "beaten"),
              "shrink": ("shrank", "shrunk"), "lose": ("lost",)}


def inflections(verb: str) -> list[str]:
    """`verb` and its -s, -ed and -ing forms (`lag` -> lags, lagged, lagging; `reduce` -> reduces, reduced, reducing)."""
    if verb in _IRREGULAR:
        past = list(_IRREGULAR[verb])
    elif verb.endswith("e"):
        past = [verb + "d"]
    elif verb.endswith("y") and verb[-2:-1] not in "aeiou":
        past = [verb[:-1] + "ied"]
    elif re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", verb):
        past = [verb + verb[-1] + "ed"]  # one short syllable: lag -> lagged, drop -> dropped
    else:
        past = [verb + "ed"]
    third = verb[:-1] + "ies" if verb.endswith("y") and verb[-2:-1] not in "aeiou" else \
        verb + "es" if verb.endswith(("s", "sh", "ch", "x", "z")) else verb + "s"
    ing = verb[:-1] + "ing" if verb.endswith("e") and not verb.endswith("ee") else \
        verb + verb[-1] + "ing" if past[0] == verb + verb[-1] + "ed" else verb + "ing"
    return [verb, third, *past, ing]


_VERBS: dict[tuple[str, int], str] = {
    ("effect", +1): "improve help benefit boost enhance strengthen",
    ("effect", -1): "hurt harm degrade worsen impair deteriorate weaken",
    ("comparison", +1): "outperform exceed surpass beat outscore",
    ("comparison", -1): "underperform trail lag",
    ("amount", +1): "increase rise grow gain raise",
    ("amount", -1): "decrease reduce fall drop decline shrink lose lower",
    ("regulation", +1): "activate induce promote stimulate upregulate up-regulate",
    ("regulation", -1): "inhibit suppress block prevent downregulate down-regulate repress attenuate impede",
}
_OTHERS: dict[tuple[str, int, str], str] = {
    ("effect", +1, "noun"): "improvement improvements benefits helpful beneficial",
    ("effect", -1, "noun"): "harmful degradation",
    ("comparison", +1, "noun"): "superior",
    ("comparison", -1, "noun"): "inferior",
    ("amount", +1, "noun"): "growth",
    ("amount", -1, "noun"): "reduction",
    ("regulation", +1, "noun"): "activation induction upregulation positively",
    ("regulation", -1, "noun"): "inhibition suppression downregulation negatively inversely",
    ("relation", +1, "noun"): "associated association correlated correlates correlation linked related",
    ("relation", -1, "noun"): "unrelated uncorrelated unassociated independent",
    ("phase", +1, "noun"): "after",
    ("phase", -1, "noun"): "before",
}
_DEGREES: dict[tuple[int, str, str], str] = {
    (+1, "base", "size"): "high large much many",
    (-1, "base", "size"): "low small little few",
    (+1, "comparative", "size"): "higher larger greater more",
    (-1, "comparative", "size"): "lower smaller less fewer",
    (+1, "superlative", "size"): "highest largest most greatest maximum",
    (-1, "superlative", "size"): "lowest smallest least fewest minimum",
    (+1, "comparative", "quality"): "better stronger",
    (-1, "comparative", "quality"): "worse weaker",
    (+1, "superlative", "quality"): "best strongest top",
    (-1, "superlative", "quality"): "worst weakest",
}


_AXES = {**dict.fromkeys("many few fewer fewest".split(), "count"),
          **dict.fromkeys("large small larger smaller largest smallest".split(), "extent"),
          **dict.fromkeys("high low higher lower highest lowest".split(), "level"),
          **dict.fromkeys("much little".split(), "amount")}


def _directions() -> dict[str, Direction]:
    table: dict[str, Direction] = {}
    for (family, sign), verbs in _VERBS.items():
        for verb in verbs.split():
            for form in inflections(verb):
                table.setdefault(form, Direction(family, sign, "verb"))
    for (family, sign, grade), words in _OTHERS.items():
        for word in words.split():
            table.setdefault(word, Direction(family, sign, grade))
    for (sign, grade, scale), words in _DEGREES.items():
        for word in words.split():
            table[word] = Direction("degree", sign, grade, scale, _AXES.get(word, ""))  # `lower`: the adjective
    return table


DIRECTIONS: dict[str, Direction] = _directions()
"""Every direction word, lower case, to what it says."""

_OPPOSITE_VERBS = ("improve hurt", "help hurt", "benefit hurt", "boost hurt", "enhance degrade", "strengthen weaken",
                   "worsen improve", "harm help", "degrade improve", "impair improve", "deteriorate improve",
                   "outperform underperform", "exceed trail", "surpass trail", "beat trail", "outscore trail",
                   "increase decrease", "rise fall", "grow shrink", "gain lose", "raise lower", "reduce increase",
                   "drop rise", "decline rise", "activate inhibit", "induce suppress", "promote inhibit",
                   "stimulate inhibit", "upregulate downregulate", "up-regulate down-regulate", "block promote",
                   "prevent induce", "repress activate", "attenuate promote", "impede promote", "lag exceed")
_OPPOSITE_WORDS = ("higher lower", "larger smaller", "greater smaller", "more fewer", "less more", "better worse",
                   "stronger weaker", "best worst", "strongest weakest", "highest lowest", "largest smallest",
                   "most fewest", "least most", "maximum minimum", "top worst", "high low", "large small",
                   "many few", "much little", "after before", "superior inferior", "improvement degradation",
                   "improvements degradation", "growth reduction", "associated unrelated", "correlated uncorrelated",
                   "helpful harmful", "beneficial harmful", "positively negatively", "activation inhibition",
                   "induction suppression", "upregulation downregulation", "linked unrelated", "related unrelated",
                   "association independent", "greatest smallest")


def _forms(verb: str) -> dict[str, list[str]]:
    """`inflections(verb)` by role: base, third person, past forms, gerund."""
    every = inflections(verb)
    return {"base": every[:1], "third": every[1:2], "past": every[2:-1], "ing": every[-1:]}


def _opposites() -> dict[str, str]:
    table: dict[str, str] = {}
    for pair in _OPPOSITE_WORDS:  # first: `lower` the adjective is opposite to `higher`, not to `raise`
        a, b = pair.split()
        table.setdefault(a, b)
        table.setdefault(b, a)
    for pair in _OPPOSITE_VERBS:
        for a, b in (pair.split(), pair.split()[::-1]):
            forms_a, forms_b = _forms(a), _forms(b)
            for role, words in forms_a.items():
                for word in words:
                    table.setdefault(word, forms_b[role][0])
    return table


OPPOSITES: dict[str, str] = _opposites()
"""A direction word's natural opposite, in the same form ("increases" -> "decreases", "lagged" -> ...)."""


def opposite(word: str) -> str | None:
    """The opposite of a direction word, keeping its capital ("Improves" -> "Hurts"), or None."""
    found = OPPOSITES.get(word.lower())
    if found is None or DIRECTIONS.get(found) is None:
        return None
    return found.capitalize() if word[:1].isupper() else found


NEGATIONS = frozenset("not no never cannot neither nor without fail fails failed unable none nothing hardly barely "
                      "lack lacks lacked".split())
"""Words that reverse what follows them (with any word ending in `n't`)."""


REMOVALS = frozenset("remove removes removed removing dropped dropping without ablate ablates ablated ablating exclude "
                     "excludes excluded excluding discard discards discarded discarding".split())
"""Words that take a part away ("removing X", "without X"; and `removal of`). Not `drop` or `drops`: those are
directions ("an accuracy drop")."""


def is_negation(word: str) -> bool:
    return word in NEGATIONS or word.endswith("n't")


HEDGES = frozenset("may might could can possibly perhaps likely unlikely probably seem seems seemed appear appears "
                   "appeared suggest suggests suggested indicate indicates indicated potentially somewhat partly "
                   "arguably presumably".split())
"""Words that soften a statement ("may improve", "suggests that")."""

APPROXIMATIONS: dict[str, str] = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "nearly": "about",
    "almost": "about", "circa": "about", "~": "about", "≈": "about", "some": "about",
    "up to": "at most", "at most": "at most", "under": "at most", "below": "at most", "less than": "at most",
    "fewer than": "at most", "no more than": "at most",
    "over": "at least", "above": "at least", "more than": "at least", "at least": "at least", "beyond": "at least",
    "exceeding": "at least", "greater than": "at least",
}
"""Words before a number that loosen it: to `about`, `at most` or `at least` that number."""
PREPOSITIONAL_BOUNDS = frozenset({"over", "under", "above", "below", "beyond"})
"""Bounds that are also plain prepositions ("averaged over 14 languages"): they loosen a number only after a word
that starts a count (`BOUND_OPENERS`) or at the start of a phrase."""
BOUND_OPENERS = frozenset("of in on for with by to from across has have had contains contain covering covers spanning "
                          "spans includes including and or than is are was were ( , :".split())

# -- months and numbers -----------------------------------------------------------------------------------------------
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}
"""Month names and their abbreviations (lower case) to the month's number."""
MONTH_NAMES = frozenset(name for name, number in MONTHS.items() if len(name) > 4 or name in ("may", "june", "july"))
"""The full month names only (abbreviations such as `mar` or `dec` are also ordinary words)."""

NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
"""Numbers written as words ("a dozen" is 12)."""
MULTIPLIERS: dict[str, int] = {"twice": 2, "thrice": 3, "double": 2, "doubled": 2, "triple": 3, "tripled": 3}
"""Words for a factor ("twice as many")."""
SCALES: dict[str, float] = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "millions": 1e6, "b": 1e9,
                            "billion": 1e9, "billions": 1e9}

# -- what a number measures -------------------------------------------------------------------------------------------
QUANTITY_KINDS: dict[str, str] = {
    **dict.fromkeys("example examples instance instances sample samples pair pairs".split(), "examples"),
    **dict.fromkeys("sentence sentences".split(), "sentences"),
    **dict.fromkeys("token tokens word words subword subwords".split(), "tokens"),
    **dict.fromkeys("document documents article articles paper papers".split(), "documents"),
    **dict.fromkeys("epoch epochs".split(), "epochs"),
    **dict.fromkeys("step steps iteration iterations update updates".split(), "steps"),
    **dict.fromkeys("language languages lang langs".split(), "languages"),
    **dict.fromkeys("task tasks".split(), "tasks"),
    **dict.fromkeys("dataset datasets corpus corpora benchmark benchmarks".split(), "datasets"),
    **dict.fromkeys("parameter parameters param params".split(), "parameters"),
    **dict.fromkeys("layer layers".split(), "layers"),
    **dict.fromkeys("head heads".split(), "heads"),
    **dict.fromkeys("model models".split(), "models"),
    **dict.fromkeys("run runs seed seeds".split(), "runs"),
    **dict.fromkeys("gpu gpus tpu tpus".split(), "devices"),
    **dict.fromkeys("hour hours h".split(), "hours"),
    **dict.fromkeys("day days".split(), "days"),
    **dict.fromkeys("minute minutes min mins".split(), "minutes"),
    **dict.fromkeys("second seconds sec secs".split(), "seconds"),
    **dict.fromkeys("class classes label labels category categories type types".split(), "classes"),
    **dict.fromkeys("annotator annotators participant participants patient patients subject subjects".split(),
                    "people"),
    **dict.fromkeys("dimension dimensions dim dims".split(), "dimensions"),
    **dict.fromkeys("shot shots".split(), "shots"),
    **dict.fromkeys("time times fold folds x ×".split(), "times"),
    **dict.fromkeys("year years".split(), "years"),
    **dict.fromkeys("point points pt pts pp".split(), "points"),
    **dict.fromkeys("percent percentage %".split(), "percent"),
}
"""Nouns (and units) that say what a number counts, to one name per kind: "130,319 training examples" counts
examples, "# Epochs: 7" epochs. Numbers of different kinds are different quantities."""
PHRASE_JOINS = frozenset("and or but while which that than over on in at for to of with by from".split())
"""Words that join a phrase to the next one: the phrase after a number ends before them ("a 2 point gain in F1")."""
SETTING_NAMES: dict[str, str] = {
    **dict.fromkeys(("batch size", "batch"), "batch size"),
    **dict.fromkeys(("learning rate", "lr"), "learning rate"),
    **dict.fromkeys(("sequence length", "max length", "maximum length"), "sequence length"),
    **dict.fromkeys(("beam size", "beam width"), "beam size"),
    **dict.fromkeys(("dropout", "dropout rate"), "dropout"),
    "weight decay": "weight decay",
    "warmup": "warmup",
}
"""Names of a training or decoding setting, written before its value ("batch size 64", "a learning rate of 2e-5") or
as a column header: the number is that setting's value (its kind), never a score of an unnamed column."""
SHARE_KINDS = frozenset({"percent", "points"})
"""Kinds that are shares of a score: a "2.3 point" gain and a "2.3%" gain may be the same number."""

LOWER_IS_BETTER = ("error", "loss", "perplexit", "perp", "ppl", "wer", "cer", "ter", "kl", "ece", "mae", "mse", "rmse",
                   "latency", "time", "turns", "distance", "divergence", "runtime", "cost", "memory")
"""Measures that are better when smaller (prefixes of the measure's words)."""
HIGHER_IS_BETTER = ("acc", "f1", "bleu", "rouge", "score", "precision", "recall", "auc", "map", "ndcg", "em",
                    "exact match", "meteor", "chrf", "bertscore", "mrr", "hits", "success", "win")
"""Measures that are better when larger."""
_WHOLE_WORD = frozenset({"perp", "ppl", "wer", "cer", "ter", "kl", "ece", "mae", "mse", "em", "map", "auc", "time", "cost",
                         "win", "hits"})


def _measure_pattern(words: tuple[str, ...]) -> re.Pattern:
    parts = [rf"\b{re.escape(w)}\b" if w in _WHOLE_WORD else re.escape(w) for w in words]
    return re.compile("|".join(parts), re.IGNORECASE)


LOWER_IS_BETTER_PATTERN = _measure_pattern(LOWER_IS_BETTER)
HIGHER_IS_BETTER_PATTERN = _measure_pattern(HIGHER_IS_BETTER)

_MEASURE_NAMES = {
    **{w: w for w in ("f1", "bleu", "rouge", "precision", "recall", "auc", "map", "ndcg", "meteor", "chrf", "bertscore",
                      "mrr", "wer", "cer", "ter", "ece", "mae", "mse", "rmse", "error", "loss", "latency")},
    "acc": "accuracy", "accura": "accuracy", "em": "exact match", "exact match": "exact match",
    "perplexit": "perplexity", "perp": "perplexity", "ppl": "perplexity",
}
"""The measures a text may name, each by one name (`EM` and "exact match" are one): the specific ones of
`HIGHER_IS_BETTER` and `LOWER_IS_BETTER`, not vague words ("score", "time", "cost")."""
_MEASURE_NAME_PATTERN = re.compile(
    "|".join(rf"\b{re.escape(w)}\b" if w in _WHOLE_WORD or w in ("acc", "map", "mrr", "ter") else rf"\b{re.escape(w)}"
             for w in sorted(_MEASURE_NAMES, key=len, reverse=True)), re.IGNORECASE)


def named_measures(text: str) -> frozenset[str]:
    """The measures `text` names ("F1", "accuracy", "EM"), one name each (`_MEASURE_NAMES`)."""
    def name(written: str) -> str:  # the longest key the written word starts with ("errors": error)
        return _MEASURE_NAMES[max((k for k in _MEASURE_NAMES if written.startswith(k)), key=len)]

    return frozenset(name(m.group(0).lower()) for m in _MEASURE_NAME_PATTERN.finditer(text))


GENERIC_MEASURES = ("perform", "result", "score", "quality", "value", "number", "rate", "metric", "gain", "improv")
"""Stems of words that name some measure without saying which ("the best performance", "the highest scores")."""


def is_measure(word: str) -> bool:
    """`word` (a word or stem) names a measure: a generic one ("performance") or a known one ("accuracy", "BLEU")."""
    return word.lower().startswith(GENERIC_MEASURES) or measure_direction(word) != 0


def measure_direction(text: str) -> int:
    """+1 when `text` names only measures that are better higher, -1 when it names only ones better lower ("lower
    is better" said outright counts), 0 when it names none or both."""
    lowered = text.lower()
    if "lower is better" in lowered or "lower the better" in lowered or "↓" in text:
        return -1
    if "higher is better" in lowered or "higher the better" in lowered or "↑" in text:
        return +1
    lower = bool(LOWER_IS_BETTER_PATTERN.search(text))
    higher = bool(HIGHER_IS_BETTER_PATTERN.search(text))
    return 0 if lower == higher else (-1 if lower else +1)
