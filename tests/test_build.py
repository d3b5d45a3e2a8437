"""`make index` (python -m index): validates content, builds the index aside, swaps it in atomically."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

import index.build
import tayori
from index.build import build, main
from tayori.engine import SearchIndex
from tayori.index_store import MANIFEST, POINTER, current_build
from tayori.ranking import RANKING
from tests.conftest import SEED_ARTICLE as SEED

SEED_SLUG = "otoshin-futsu-sonogo"
TITLE = "音信不通にする男性の特徴と心理|その後連絡をもらう方法"

SMALL_ARTICLE = """\
---
slug: kidoku-mushi
title: 既読無視する彼の心理
url: https://media.tayori.example/love/kidoku-mushi
lang: ja
published: 2025-07-01
---

既読無視が続くと不安になりますよね。

## 既読無視の理由

返事を考えているうちに時間が過ぎてしまうのです。

> 少し待ってみましょう。
"""


def article(slug: str, body: str = "本文です。\n", **front: str) -> str:
    """A small article; front matter fields can be replaced, or dropped with an empty string."""
    fields = {"slug": slug, "title": f"{slug} の記事", "url": f"https://example.com/{slug}", "lang": "ja"}
    fields["published"] = "2025-01-01"
    fields.update(front)
    lines = [f"{name}: {value}" for name, value in fields.items() if value]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A content folder holding a copy of the seed article; the working directory is its parent."""
    monkeypatch.chdir(tmp_path)
    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    shutil.copy(SEED, articles / SEED.name)
    return tmp_path / "content"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "search_index"


def passages(out: Path) -> dict[str, dict[str, Any]]:
    """The stored passages of the build in use, by heading."""
    ix = whoosh_index.open_dir(str(current_build(out)))
    with ix.searcher() as searcher:
        return {doc["heading"]: dict(doc) for doc in searcher.all_stored_fields()}


