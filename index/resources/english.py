"""English → Japanese rules for the content's vocabulary, from JMdict's glosses.

Every JMdict entry whose spelling is a word the content uses is reverse-indexed by its English
glosses: "reconciliation" → 仲直り, "long distance" → 遠距離, "in-law" → 義理. A multiword gloss
stays one phrase (the query side matches it as a run of words); its words that say something
alone (the "read" of 既読's "already read") and a one-word gloss's derivational relatives
("bore" of 倦怠's "boredom") reach the content word too, ranked after whole glosses. An English
phrase that glosses several content words keeps the best few, ranked by how early the sense and
the gloss come in their entry (JMdict lists the usual meaning first) and whether the entry is
common.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from index.resources.jmdict import Entry
from index.resources.vocabulary import is_worth_segmenting
from tayori import latin
from tayori.analysis import Analyzer
from tayori.normalize import is_japanese, normalize_text, script_of
from tayori.thesaurus import Rule

SOURCE = "derived English (JMdict)"
MAX_SENSES = 3  # later senses are rare or figurative meanings
MAX_GLOSSES = 6  # per sense
MAX_WORDS = 4  # a longer gloss is an explanation, not something a reader types
MAX_TARGETS = 3  # Japanese words kept per English phrase
COMMON_BONUS = 1.5
SYNONYM_FACTOR = 0.5  # glosses of a general synonym of a content word count half
SYNONYM_GLOSSES = 3
# Question words are intents (intents.txt), not topics: "how" glosses 何故 and よう.
QUESTION_WORDS = frozenset({"how", "why", "what", "when", "where", "who", "which"})
# Words that only frame a gloss: "to make up", "one's partner", "make peace with (someone)".
_FRAME_START = {"to", "a", "an", "the", "one's", "someone's", "be", "being"}
_FRAME_END = {"with", "of", "to", "for", "on", "in", "at", "from", "by", "someone", "something", "oneself", "one"}
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^]]*\]")
_PLAIN = re.compile(r"[a-z][a-z' -]*[a-z]")


# Derivational suffixes and what stands in their place in the base word: boredom → bore,
# loneliness → lonely, reconciliation → reconcile, suddenly → sudden. The stemmer keeps such
# families apart (their meanings can drift); a gloss reaches its relatives only when JMdict's
# glosses know the relative as a word, and at DERIVED_FACTOR.
_DERIVATIONS = (
    ("dom", ""), ("iness", "y"), ("ness", ""), ("ment", ""), ("iation", "e"), ("ation", "ate"), ("ation", "e"),
    ("ence", "ent"), ("ance", "ant"), ("ency", "ent"), ("ancy", "ant"), ("ity", "e"), ("ity", ""),
    ("ily", "y"), ("ly", ""),
)
MIN_BASE = 4  # letters of a base word (early is not ear + ly); one more before -ly (really, not real + ly)
DERIVED_FACTOR = 0.5
PART_FACTOR = 0.15  # a word of a multiword gloss ("read" of 既読's "already read")


# Adverb particles of phrasal verbs: "out" of "worn out" says nothing of 疲れる alone.
_PARTICLES = frozenset({"out", "up", "down", "off", "away", "back", "over", "through", "around", "along", "into"})


def _content_words_of(phrase: str) -> list[str]:
    """The words of a multiword gloss that say something alone: no function words or particles."""
    return [
        w for w in phrase.split()
        if len(w) >= 3 and w not in _PARTICLES and _PLAIN.fullmatch(w)
        and not set(english_terms(w)) & (latin.STOPWORDS | QUESTION_WORDS)
    ]


def relatives(word: str) -> set[str]:
    """The single English word's derivational relatives, real or not (boredom → bore; sudden →
    suddenly, suddenness, …): the caller keeps those that are words."""
    found = set()
    for suffix, base in _DERIVATIONS:
        if word.endswith(suffix) and len(word) - len(suffix) + len(base) >= MIN_BASE + (suffix == "ly"):
            found.add(word[: len(word) - len(suffix)] + base)
        if word.endswith(base) and len(word) >= MIN_BASE + (suffix == "ly"):
            found.add(word[: len(word) - len(base)] + suffix)
    found.discard(word)
    return found


def is_spelling_to_translate(spelling: str, entry: Entry) -> bool:
    """Whether a spelling of entry can stand for a content word: one worth segmenting, or the
    single kanji of a common entry (親 "parent", 夢 "dream"; its reading tells it from the same
    kanji as a piece of another word)."""
    if not is_japanese(spelling):
        return False
    # (not a numeral: a quantity, which the lexicon folds to a digit, 一 to 1)
    lone_kanji = len(spelling) == 1 and script_of(spelling) == "kanji" and unicodedata.numeric(spelling, None) is None
    return is_worth_segmenting(spelling, True) or (entry.common and lone_kanji)


@dataclass(frozen=True, slots=True)
class Translation:
    english: str  # the gloss phrase, cleaned
    japanese: str  # the content word, as the index holds it (a folded lemma)
    score: float


def english_terms(text: str) -> list[str]:
    """English text's terms as the query side analyses them (stems, function words included)."""
    return Analyzer().analyse(text).latin_texts


