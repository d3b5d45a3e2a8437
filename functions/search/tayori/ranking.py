"""Every ranking parameter in one declared object, shared by the build, the engine and the bench.

A parameter sweep is `dataclasses.replace(RANKING, min_coverage=0.5)` handed to the build and to
`SearchIndex`: no code edit, and the bake-off cannot drift from the engine. Parameters marked
*build time* shape the impacts written into the index, so they are part of the build id.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any


def _frozen(mapping: dict[str, float]) -> MappingProxyType[str, float]:
    return MappingProxyType(mapping)


@dataclass(frozen=True)
class RankingParameters:
    """How passages are scored and when a query counts as answered.

    Scoring is BM25F (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and
    Beyond", 2009) as Whoosh computes it per field, summed with field boosts into one impact per
    (term, passage) at build time; the query weighs each clause's impacts, and the result is
    re-ranked by idf-weighted concept coverage (coordination) times a structural prior.
    """

    # --- build time: the impacts stored in the index ---
    bm25_b: float = 0.75  # length normalization
    bm25_k1: float = 1.2  # term-frequency saturation
    # Where a term is found says how much the passage is about it: a heading names its subject.
    word_field_boosts: MappingProxyType[str, float] = field(
        default_factory=lambda: _frozen({"heading": 3.0, "body": 1.0, "category": 0.5})
    )
    gram_field_boosts: MappingProxyType[str, float] = field(
        default_factory=lambda: _frozen({"heading": 1.0, "body": 0.3})
    )
    # Champion lists (Manning, Raghavan & Schütze, Introduction to Information Retrieval, §7.1.3):
    # each term keeps its highest-impact passages, so the first stage reads a bounded number of
    # postings whatever the catalogue size.
    champion_list_size: int = 400

    # --- query time: clause weights ---
    gram_weight: float = 0.25  # character bigrams only back words up
    synonym_weight: float = 0.2  # a synonym weighs less than the reader's own word
    intent_weight: float = 0.5  # question words steer, never decide
    translation_weight: float = 1.0  # an English query's translations are all it has
    unknown_weight: float = 0.5  # an unknown particle-like run or an untranslatable English word
    quantity_weight: float = 0.1  # 3日, 2週間: how much, not what about

    # --- query time: selection ---
    min_coverage: float = 0.4  # share of the query's idf-weighted topics the best passage must hold
    tail_coverage: float = 0.5  # results after the first need this fraction of min_coverage
    # Coordination (Salton's coordination level, as Lucene's coord factor): results are ordered by
    # BM25F × coverage^coord_power × prior; whether there are results at all is decided with
    # coverage^1 on the passage with the strongest evidence.
    coord_power: float = 2.0
    article_coverage_power: float = 1.0  # the order × (share of the query the passage's article covers) ** this
    first_stage_candidates: int = 64  # passages re-ranked exactly after the champion-list pass

    # --- priors: the lead and a closing summary restate the article; a specific section is better ---
    lead_prior: float = 0.4
    summary_prior: float = 0.6
    summary_headings: tuple[str, ...] = ("まとめ", "おわりに", "終わりに", "最後に", "総括")
    empty_state_count: int = 3  # overview passages offered when nothing answers

    def prior(self, kind: str, heading: str) -> float:
        """Multiplier for a passage's score from where it sits in its article."""
        if heading.startswith(self.summary_headings):
            return self.summary_prior
        return self.lead_prior if kind == "lead" else 1.0

    def build_fingerprint(self) -> str:
        """Hash of the build-time parameters: part of the build id (and so of the ETag)."""
        build_time = {
            "bm25_b": self.bm25_b,
            "bm25_k1": self.bm25_k1,
            "word_field_boosts": dict(self.word_field_boosts),
            "gram_field_boosts": dict(self.gram_field_boosts),
            "champion_list_size": self.champion_list_size,
        }
        return hashlib.sha256(json.dumps(build_time, sort_keys=True).encode()).hexdigest()[:12]

    def as_dict(self) -> dict[str, Any]:
        """Every parameter by name (mappings as plain dicts), for printing beside a bench run."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


def _plain(value: Any) -> Any:
    return dict(value) if isinstance(value, MappingProxyType) else value


RANKING = RankingParameters()
