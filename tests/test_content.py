"""The seed article in content/ keeps the structure of the original, and the parser reads it as written."""

from __future__ import annotations

import itertools
import urllib.parse
from pathlib import Path

import pytest

from index.content import Passage, parse_article
from tests.conftest import SEED_ARTICLE as SEED

ORIGINAL = Path(__file__).parent / "data" / "otoshin-futsu-sonogo.txt"

# The outline of the original: every H2 with its H3s, headings exactly as the publisher wrote them.
OUTLINE = {
    "音信不通にする男性の特徴": [
        "仕事が忙しくて連絡できない",
        "他に熱中しているものがある",
        "連絡の頻度を気にしていない",
        "恋愛の優先度が低い",
        "コミュニケーションが苦手",
    ],
    "音信不通にする男性の心理": [
        "連絡するのが億劫だと感じている",
        "相手への気持ちがなくなった",
        "恋愛そのものに疲れている",
        "他の女性が気になっている",
        "自然消滅を狙っている",
    ],
    "音信不通にする男性からその後連絡が来るのはなぜ?": [
        "時間の余裕ができたから",
        "気持ちの整理がついたから",
        "孤独や寂しさを感じたから",
    ],
    "音信不通にする男性からその後連絡をもらう方法": [
        "冷却期間を置く",
        "相手を責めない",
        "様子見で短いメッセージを送る",
    ],
    "音信不通にする男性でよくある質問": [],
    "まとめ|音信不通にする男 その後": [],
}


@pytest.fixture(scope="module")
def seed() -> list[Passage]:
    return parse_article(SEED)[1]


@pytest.fixture(scope="module")
def original_lines() -> list[str]:
    return ORIGINAL.read_text(encoding="utf-8").split("\n")


def blocks_of(passages: list[Passage], kind: str) -> list[str]:
    return [block.text for passage in passages for block in passage.blocks if block.kind == kind]


def write_article(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "a.md"
    front = "---\nslug: a\ntitle: T\nurl: https://example.com/a\nlang: ja\npublished: 2025-01-01\n---\n"
    path.write_text(front + body, encoding="utf-8")
    return path


def test_seed_has_a_lead_then_the_h2_and_h3_sections_of_the_original_in_order(seed: list[Passage]) -> None:
    outline: dict[str, list[str]] = {}
    assert seed[0].kind == "lead"
    for passage in seed[1:]:
        if passage.kind == "h2":
            outline[passage.heading] = []
        else:
            outline[passage.category].append(passage.heading)
    assert outline == OUTLINE
    assert list(outline) == list(OUTLINE)


def test_every_heading_is_a_line_of_the_original_verbatim(seed: list[Passage], original_lines: list[str]) -> None:
    headings = [p.heading for p in seed[1:]]
    assert [h for h in headings if h not in original_lines] == []
    # ASCII '?' and '|' as in the source, not the full-width forms NFKC would suggest.
    assert "音信不通にする男性からその後連絡が来るのはなぜ?" in headings
    assert "まとめ|音信不通にする男 その後" in headings


def test_lists_keep_their_captions_right_before_their_items(seed: list[Passage]) -> None:
    captioned = []
    for passage in seed:
        for block, after in itertools.pairwise(passage.blocks):
            if block.kind == "caption":
                assert after.kind == "item", f"caption {block.text!r} is not followed by its list"
                captioned.append((passage.heading, block.text))
    assert captioned == [
        ("仕事が忙しくて連絡できない", "たとえば"),
        ("他に熱中しているものがある", "たとえば"),
        ("恋愛の優先度が低い", "たとえば"),
        ("連絡するのが億劫だと感じている", "連絡できない理由"),
        ("恋愛そのものに疲れている", "たとえば"),
        ("時間の余裕ができたから", "たとえば"),
        ("孤独や寂しさを感じたから", "たとえば"),
        ("冷却期間を置く", "適切な冷却期間とは?"),
        ("様子見で短いメッセージを送る", "こんな連絡を心がけて!"),
    ]


def test_list_items_are_the_bulleted_lines_of_the_original(seed: list[Passage], original_lines: list[str]) -> None:
    bulleted = [line.removeprefix("- ") for line in original_lines if line.startswith("- ")]
    assert blocks_of(seed, "item") == bulleted


def test_callouts_are_the_lines_that_follow_a_gap_in_the_original(
    seed: list[Passage], original_lines: list[str]
) -> None:
    after_gap = [line for before, line in itertools.pairwise(original_lines) if line and not before.strip()]
    assert blocks_of(seed, "callout") == after_gap


def test_a_callout_closes_the_section_it_belongs_to(seed: list[Passage]) -> None:
    for passage in seed:
        kinds = [block.kind for block in passage.blocks]
        if "callout" in kinds:
            assert kinds[-1] == "callout", passage.heading
            assert kinds.count("callout") == 1, passage.heading


def test_the_empty_faq_heading_is_kept_with_nothing_under_it(seed: list[Passage]) -> None:
    faq = next(p for p in seed if p.heading == "音信不通にする男性でよくある質問")
    assert faq.kind == "h2"
    assert faq.is_empty
    assert [p.heading for p in seed if p.is_empty] == ["音信不通にする男性でよくある質問"]


def test_an_h2_with_subsections_is_not_empty_even_without_its_own_text(tmp_path: Path) -> None:
    _, passages = parse_article(write_article(tmp_path, "## A\n\n### B\n\ntext\n"))
    h2 = passages[1]
    assert (h2.heading, h2.blocks, h2.is_empty) == ("A", [], False)


def test_a_bold_paragraph_is_a_caption_only_when_a_list_follows(tmp_path: Path) -> None:
    _, passages = parse_article(write_article(tmp_path, "## A\n\n**注意**\n\n本文\n\n**たとえば**\n- 一\n- 二\n"))
    assert [(b.kind, b.text) for b in passages[1].blocks] == [
        ("paragraph", "注意"),
        ("paragraph", "本文"),
        ("caption", "たとえば"),
        ("item", "一"),
        ("item", "二"),
    ]


def test_blocks_know_the_line_they_were_written_on(tmp_path: Path) -> None:
    _, passages = parse_article(write_article(tmp_path, "## A\n\none\ntwo\n\n> three\n"))
    # The front matter takes lines 1–7; the body starts on line 8.
    assert [(b.text, b.line) for b in passages[1].blocks] == [("one", 10), ("two", 11), ("three", 13)]


def test_a_section_url_finds_its_heading_on_the_publishers_page(seed: list[Passage]) -> None:
    article_url = "https://media.tayori.example/love/otoshin-futsu-sonogo"
    for passage in seed[1:]:
        base, _, fragment = passage.url.partition("#:~:text=")
        assert base == article_url
        assert urllib.parse.unquote(fragment) == passage.heading
        # '-', '&' and ',' are text-fragment syntax, so they never appear unescaped.
        assert not set("-&,") & set(fragment)
    assert seed[0].url == article_url


def test_ids_come_from_the_heading_path_alone(tmp_path: Path) -> None:
    _, first = parse_article(write_article(tmp_path, "## A\n\none\n\n### B\n\ntwo\n"))
    _, edited = parse_article(write_article(tmp_path, "intro\n\n## A\n\nchanged\n\n### B\n\nalso changed\n"))
    assert [p.id for p in first] == [p.id for p in edited]
    assert len({p.id for p in first}) == len(first)
    assert all(p.id.startswith("a-") for p in first)
