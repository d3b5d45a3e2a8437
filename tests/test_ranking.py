"""Ranking promises across articles: which of several passages that match a reader comes first."""

from pathlib import Path

from index.build import build
from tayori.engine import SearchIndex
from tests.conftest import write_article


def article(slug: str, title: str, sections: dict[str, str]) -> str:
    body = "\n\n".join(f"## {heading}\n\n{text}" for heading, text in sections.items())
    return (
        f"---\nslug: {slug}\ntitle: {title}\nurl: https://media.tayori.example/love/{slug}\n"
        f"lang: ja\npublished: 2025-07-01\n---\n\n{title}について。\n\n{body}\n"
    )


def test_of_two_passages_that_say_the_same_the_one_whose_article_covers_the_rest_comes_first(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    fight = {"喧嘩の原因": "喧嘩の原因を紙に書きましょう。", "連絡の目安": "半日たってから連絡しましょう。"}
    work = {"連絡の目安": "連絡は半日たってから、もう一度連絡しましょう。"}
    write_article(content, article("kenka", "仲直りの仕方", fight))
    write_article(content, article("shigoto", "職場の人付き合い", work))
    build(content, tmp_path / "index")
    hits = SearchIndex(tmp_path / "index").search("喧嘩のあとの連絡", 5).hits
    order = [(h.article["slug"], h.heading) for h in hits]
    assert order.index(("kenka", "連絡の目安")) < order.index(("shigoto", "連絡の目安"))


def test_a_phrase_two_query_words_translate_to_counts_once(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, article("reikyaku", "冷却期間の置き方", {"冷却期間": "冷却期間を置きましょう。"}))
    (content / "english.txt").write_text("wait => 冷却期間\nhow long => 冷却期間\n", encoding="utf-8")
    build(content, tmp_path / "index")
    planner = SearchIndex(tmp_path / "index").planner
    plan = planner.plan("how long should I wait")
    cooling = tuple(planner.analyzer.analyse("冷却期間").word_texts)
    assert [c.terms for c in plan.clauses if c.terms == cooling] == [cooling]
