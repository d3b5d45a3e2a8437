"""The report's only calls into the search core: a query's words as the analyzer sees them, its form as
the normalizer folds it, and whether the articles in the index mention them. Kept to these three
functions so that the analyzer's API can change in one place."""

from __future__ import annotations

from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq

from tayori.normalize import normalize_text
from tayori.schema import WORD_FIELDS


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
    """Titles of the articles that mention every term somewhere (a heading or a passage's text), in title
    order; [] when none does, or there is no index."""
    if index is None or not terms:
        return []
    fields = (WORD_FIELDS["heading"], WORD_FIELDS["body"])
    with whoosh_index.open_dir(str(index.build_dir)).searcher() as searcher:
        per_term = [
            {hit["article_title"] for hit in searcher.search(wq.Or([wq.Term(f, term) for f in fields]), limit=None)}
            for term in terms
        ]
    return sorted(set.intersection(*per_term))