def ids_by_path(out: Path) -> dict[tuple[str, ...], str]:
    return {tuple(doc["path"]): doc["id"] for doc in passages(out).values()}


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file and directory under root (a directory maps to None), to compare before and after."""
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else None for p in sorted(root.rglob("*"))}


def fail_build(content: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Run the build expecting it to fail; returns its `file:line: message` lines."""
    assert main(["--content", str(content), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    return [line for line in err.splitlines() if not line.startswith("[index]")]


# --- passages ------------------------------------------------------------------------------------


def test_an_h3_passage_carries_its_place_in_the_article_and_its_full_text(content: Path, out: Path) -> None:
    build(content, out)
    doc = passages(out)["冷却期間を置く"]
    h2 = "音信不通にする男性からその後連絡をもらう方法"
    assert doc["path"] == [TITLE, h2, "冷却期間を置く"]
    assert doc["category"] == h2
    assert (doc["slug"], doc["article_title"]) == (SEED_SLUG, TITLE)
    assert doc["article_url"] == "https://media.tayori.example/love/otoshin-futsu-sonogo"
    assert doc["url"].startswith(doc["article_url"] + "#:~:text=")
    body = doc["body"].split("\n")
    assert body[0].startswith("音信不通にする男性からその後連絡をもらうには、あえて「冷却期間」")
    assert "適切な冷却期間とは?" in body  # caption
    assert "少なくとも1〜2週間は連絡を控える" in body  # list item
    assert body[-1] == "勇気をもって距離を置くことが、その後の関係にプラスに働く場合がありますよ。"  # callout


def test_the_lead_is_headed_by_the_article_title_and_has_no_category(content: Path, out: Path) -> None:
    build(content, out)
    lead = next(doc for doc in passages(out).values() if doc["kind"] == "lead")
    assert lead["heading"] == lead["article_title"]
    assert lead["path"] == [lead["article_title"]]
    assert lead["category"] == ""
    assert lead["url"] == lead["article_url"]


def test_an_h2_passage_holds_only_its_own_text_before_its_first_h3(content: Path, out: Path) -> None:
    build(content, out)
    docs = passages(out)
    h2 = docs["音信不通にする男性の特徴"]
    assert h2["path"][1:] == ["音信不通にする男性の特徴"]
    assert h2["category"] == "音信不通にする男性の特徴"
    callout = "アンケート結果を見ると、音信不通が必ずしもネガティブな意味ではないことがわかります。"
    first_h3_line = "音信不通にする男性の特徴として、仕事が忙しいことがあげられます。"
    assert h2["body"].split("\n")[-1] == callout
    assert first_h3_line not in h2["body"]
    assert first_h3_line in docs["仕事が忙しくて連絡できない"]["body"]


def test_ids_stay_the_same_when_body_text_is_edited(content: Path, out: Path) -> None:
    build(content, out)
    before = ids_by_path(out)
    seed = content / "articles" / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8").replace("冷静", "落ち着いて"), encoding="utf-8")
    build(content, out)
    assert ids_by_path(out) == before


def test_ids_stay_the_same_when_another_section_is_added(content: Path, out: Path) -> None:
    build(content, out)
    before = ids_by_path(out)
    seed = content / "articles" / SEED.name
    new_section = "### 自分の時間を楽しむ\n\n趣味に打ち込みましょう。\n\n"
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("### 相手を責めない", new_section + "### 相手を責めない"), encoding="utf-8")
    build(content, out)
    after = ids_by_path(out)
    assert {path: after[path] for path in before} == before
    assert set(after) - set(before) == {(TITLE, "音信不通にする男性からその後連絡をもらう方法", "自分の時間を楽しむ")}


def test_renaming_a_heading_gives_only_that_section_a_new_id(content: Path, out: Path) -> None:
    build(content, out)
    before = {doc["heading"]: doc["id"] for doc in passages(out).values()}
    seed = content / "articles" / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8").replace("### 相手を責めない", "### 相手を責めすぎない"))
    build(content, out)
    after = {doc["heading"]: doc["id"] for doc in passages(out).values()}
    assert after["相手を責めすぎない"] != before["相手を責めない"]
    assert {h: i for h, i in after.items() if h != "相手を責めすぎない"} == {
        h: i for h, i in before.items() if h != "相手を責めない"
    }


# --- more articles -------------------------------------------------------------------------------


def test_every_article_under_content_is_indexed_and_searchable(content: Path, out: Path) -> None:
    (content / "articles" / "kidoku-mushi.md").write_text(SMALL_ARTICLE, encoding="utf-8")
    manifest = build(content, out)
    assert {a["slug"]: a["passages"] for a in manifest["articles"]} == {"kidoku-mushi": 2, SEED_SLUG: 22}
    engine = SearchIndex(out)
    assert engine.passage_count == 24
    new = engine.search("既読無視の理由", 5).hits
    assert (new[0].article["slug"], new[0].heading) == ("kidoku-mushi", "既読無視の理由")
    seed = engine.search("冷却期間を置く", 5).hits
    assert (seed[0].article["slug"], seed[0].heading) == (SEED_SLUG, "冷却期間を置く")


def test_markdown_files_are_articles_whatever_the_case_of_their_extension(content: Path, out: Path) -> None:
    (content / "articles" / "b7.MD").write_text(SMALL_ARTICLE, encoding="utf-8")
    (content / "articles" / "b8.Markdown").write_text(article("b8"), encoding="utf-8")
    manifest = build(content, out)
    assert {a["slug"]: a["source"] for a in manifest["articles"]} == {
        "kidoku-mushi": "articles/b7.MD", "b8": "articles/b8.Markdown", SEED_SLUG: f"articles/{SEED.name}"
    }  # fmt: skip


def test_a_file_among_the_articles_that_the_build_does_not_read_is_named_in_a_warning(
    content: Path, out: Path, capsys: Any
) -> None:
    (content / "articles" / "b9.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (content / "articles" / "drafts").mkdir()
    (content / "articles" / "drafts" / "b10.md.bak").write_text(SMALL_ARTICLE, encoding="utf-8")
    capsys.readouterr()
    manifest = build(content, out)
    err = capsys.readouterr().err
    assert [a["slug"] for a in manifest["articles"]] == [SEED_SLUG]
    not_read = "is not an article (only *.md and *.markdown files are read): not indexed"
    assert f"warning: content/articles/b9.txt {not_read}" in err
    assert f"warning: content/articles/drafts/b10.md.bak {not_read}" in err


# --- validation: file:line messages, every problem at once, nothing built -----------------------


def test_a_file_without_front_matter_is_reported_at_line_1(content: Path, out: Path, capsys: Any) -> None:
    (content / "articles" / "x.md").write_text("## 見出し\n\n本文\n", encoding="utf-8")
    assert fail_build(content, out, capsys) == [
        "content/articles/x.md:1: missing front matter (the file must start with a '---' line)"
    ]


def test_a_missing_front_matter_field_is_reported_where_the_front_matter_ends(
    content: Path, out: Path, capsys: Any
) -> None:
    (content / "articles" / "x.md").write_text(article("x", url=""), encoding="utf-8")
    assert fail_build(content, out, capsys) == ["content/articles/x.md:6: front matter field 'url' is missing"]


def test_a_malformed_front_matter_field_is_reported_on_its_line(content: Path, out: Path, capsys: Any) -> None:
    (content / "articles" / "x.md").write_text(article("x", published="someday"), encoding="utf-8")
    assert fail_build(content, out, capsys) == [
        "content/articles/x.md:6: published 'someday' must be a date (YYYY-MM-DD)"
    ]


def test_an_h3_before_any_h2_is_a_skipped_heading_level(content: Path, out: Path, capsys: Any) -> None:
    (content / "articles" / "x.md").write_text(article("x", "### 小見出し\n\n本文\n"), encoding="utf-8")
    assert fail_build(content, out, capsys) == [
        "content/articles/x.md:9: skipped heading level: '### 小見出し' comes before any '##'"
    ]


def test_an_h4_is_a_skipped_heading_level(content: Path, out: Path, capsys: Any) -> None:
    (content / "articles" / "x.md").write_text(article("x", "## 見出し\n\n#### 深い\n"), encoding="utf-8")
    assert fail_build(content, out, capsys) == [
        "content/articles/x.md:11: skipped heading level: '#### 深い' (use '##' or '###')"
    ]


def test_the_same_heading_path_twice_is_a_duplicate_id(content: Path, out: Path, capsys: Any) -> None:
    body = "## 理由\n\n一つ目\n\n## 理由\n\n二つ目\n"
    (content / "articles" / "x.md").write_text(article("x", body), encoding="utf-8")
    [message] = fail_build(content, out, capsys)
    assert message.startswith("content/articles/x.md:13: duplicate id x-")
    assert message.endswith("heading path 'x の記事 > 理由' is already at content/articles/x.md:9")


def test_a_slug_used_by_two_files_is_reported_on_the_second(content: Path, out: Path, capsys: Any) -> None:
    (content / "articles" / "y.md").write_text(article(SEED_SLUG), encoding="utf-8")
    assert fail_build(content, out, capsys) == [
        f"content/articles/y.md:2: duplicate slug '{SEED_SLUG}' (also in content/articles/{SEED.name}:2)"
    ]


def test_a_file_not_in_utf8_is_reported_at_its_first_bad_line(content: Path, out: Path, capsys: Any) -> None:
    (content / "articles" / "x.md").write_bytes(article("x", "## 見出し\n\n本文\n").encode("shift_jis"))
    assert fail_build(content, out, capsys) == [
        "content/articles/x.md:3: not valid UTF-8 text (save the file as UTF-8)"
    ]


def test_every_problem_in_every_file_is_reported_in_one_run(content: Path, out: Path, capsys: Any) -> None:
    (content / "articles" / "a.md").write_text("no front matter\n", encoding="utf-8")
    (content / "articles" / "b.md").write_text(
        article("b", "### 早すぎる\n\n## 見出し\n\n##### 深い\n", lang=""), encoding="utf-8"
    )
    (content / "articles" / "c.md").write_bytes("---\nslug: c\ntitle: 題\n".encode("euc_jp"))
    assert [line.split(": ")[0] for line in fail_build(content, out, capsys)] == [
        "content/articles/a.md:1",
        "content/articles/b.md:6",
        "content/articles/b.md:8",
        "content/articles/b.md:12",
        "content/articles/c.md:3",
    ]


def test_paths_outside_the_working_directory_are_shown_in_full(
    content: Path, out: Path, capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (content / "articles" / "x.md").write_text("no front matter\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert fail_build(content, out, capsys)[0].startswith(f"{content / 'articles' / 'x.md'}:1: ")


def test_python_m_index_exits_non_zero_with_file_line_messages(content: Path, tmp_path: Path) -> None:
    (content / "articles" / "x.md").write_text(article("x", "### 早すぎる\n"), encoding="utf-8")
    # The same code this test imported: the function's package and the build step.
    code = [str(Path(tayori.__file__).parent.parent), str(Path(index.__file__).parent.parent)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(code)}
    run = subprocess.run(
        [sys.executable, "-m", "index", "--content", "content", "--out", "search_index"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "content/articles/x.md:9: skipped heading level: '### 早すぎる' comes before any '##'" in run.stderr
    assert not (tmp_path / "search_index" / POINTER).exists()


# --- the swap ------------------------------------------------------------------------------------


def test_a_successful_build_points_current_at_itself_and_removes_the_old_build(content: Path, out: Path) -> None:
    build(content, out)
    old = current_build(out)
    (content / "articles" / "kidoku-mushi.md").write_text(SMALL_ARTICLE, encoding="utf-8")
    manifest = build(content, out)
    assert current_build(out).name == manifest["directory"] != old.name
    assert sorted(p.name for p in out.iterdir()) == sorted([POINTER, manifest["directory"]])


def test_a_build_failing_validation_leaves_the_index_in_use_untouched(content: Path, out: Path, capsys: Any) -> None:
    build(content, out)
    before = snapshot(out)
    (content / "articles" / "x.md").write_text("no front matter\n", encoding="utf-8")
    fail_build(content, out, capsys)
    assert snapshot(out) == before


def test_a_crash_while_writing_leaves_the_index_in_use_untouched_and_no_staging(
    content: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(content, out)
    before = snapshot(out)
    written = 0
    real_add = SegmentWriter.add_document

    def add_then_fail(self: SegmentWriter, **fields: Any) -> None:
        nonlocal written
        written += 1
        if written == 3:
            raise OSError("No space left on device")
        real_add(self, **fields)

    monkeypatch.setattr(SegmentWriter, "add_document", add_then_fail)
    with pytest.raises(OSError, match="No space left"):
        build(content, out)
    assert written == 3
    assert snapshot(out) == before
    assert SearchIndex(out).search("冷却期間", 1).hits


def test_a_crash_while_writing_makes_python_m_index_fail_cleanly(
    content: Path, out: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    def fail(self: SegmentWriter, **fields: Any) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(SegmentWriter, "add_document", fail)
    assert main(["--content", str(content), "--out", str(out)]) == 1
    assert "build failed: No space left on device; the index in use is unchanged" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_a_build_clears_staging_left_by_a_build_killed_long_ago_but_not_a_running_one(content: Path, out: Path) -> None:
    abandoned, running = out / ".staging-killed", out / ".staging-running"
    abandoned.mkdir(parents=True)
    running.mkdir()
    two_hours_ago = time.time() - 7200
    os.utime(abandoned, (two_hours_ago, two_hours_ago))
    build(content, out)
    assert (abandoned.exists(), running.exists()) == (False, True)


def test_the_next_build_removes_staging_of_a_build_killed_a_moment_ago(content: Path, out: Path) -> None:
    # A build SIGKILLed mid-way: its process is gone, its staging directory is minutes old.
    killed = subprocess.Popen([sys.executable, "-c", "pass"])
    killed.wait()
    left = out / f".staging-{killed.pid}-0123456789abcdef.20261129T000000000000Z"
    alive = out / f".staging-{os.getpid()}-0123456789abcdef.20261129T000000000001Z"
    left.mkdir(parents=True)
    alive.mkdir()
    build(content, out)
    assert (left.exists(), alive.exists()) == (False, True)


def test_a_finished_build_holds_no_whoosh_write_lock(content: Path, out: Path) -> None:
    build(content, out)
    assert not (current_build(out) / "MAIN_WRITELOCK").exists()


def test_a_build_never_removes_directories_it_did_not_make(content: Path, out: Path) -> None:
    (out / "notes").mkdir(parents=True)
    (out / "notes" / "keep.txt").write_text("mine", encoding="utf-8")
    build(content, out)
    build(content, out)
    assert (out / "notes" / "keep.txt").read_text(encoding="utf-8") == "mine"


# --- the manifest and the build id ---------------------------------------------------------------


def test_the_manifest_describes_the_build(content: Path, out: Path) -> None:
    (content / "articles" / "kidoku-mushi.md").write_text(SMALL_ARTICLE, encoding="utf-8")
    build(content, out)
    manifest = json.loads((current_build(out) / MANIFEST).read_text(encoding="utf-8"))
    assert len(manifest["build_id"]) == 16
    assert current_build(out).name.startswith(manifest["build_id"] + ".")
    assert manifest["passage_count"] == 24
    assert [(a["slug"], a["source"], a["passages"]) for a in manifest["articles"]] == [
        ("kidoku-mushi", "articles/kidoku-mushi.md", 2),
        (SEED_SLUG, f"articles/{SEED.name}", 22),
    ]
    assert manifest["built_at"].endswith("+00:00")
    assert manifest["build_seconds"] > 0
    assert manifest["empty_sections"] == [
        {
            "article": SEED_SLUG,
            "heading": "音信不通にする男性でよくある質問",
            "source": f"articles/{SEED.name}",
            "line": 249,
        }
    ]


def test_the_same_content_gives_the_same_build_id(content: Path, out: Path) -> None:
    first = build(content, out)["build_id"]
    assert build(content, out)["build_id"] == first


def test_changed_content_gives_a_new_build_id(content: Path, out: Path) -> None:
    first = build(content, out)["build_id"]
    seed = content / "articles" / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8").replace("冷静", "落ち着いて"), encoding="utf-8")
    assert build(content, out)["build_id"] != first


def test_a_new_analyzer_version_gives_a_new_build_id(content: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = build(content, out)["build_id"]
    monkeypatch.setattr(index.build, "ANALYZER_VERSION", "next")
    assert build(content, out)["build_id"] != first


def test_editing_the_code_that_makes_terms_gives_a_new_build_id(
    content: Path, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builder_code = tmp_path / "lexicon.py"
    builder_code.write_text("# the lexicon builder\n", encoding="utf-8")
    monkeypatch.setattr(index.build, "TERM_SOURCES", [builder_code])
    first = build(content, out)["build_id"]
    builder_code.write_text("# the lexicon builder, changed\n", encoding="utf-8")
    assert build(content, out)["build_id"] != first


def test_a_changed_build_time_ranking_parameter_gives_a_new_build_id(content: Path, out: Path) -> None:
    first = build(content, out)["build_id"]
    assert build(content, out, dataclasses.replace(RANKING, bm25_k1=1.5))["build_id"] != first


# --- what the editor sees -------------------------------------------------------------------------


def test_progress_names_each_phase_with_its_count_and_ends_with_a_summary(
    content: Path, out: Path, capsys: Any
) -> None:
    (content / "articles" / "kidoku-mushi.md").write_text(SMALL_ARTICLE, encoding="utf-8")
    assert main(["--content", str(content), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    finished = [line.split(" in ")[0] for line in lines if ": done" in line]
    assert finished == [
        "[index] lexicon: articles analysed with Sudachi: done, 2",
        "[index] general resources: English and synonym rules (JMdict, Sudachi): done",  # counts nothing
        "[index] index: passages analysed and written: done, 24",
        finished[3],
    ]
    assert finished[3].startswith("[index] impacts: terms scored with BM25F: done, ")
    assert lines[-1].startswith("[index] built ")
    assert "24 passages from 2 article(s), 1 empty section(s)" in lines[-1]


def test_an_empty_section_is_reported_on_stderr(content: Path, out: Path, capsys: Any) -> None:
    assert main(["--content", str(content), "--out", str(out)]) == 0
    assert (
        f"[index] warning: content/articles/{SEED.name}:249: section '音信不通にする男性でよくある質問'"
        " is empty: nothing indexed"
    ) in capsys.readouterr().err.splitlines()


# --- the editors' rule files ---------------------------------------------------------------------


def test_a_synonym_made_only_of_function_words_is_reported_with_its_line(content: Path, out: Path, capsys: Any) -> None:
    (content / "synonyms.txt").write_text("# groups\n期間, どのくらい\n", encoding="utf-8")
    assert main(["--content", str(content), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "content/synonyms.txt:2: 'どのくらい' is only function words: it never matches" in err
    assert "'期間'" not in err


def test_a_question_word_the_editors_list_is_a_word_though_it_is_particles(content: Path, out: Path) -> None:
    (content / "intents.txt").write_text("なぜ, なんで, 理由\n", encoding="utf-8")
    assert main(["--content", str(content), "--out", str(out)]) == 0
    plan = SearchIndex(out).planner.plan("なんで連絡くれないの")
    assert any(c.intent and ("理由",) in c.alternatives for c in plan.concepts)