def gloss_phrase(gloss: str) -> str | None:
    """The phrase a reader would type for a gloss, or None: parenthesised notes and framing words
    removed, lowercased; None when what is left is not plain English of at most MAX_WORDS words or
    has only stop words."""
    text = _PARENTHESES.sub(" ", gloss).lower().replace("’", "'")
    words = text.split()
    while words and words[0] in _FRAME_START:
        words.pop(0)
    while words and words[-1] in _FRAME_END:
        words.pop()
    phrase = " ".join(words)
    if not phrase or len(words) > MAX_WORDS or not _PLAIN.fullmatch(phrase):
        return None
    if all(term in latin.STOPWORDS or term in QUESTION_WORDS for term in english_terms(phrase)):
        return None
    return phrase


def content_spelling(
    entry: Entry,
    content_words: Collection[str],
    synonyms: Mapping[str, str] | None = None,
    readings: Mapping[str, str] | None = None,
) -> tuple[str, float] | None:
    """The content word an entry translates and how surely: its own spelling that is a content
    word (folded as the analyzer folds terms), 1.0; else the content word one of its spellings is
    a synonym of (synonyms: folded general word → content word), SYNONYM_FACTOR; else None.

    Homographs are told apart by reading: where readings (folded word → its kana reading) knows
    the word, the entry must have that reading (認める read したためる, "to eat", is not the
    content's 認める). Kana spellings of a kanji word are homophones of other words (そう is 沿う,
    添う, 僧 …): they count only for words JMdict writes in kana alone, and only when long enough to
    be one word (こう, "weather", is mostly the adverb "like this")."""
    spellings = [normalize_text(f) for f in entry.kanji or entry.kana if is_spelling_to_translate(f, entry)]
    kana = {normalize_text(k) for k in entry.kana}

    def read_alike(word: str) -> bool:
        return not entry.kanji or not readings or word not in readings or readings[word] in kana

    direct = next((f for f in spellings if f in content_words and read_alike(f)), None)
    if direct is not None:
        return direct, 1.0
    alias = next((synonyms[f] for f in spellings if synonyms and f in synonyms and read_alike(f)), None)
    return (alias, SYNONYM_FACTOR) if alias else None


def translations(
    entries: Iterable[Entry],
    content_words: Collection[str],
    synonyms: Mapping[str, str] | None = None,
    readings: Mapping[str, str] | None = None,
) -> list[Translation]:
    """Every (gloss phrase, content word) pair of the entries that have a content_spelling (of a
    synonym's entry, only the first SYNONYM_GLOSSES glosses of its first sense); scored by that
    spelling's sureness × 1/(sense rank) × 1/(1 + gloss rank / 2), × COMMON_BONUS if common."""
    found: list[Translation] = []
    for entry in entries:
        target = content_spelling(entry, content_words, synonyms, readings)
        if target is None:
            continue
        japanese, sureness = target
        # A synonym shares one meaning of the content word: its first glosses of its first sense.
        senses, glosses = (MAX_SENSES, MAX_GLOSSES) if sureness == 1.0 else (1, SYNONYM_GLOSSES)
        for sense_rank, sense in enumerate(entry.senses[:senses], 1):
            for gloss_rank, gloss in enumerate(sense[:glosses]):
                phrase = gloss_phrase(gloss)
                if phrase:
                    score = sureness * (COMMON_BONUS if entry.common else 1.0) / sense_rank / (1 + gloss_rank / 2)
                    found.append(Translation(phrase, japanese, score))
                    if " " in phrase:
                        found += [Translation(w, japanese, score * PART_FACTOR) for w in _content_words_of(phrase)]
    return found


def with_relatives(found: list[Translation], vocabulary: Collection[str]) -> list[Translation]:
    """found, and for each one-word gloss its relatives that are in vocabulary (real English
    words), at DERIVED_FACTOR of its score."""
    single = {t.english: relatives(t.english) for t in found if " " not in t.english and "-" not in t.english}
    real = {r for rs in single.values() for r in rs if r in vocabulary}
    return found + [
        Translation(r, t.japanese, t.score * DERIVED_FACTOR)
        for t in found
        for r in sorted(single.get(t.english, set()) & real)
    ]


def english_rules(
    entries: Iterable[Entry],
    content_words: Collection[str],
    synonyms: Mapping[str, str] | None = None,
    readings: Mapping[str, str] | None = None,
    vocabulary: Collection[str] | None = None,
) -> list[Rule]:
    """One rule per English phrase (`phrase => 日本語, …`), its MAX_TARGETS best content words
    (as the index holds them: folded lemmas), in phrase order. Phrases are grouped by their
    analysed terms, so "reconcile" and "reconciles" are one rule. With a vocabulary of real English
    words, one-word glosses also reach their relatives (with_relatives)."""
    best: dict[tuple[str, ...], dict[str, float]] = {}
    shown: dict[tuple[str, ...], str] = {}
    found = translations(entries, content_words, synonyms, readings)
    for t in with_relatives(found, vocabulary) if vocabulary else found:
        key = tuple(english_terms(t.english))
        shown.setdefault(key, t.english)
        targets = best.setdefault(key, {})
        targets[t.japanese] = max(targets.get(t.japanese, 0.0), t.score)
    rules = []
    for line, key in enumerate(sorted(best, key=lambda k: shown[k]), 1):
        ranked = sorted(best[key], key=lambda j: (-best[key][j], j))[:MAX_TARGETS]
        rules.append(Rule(SOURCE, line, (shown[key],), tuple(ranked)))
    return rules
