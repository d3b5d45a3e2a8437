"""The build refuses content that cannot be right, every problem at once, each as `file:line: message`."""

from pathlib import Path

import pytest

from index.build import build
from index.content import MAX_ARTICLE_BYTES, ContentErrors
from tests.conftest import SAMPLE_ARTICLE, write_article, write_partners


def build_errors(content: Path, tmp_path: Path) -> list[str]:
    with pytest.raises(ContentErrors) as raised:
        build(content, tmp_path / "ix")
    return [str(error) for error in raised.value.errors]


def make_dir(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def with_body(extra: str, front: str = "") -> str:
    return SAMPLE_ARTICLE.replace("lang: ja\n", f"lang: ja\n{front}") + extra


@pytest.mark.parametrize(("character", "name"), [("\x00", "U+0000"), ("\x1b", "U+001B"), ("\x85", "U+0085")])
def test_a_control_character_is_refused_with_its_line(tmp_path: Path, character: str, name: str) -> None:
    content = tmp_path / "content"
    path = write_article(content, with_body(f"\n本文{character}です。\n"))
    line = path.read_text(encoding="utf-8").split("\n").index(f"本文{character}です。") + 1

    assert build_errors(content, tmp_path) == [f"{path}:{line}: control character {name} (remove it)"]


def test_an_article_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    path = write_article(content, with_body("\n" + "あ" * (MAX_ARTICLE_BYTES // 3 + 1) + "\n"))

    [error] = build_errors(content, tmp_path)
    assert error.startswith(f"{path}: ") and f"at most {MAX_ARTICLE_BYTES} bytes" in error


@pytest.mark.parametrize("heading", ["## ", "### ", "##    "])
def test_an_empty_heading_is_refused_not_indexed(tmp_path: Path, heading: str) -> None:
    content = tmp_path / "content"
    path = write_article(content, with_body(f"\n{heading}\n\n本文。\n"))
    line = path.read_text(encoding="utf-8").split("\n").index(heading) + 1

    errors = build_errors(content, tmp_path)
    assert f"{path}:{line}: empty heading: '{heading.strip()}' needs text" in errors
    assert not [e for e in errors if "duplicate id" in e]


def test_inline_raw_html_is_refused_like_block_html(tmp_path: Path) -> None:
    content = tmp_path / "content"
    path = write_article(content, with_body("\n本文に<span style='color:red'>赤字</span>があります。\n"))
    line = len(path.read_text(encoding="utf-8").rstrip("\n").split("\n"))

    assert build_errors(content, tmp_path) == [f"{path}:{line}: raw HTML is not supported: write it as Markdown"]


def test_a_symlink_to_a_file_outside_content_is_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content)
    outside = tmp_path / "elsewhere.md"
    outside.write_text(SAMPLE_ARTICLE.replace("renraku-matsu", "elsewhere"), encoding="utf-8")
    (content / "articles" / "elsewhere.md").symlink_to(outside)

    assert build_errors(content, tmp_path) == [
        f"{content / 'articles' / 'elsewhere.md'}: a symlink to a file outside content/: copy the article in"
    ]


@pytest.mark.parametrize("url", ["http://media.tayori.example/x", "https://evil.example/x", "//media.tayori.example/x"])
def test_an_article_url_must_be_https_on_the_publishers_site(tmp_path: Path, url: str) -> None:
    content = write_partners(make_dir(tmp_path / "content"))
    path = write_article(content, SAMPLE_ARTICLE.replace("https://media.tayori.example/love/renraku-matsu", url))

    [error] = build_errors(content, tmp_path)
    assert error.startswith(f"{path}:4: url '{url}' ")


def test_an_article_on_the_publishers_site_builds(tmp_path: Path) -> None:
    content = write_partners(make_dir(tmp_path / "content"))
    write_article(content)
    assert build(content, tmp_path / "ix")["passage_count"] == 5


@pytest.mark.parametrize(
    ("origins", "problem"),
    [('"https://koi-note.example "', "no spaces"), ('"https://kői.example"', "non-ASCII")],
)
def test_a_partner_origin_must_be_exactly_what_a_browser_sends(tmp_path: Path, origins: str, problem: str) -> None:
    content = write_partners(make_dir(tmp_path / "content"))
    write_article(content)
    toml = content / "partners.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"https://koi-note.example"', origins), encoding="utf-8")

    [error] = build_errors(content, tmp_path)
    assert error.startswith(f"{toml}:8: ") and problem in error


@pytest.mark.parametrize("value", ["a b", "x&y=z", "ok#frag", "日本"])
def test_tracking_values_are_only_characters_safe_in_a_url(tmp_path: Path, value: str) -> None:
    content = write_partners(make_dir(tmp_path / "content"))
    write_article(content)
    with (content / "partners.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'[partners.tracking]\nutm_source = "{value}"\n')

    [error] = build_errors(content, tmp_path)
    assert "tracking parameter 'utm_source'" in error


@pytest.mark.parametrize(("escaped", "name"), [(r"\0", "U+0000"), (r"\u0007", "U+0007"), (r"\x85", "U+0085")])
def test_a_control_character_written_as_a_yaml_escape_is_refused_at_its_field(tmp_path: Path, escaped, name) -> None:
    content = tmp_path / "content"
    path = write_article(
        content,
        SAMPLE_ARTICLE.replace("title: 彼からの", f'title: "彼{escaped}からの').replace("心構え\nurl", '心構え"\nurl'),
    )

    assert build_errors(content, tmp_path) == [
        f"{path}:3: front matter field 'title' holds control character {name} from an escape or entity (remove it)"
    ]


@pytest.mark.parametrize("heading", ["## \u200b", "### \u200b\u2060", "## \ufeff \u200d"])
def test_a_heading_of_only_zero_width_characters_is_an_empty_heading(tmp_path: Path, heading: str) -> None:
    content = tmp_path / "content"
    path = write_article(content, with_body(f"\n{heading}\n\n本文。\n"))
    line = path.read_text(encoding="utf-8").split("\n").index(heading) + 1

    assert f"{path}:{line}: empty heading: '{heading.split()[0]}' needs text" in " ".join(
        build_errors(content, tmp_path)
    )


@pytest.mark.parametrize("written", ["\u202e", "\u2066", "&#x202E;"])
def test_a_bidirectional_override_is_refused_in_the_file_or_as_an_entity(tmp_path: Path, written: str) -> None:
    content = tmp_path / "content"
    path = write_article(content, with_body(f"\n本文{written}です。\n"))
    line = path.read_text(encoding="utf-8").split("\n").index(f"本文{written}です。") + 1

    [error] = build_errors(content, tmp_path)
    assert error.startswith(f"{path}:{line}: ") and "bidirectional control character" in error


def test_every_control_character_in_a_file_is_reported_not_only_the_first(tmp_path: Path) -> None:
    content = tmp_path / "content"
    path = write_article(content, with_body("\n一\x00行目\x07。\n\n二行目\x1b。\n"))
    lines = path.read_text(encoding="utf-8").split("\n")
    first, second = lines.index("一\x00行目\x07。") + 1, lines.index("二行目\x1b。") + 1

    assert build_errors(content, tmp_path) == [
        f"{path}:{first}: control character U+0000 (remove it)",
        f"{path}:{first}: control character U+0007 (remove it)",
        f"{path}:{second}: control character U+001B (remove it)",
    ]


def test_a_partners_error_does_not_hide_an_article_url_off_the_publishers_site(tmp_path: Path) -> None:
    content = write_partners(make_dir(tmp_path / "content"))
    path = write_article(content, SAMPLE_ARTICLE.replace("https://media.tayori.example/", "https://evil.example/"))
    toml = content / "partners.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('id = "koi-note"', 'id = "Koi Note"'), encoding="utf-8")

    errors = build_errors(content, tmp_path)
    assert [e for e in errors if e.startswith(f"{toml}:")], errors
    assert [e for e in errors if e.startswith(f"{path}:4: url 'https://evil.example/")], errors


@pytest.mark.parametrize(
    ("published", "why"),
    [
        ("2025-13-45", "month must be in 1..12"),
        ("2025-02-30", "day is out of range for month"),
        ("2025-01-01T25:00:00", "hour must be in 0..23"),
    ],
)
def test_a_date_not_on_the_calendar_is_reported_at_its_line_with_the_other_problems(
    tmp_path: Path, published: str, why: str
) -> None:
    content = tmp_path / "content"
    path = write_article(content, SAMPLE_ARTICLE.replace("published: 2025-07-01", f"published: {published}"))
    other = write_article(content, with_body("\n本文\x1bです。\n").replace("renraku-matsu", "other"))
    line = path.read_text(encoding="utf-8").split("\n").index(f"published: {published}") + 1

    errors = build_errors(content, tmp_path)
    assert f"{path}:{line}: published '{published}' is not a date on the calendar ({why})" in errors
    assert [e for e in errors if e.startswith(f"{other}:")]  # the other article's problem is said too


@pytest.mark.parametrize("written", ["title:", 'title: ""', "title:    "])
def test_an_empty_front_matter_field_is_reported_at_its_own_line_as_empty(tmp_path: Path, written: str) -> None:
    content = tmp_path / "content"
    path = write_article(content, SAMPLE_ARTICLE.replace("title: 彼からの連絡を待つときの心構え", written))

    assert build_errors(content, tmp_path) == [f"{path}:3: front matter field 'title' is empty"]


def test_an_article_with_problems_of_its_own_is_still_checked_against_the_others(tmp_path: Path) -> None:
    content = write_partners(make_dir(tmp_path / "content"))
    first = write_article(content)
    second = write_article(
        content,
        SAMPLE_ARTICLE.replace("title: 彼からの連絡を待つときの心構え", "title:").replace(
            "https://media.tayori.example/love/renraku-matsu", "https://evil.example/love/renraku-matsu"
        ),
        name="x-copy.md",
    )

    assert build_errors(content, tmp_path) == [
        f"{second}:2: duplicate slug 'renraku-matsu' (also in {first}:2)",
        f"{second}:3: front matter field 'title' is empty",
        f"{second}:4: url 'https://evil.example/love/renraku-matsu' is not on the publisher's site"
        " (https://media.tayori.example)",
    ]
