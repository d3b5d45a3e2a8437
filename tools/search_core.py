"""The report's only calls into the search core: a query's words as the analyzer sees them, its form as
the normalizer folds it, and whether the passages in the index hold them. Kept to these few
functions so that the analyzer's API can change in one place."""

from __future__ import annotations

from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq

from tayori.normalize import normalize_text
from tayori.schema import WORD_FIELDS

# Where the search looks a query's words up: a passage's heading, text and the H2 it sits under.
SEARCHED_WORD_FIELDS = tuple(WORD_FIELDS.values())


def query_terms(text: str, index: Any) -> tuple[str, ...]:
    """The analyzer's word terms of a query (lemmas, folded width/case/kana), sorted and unique: queries
    with the same terms are the same words in different forms (連絡が来ない / 連絡来ない / れんらく こない).

    `index` is the tayori.engine.SearchIndex in use (its lexicon segments the words); None: no lexicon."""
    from tayori.analysis import Analyzer

    analyzer = index.analyzer if index is not None else Analyzer()
    return tuple(sorted(set(analyzer.analyse(text).word_texts)))


def spelling_form(text: str) -> str:
    """A query as the search's normalizer folds it (width, case, katakana → hiragana), spaces collapsed:
    ｷﾄﾞｸｽﾙｰ, キドクスルー and きどくするー are one form."""
    return " ".join(normalize_text(text).split())


def articles_mentioning(terms: tuple[str, ...], index: Any) -> list[str]:
    """Titles of the articles that hold every term somewhere (a heading, a passage's text or the H2 it sits
    under), in title order; [] when none does, or there is no index."""
    if index is None or not terms:
        return []
    with whoosh_index.open_dir(str(index.build_dir)).searcher() as searcher:
        per_term = [
            {
                hit["article_title"]
                for hit in searcher.search(wq.Or([wq.Term(f, term) for f in SEARCHED_WORD_FIELDS]), limit=None)
            }
            for term in terms
        ]
    return sorted(set.intersection(*per_term))


def words_no_passage_holds(terms: tuple[str, ...], index: Any) -> list[str] | None:
    """The terms (from query_terms) that no passage holds in the word fields the search looks words up
    in (heading, text, category), in the given order; [] when every term is in some passage; None
    when there is no index to look in."""
    if index is None:
        return None
    with whoosh_index.open_dir(str(index.build_dir)).searcher() as searcher:
        return [term for term in terms if not any(searcher.doc_frequency(f, term) for f in SEARCHED_WORD_FIELDS)]
