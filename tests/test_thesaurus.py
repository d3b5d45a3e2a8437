"""Editors' synonym and English lexicon files: the format, its validation, and what a rule does."""

from pathlib import Path

import pytest

from index.build import main as build_main
from tayori.analysis import Analyzer
from tayori.thesaurus import Expander, ThesaurusError, parse


def write(tmp_path: Path, text: str, name: str = "synonyms.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_equivalent_and_one_way_rules_with_comments(tmp_path: Path) -> None:
    rules = parse(write(tmp_path, "# topic\n既読無視, 返信がない\n\nめんどくさい => 面倒, 億劫  # one-way\n"))
    assert [(r.line, r.lhs, r.rhs) for r in rules] == [
        (2, ("既読無視", "返信がない"), ("既読無視", "返信がない")),
        (4, ("めんどくさい",), ("面倒", "億劫")),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("既読無視, , 無視", "empty entry"),
        ("既読無視,", "empty entry"),
        ("既読無視", "needs at least two entries"),
        ("a => b => c", "more than one '=>'"),
        ("bad rule =>", "nothing after '=>': the right side is empty"),
        ("=> 面倒", "nothing before '=>': the left side is empty"),
    ],
)
def test_malformed_synonym_rules_are_reported_with_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = write(tmp_path, f"# ok\n返信, 返事\n{line}\n")
    with pytest.raises(ThesaurusError) as raised:
        parse(path, shown_as="content/synonyms.txt")
    assert raised.value.errors == [f"content/synonyms.txt:3: {raised.value.errors[0].split(': ', 1)[1]}"]
    assert message in raised.value.errors[0]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ghost, silent", "one-way"),
        ("既読 => 無視", "left side must be English"),
        ("ghost => silent", "right side must be Japanese"),
    ],
)
def test_english_rules_go_from_english_to_japanese(tmp_path: Path, line: str, message: str) -> None:
    with pytest.raises(ThesaurusError, match=message):
        parse(write(tmp_path, line + "\n", "english.txt"), english=True)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(ThesaurusError) as raised:
        parse(write(tmp_path, "a,\nb => c => d\nok, fine\n"))
    assert [e.split(":")[1] for e in raised.value.errors] == ["1", "2"]


def test_the_build_stops_on_a_malformed_synonym_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "a.md").write_text(
        "---\nslug: a\ntitle: 連絡\nurl: https://example.test/a\nlang: ja\npublished: 2025-01-01\n---\n\n"
        "連絡を待つ。\n",
        encoding="utf-8",
    )
    write(content, "返信, 返事\n返信 =>\n")
    assert build_main(["--content", str(content), "--out", str(tmp_path / "out")]) == 1
    assert "synonyms.txt:2: nothing after '=>': the right side is empty" in capsys.readouterr().err
    assert not (tmp_path / "out" / "CURRENT").exists()


def english_terms(text: str) -> list[str]:
    """The English word sequence rules match on (function words included)."""
    return Analyzer().analyse(text).latin_texts


def test_english_words_are_stemmed_the_same_in_rules_and_queries() -> None:
    assert english_terms("He ghosted me") == ["he", "ghost", "me"]
    assert english_terms("ignoring") == english_terms("ignored") == english_terms("ignore")
    assert english_terms("stopped texting") == ["stop", "text"]
    assert english_terms("He didn’t text") == english_terms("he didn't text") == ["he", "did", "text"]
    assert english_terms("seeing") == english_terms("see") == english_terms("seen")
    assert english_terms("agreed") == english_terms("agree")


def test_a_longer_phrase_wins_over_the_word_inside_it() -> None:
    rules = parse_english("break => 冷却期間\nbreak up => 別れ\n")
    expander = Expander(rules, lambda s: [s], english_terms)
    assert [e.terms for e in expander.expand(english_terms("we might break up"), maximal=True)] == [("別れ",)]
    assert [e.terms for e in expander.expand(english_terms("take a break"), maximal=True)] == [("冷却期間",)]


def parse_english(text: str) -> list:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return parse(write(Path(folder), text, "english.txt"), english=True)


def test_the_shipped_files_are_valid() -> None:
    content = Path(__file__).resolve().parent.parent / "content"
    assert parse(content / "synonyms.txt")
    assert parse(content / "english.txt", english=True)
