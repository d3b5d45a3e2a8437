"""`make import`: a publisher's existing pages, WordPress export and REST API posts become Tayori articles
that `make index` accepts and readers can search; what cannot be mapped is said, with where."""

from __future__ import annotations

import html
import json
import re
import shlex
import shutil
import textwrap
from pathlib import Path

import pytest

from importer import cli
from index.build import build
from index.content import parse_article
from tayori.engine import SearchIndex
from tests.conftest import SEED_ARTICLE

REPOSITORY = Path(__file__).resolve().parents[1]
SEED_TEXT = REPOSITORY / "tests" / "data" / "otoshin-futsu-sonogo.txt"


def wordpress_page(title: str, canonical: str, published: str, content: str) -> str:
    """A full page as a typical WordPress theme renders a post: header and menu, breadcrumbs, share buttons,
    a table of contents and an ad in the body, related posts, a sidebar, a footer and scripts."""
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="UTF-8">
<title>{title} | 恋のお悩みメディア</title>
<link rel="canonical" href="{canonical}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}T09:00:00+09:00">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-TEST"></script>
<script>window.dataLayer = window.dataLayer || [];</script>
<style>.speech-bubble {{ display: flex }}</style>
</head>
<body class="post-template-default single single-post">
<header id="masthead" class="site-header"><div class="site-branding"><a href="/">恋のお悩みメディア</a></div>
<nav id="site-navigation" class="main-navigation"><ul><li><a href="/love/">恋愛</a></li>
<li><a href="/fukuen/">復縁</a></li><li><a href="/line/">LINE</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">ホーム</a> › <a href="/love/">恋愛</a></div>
<div id="content" class="site-content"><main id="main" class="site-main">
<article id="post-1042" class="post-1042 post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta">
<time class="entry-date published" datetime="{published}T09:00:00+09:00">{published}</time></div>
</header>
<div class="share-buttons"><a href="#">Xでポスト</a><a href="#">LINEで送る</a><a href="#">はてブ</a></div>
<div class="entry-content">
<div id="toc_container" class="toc"><p class="toc_title">目次</p>
<ul class="toc_list"><li><a href="#s1">見出し</a></li></ul></div>
{content}
<ins class="adsbygoogle" data-ad-client="ca-pub-1"></ins>
<script>(adsbygoogle = window.adsbygoogle || []).push({{}});</script>
</div>
<div class="share-buttons"><a href="#">Xでポスト</a><a href="#">LINEで送る</a></div>
<div class="related-posts"><h3>関連記事</h3><ul><li><a href="/love/kidoku">既読無視する男性の心理</a></li></ul></div>
</article></main>
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">人気記事</h2>
<ul><li><a href="/line/">LINEが続かない理由</a></li></ul></section></aside></div>
<footer class="site-footer"><p>© 2025 恋のお悩みメディア</p></footer>
<script src="/wp-includes/js/wp-embed.min.js"></script>
</body></html>
"""


def speech_bubble(text: str) -> str:
    """A theme's speech bubble: the speaker's picture beside the remark."""
    return (
        '<div class="speech-bubble speech-bubble--left"><div class="speech-bubble__icon">'
        '<img src="/wp-content/uploads/editor.png" alt="編集部"></div>'
        f'<div class="speech-bubble__text"><p>{html.escape(text, quote=False)}</p></div></div>'
    )


FIRST_DATE_CONTENT = f"""
<p>初デートの前は、誰でも緊張しますよね。<br>
この記事では、初デートで話す話題の選び方を紹介します。</p>
<h2 class="wp-block-heading">初デートで盛り上がる話題</h2>
<p>共通の趣味の話は、自然に会話が続きます。</p>
<h3 class="wp-block-heading">休日の過ごし方を聞く</h3>
<p>休日の過ごし方を聞くと、相手の生活が見えてきます。</p>
<p class="list-caption"><strong>たとえば</strong></p>
<ul class="wp-block-list"><li>最近行ったカフェ</li><li>好きな映画のジャンル</li></ul>
{speech_bubble("質問攻めにならないよう、自分の話もしてくださいね。")}
<h3 class="wp-block-heading">避けたい話題</h3>
<p>元恋人の話や、お金の話は初デートでは避けましょう。</p>
"""


def import_into(articles: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run the import as `make import` does; returns its exit status and its progress output."""
    capsys.readouterr()
    status = cli.main([*args, "--out", str(articles)])
    return status, capsys.readouterr().err


def search(content_dir: Path, tmp_path: Path, query: str) -> list[tuple[str, str]]:
    """Build the index from content_dir with the real build step and search it with the real engine:
    (article slug, passage heading) of each result."""
    root = tmp_path / "search_index"
    build(content_dir, root)
    outcome = SearchIndex(root).search(query, 5)
    return [(hit.article["slug"], hit.heading) for hit in outcome.hits]


def test_a_saved_page_becomes_an_article_without_the_site_around_it(tmp_path: Path, capsys) -> None:
    page = tmp_path / "site" / "first-date-topics.html"
    page.parent.mkdir()
    canonical = "https://koi.example/love/first-date-topics"
    page.write_text(wordpress_page("初デートで話す話題", canonical, "2025-05-20", FIRST_DATE_CONTENT), encoding="utf-8")
    content = tmp_path / "content"
    status, progress = import_into(content / "articles", str(page.parent), capsys=capsys)

    assert status == 0
    assert (content / "articles" / "first-date-topics.md").read_text(encoding="utf-8") == textwrap.dedent(
        """\
        ---
        slug: first-date-topics
        title: 初デートで話す話題
        url: https://koi.example/love/first-date-topics
        lang: ja
        published: 2025-05-20
        ---

        初デートの前は、誰でも緊張しますよね。
        この記事では、初デートで話す話題の選び方を紹介します。

        ## 初デートで盛り上がる話題

        共通の趣味の話は、自然に会話が続きます。

        ### 休日の過ごし方を聞く

        休日の過ごし方を聞くと、相手の生活が見えてきます。

        **たとえば**
        - 最近行ったカフェ
        - 好きな映画のジャンル

        > 質問攻めにならないよう、自分の話もしてくださいね。

        ### 避けたい話題

        元恋人の話や、お金の話は初デートでは避けましょう。
        """
    )
    assert f"[1/1] {page}" in progress and "first-date-topics.md: 4 passages" in progress
    assert "dropped scripts and styles 1, ads 1, tables of contents 1" in progress
    assert "imported 1, skipped 0, not imported 0" in progress
    assert search(content, tmp_path, "初デート 避けたい話題")[0] == ("first-date-topics", "避けたい話題")


WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>恋のお悩みメディア</title>
  <link>https://koi.example</link>
  <language>ja</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <item>
    <title>既読無視されたときの対処法</title>
    <link>https://koi.example/line/kidoku-mushi/</link>
    <dc:creator><![CDATA[editor]]></dc:creator>
    <content:encoded><![CDATA[<!-- wp:paragraph -->
<p>LINEを既読無視されると、不安になりますよね。</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2 class="wp-block-heading">既読無視の理由</h2>
<!-- /wp:heading -->

<!-- wp:paragraph -->
<p>忙しくて返信を後回しにしているだけのことも多いです。</p>
<!-- /wp:paragraph -->

<!-- wp:image -->
<figure class="wp-block-image"><img src="/wp-content/uploads/phone.jpg" alt="スマホを見る女性"/></figure>
<!-- /wp:image -->

<!-- wp:heading {"level":4} -->
<h4 class="wp-block-heading">返信の催促は逆効果</h4>
<!-- /wp:heading -->]]></content:encoded>
    <wp:post_id>12</wp:post_id>
    <wp:post_date><![CDATA[2025-04-02 10:00:00]]></wp:post_date>
    <wp:post_name><![CDATA[kidoku-mushi]]></wp:post_name>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
  </item>
  <item>
    <title>会話が続かないときは</title>
    <link>https://koi.example/?p=13</link>
    <content:encoded><![CDATA[会話が続かないときは、質問を一つだけ用意しておきましょう。
沈黙を怖がらないことも大切です。

<h2>質問の選び方</h2>
相手が答えやすい、はいかいいえで終わらない質問を選びます。]]></content:encoded>
    <wp:post_id>13</wp:post_id>
    <wp:post_date><![CDATA[2025-04-10 08:30:00]]></wp:post_date>
    <wp:post_name><![CDATA[kaiwa-tsuzukanai]]></wp:post_name>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
  </item>
  <item>
    <title>下書き</title>
    <content:encoded><![CDATA[<p>まだ公開していない記事。</p>]]></content:encoded>
    <wp:post_id>14</wp:post_id>
    <wp:post_name><![CDATA[draft]]></wp:post_name>
    <wp:status><![CDATA[draft]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
  </item>
  <item>
    <title>お問い合わせ</title>
    <content:encoded><![CDATA[<p>固定ページ</p>]]></content:encoded>
    <wp:post_id>2</wp:post_id>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[page]]></wp:post_type>
  </item>
</channel>
</rss>
"""


def test_a_wordpress_export_brings_its_published_posts_and_says_what_it_left_out(tmp_path: Path, capsys) -> None:
    export = tmp_path / "koi.WordPress.2025-06-01.xml"
    export.write_text(WXR, encoding="utf-8")
    content = tmp_path / "content"
    status, progress = import_into(content / "articles", str(export), capsys=capsys)

    assert status == 0
    assert sorted(p.name for p in (content / "articles").iterdir()) == ["kaiwa-tsuzukanai.md", "kidoku-mushi.md"]
    kidoku = (content / "articles" / "kidoku-mushi.md").read_text(encoding="utf-8")
    assert "published: 2025-04-02\n" in kidoku and "url: https://koi.example/line/kidoku-mushi/\n" in kidoku
    assert "wp:paragraph" not in kidoku
    # The image and the H4 are said, with the export's line; the alt text and the H4's text are kept.
    image_line = WXR.splitlines().index('<figure class="wp-block-image"><img src="/wp-content/uploads/phone.jpg"'
                                        ' alt="スマホを見る女性"/></figure>') + 1  # fmt: skip
    assert f"{export}:{image_line}: <img> not imported: Tayori indexes text (alt text 'スマホを見る女性'" in progress
    assert f"{export}:{image_line + 4}: <h4> '返信の催促は逆効果' written as a paragraph" in progress
    assert "スマホを見る女性\n\n返信の催促は逆効果\n" in kidoku
    # The classic editor's bare text: blank lines are paragraphs, line breaks are lines.
    kaiwa = parse_article(content / "articles" / "kaiwa-tsuzukanai.md")[1]
    assert [(p.heading, p.text) for p in kaiwa] == [
        ("会話が続かないときは", "会話が続かないときは、質問を一つだけ用意しておきましょう。\n沈黙を怖がらないことも大切です。"),  # noqa: E501
        ("質問の選び方", "相手が答えやすい、はいかいいえで終わらない質問を選びます。"),
    ]
    assert f"{export}: skipped: 1 post not published (draft: 「下書き」), 1 page (「お問い合わせ」)" in progress
    assert "imported 2, skipped 2, not imported 0" in progress
    assert search(content, tmp_path, "既読無視 理由")[0] == ("kidoku-mushi", "既読無視の理由")


REST_POSTS = [
    {
        "id": 31,
        "date": "2025-03-15T21:00:00",
        "slug": "%e5%86%b7%e5%8d%b4%e6%9c%9f%e9%96%93",  # a Japanese slug, as WordPress stores it
        "link": "https://koi.example/%e5%86%b7%e5%8d%b4%e6%9c%9f%e9%96%93/",
        "title": {"rendered": "冷却期間の長さ &#8211; 復縁のために"},
        "content": {
            "rendered": '<p>復縁を考えるなら、冷却期間を置きましょう。</p>\n<h2 id="kikan">冷却期間の目安</h2>\n'
            "<p>目安は一か月から三か月です。</p>\n"
            '<div class="wp-block-group balloon"><p>焦らず待つことが近道です。</p></div>\n'
            '<p><iframe src="https://www.youtube.com/embed/x"></iframe></p>'
        },
    }
]


def test_rest_api_posts_are_imported_and_a_japanese_slug_gets_a_stable_ascii_name(tmp_path: Path, capsys) -> None:
    posts = tmp_path / "posts.json"
    posts.write_text(json.dumps(REST_POSTS, ensure_ascii=False), encoding="utf-8")
    content = tmp_path / "content"
    status, progress = import_into(content / "articles", str(posts), capsys=capsys)

    assert status == 0
    [written] = list((content / "articles").iterdir())
    article, passages = parse_article(written)
    assert written.name == f"{article.slug}.md" and article.slug.startswith("article-")
    assert article.title == "冷却期間の長さ – 復縁のために"
    assert (article.published, article.lang) == ("2025-03-15", "ja")
    assert f"{posts}#post-31: no ASCII slug in the source or its URL: named '{article.slug}'" in progress
    assert f"{posts}#post-31 <iframe>: <iframe> not imported" in progress
    assert [(p.heading, [(b.kind, b.text) for b in p.blocks]) for p in passages][1] == (
        "冷却期間の目安",
        [("paragraph", "目安は一か月から三か月です。"), ("callout", "焦らず待つことが近道です。")],
    )
    assert search(content, tmp_path, "冷却期間 目安")[0] == (article.slug, "冷却期間の目安")

    # The same post imported again gets the same name, so its passages keep their ids.
    again = tmp_path / "again"
    import_into(again, str(posts), capsys=capsys)
    assert [p.name for p in again.iterdir()] == [written.name]


def seed_page() -> str:
    """The seed article's page rebuilt from its text (tests/data: the page's text, bubble pictures gone)
    as a WordPress theme would show it: the headings, the lists' captions and the speech bubbles are
    what the text alone cannot tell, so they are named here."""
    h2 = {
        "音信不通にする男性の特徴", "音信不通にする男性の心理", "音信不通にする男性からその後連絡が来るのはなぜ?",
        "音信不通にする男性からその後連絡をもらう方法", "音信不通にする男性でよくある質問",
        "まとめ|音信不通にする男 その後",
    }  # fmt: skip
    h3 = {
        "仕事が忙しくて連絡できない", "他に熱中しているものがある", "連絡の頻度を気にしていない", "恋愛の優先度が低い",
        "コミュニケーションが苦手", "連絡するのが億劫だと感じている", "相手への気持ちがなくなった",
        "恋愛そのものに疲れている", "他の女性が気になっている", "自然消滅を狙っている", "時間の余裕ができたから",
        "気持ちの整理がついたから", "孤独や寂しさを感じたから", "冷却期間を置く", "相手を責めない",
        "様子見で短いメッセージを送る",
    }  # fmt: skip
    captions = {"たとえば", "連絡できない理由", "適切な冷却期間とは?", "こんな連絡を心がけて!"}
    lines = SEED_TEXT.read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            out.append("<p>" + "<br>\n".join(paragraph) + "</p>")
            paragraph.clear()

    after_blank = False
    for n, line in enumerate(lines):
        text = html.escape(line, quote=False)
        if not line.strip():  # where a bubble's picture was: the next line is the bubble's remark
            end_paragraph()
            after_blank = True
        elif after_blank:
            out.append(speech_bubble(line))
            after_blank = False
        elif line in h2 or line in h3:
            end_paragraph()
            tag = "h2" if line in h2 else "h3"
            out.append(f'<{tag} class="wp-block-heading" id="section-{n}">{text}</{tag}>')
        elif line in captions:
            end_paragraph()
            out.append(f'<p class="list-caption"><strong>{text}</strong></p>')
        elif line.startswith("- "):
            end_paragraph()
            item = f"<li>{html.escape(line[2:], quote=False)}</li>"
            if out[-1].endswith("</ul>"):
                out[-1] = out[-1].removesuffix("</ul>") + item + "</ul>"
            else:
                out.append(f'<ul class="wp-block-list">{item}</ul>')
        else:
            paragraph.append(text)
    end_paragraph()
    return wordpress_page(
        "音信不通にする男性の特徴と心理|その後連絡をもらう方法",
        "https://media.tayori.example/love/otoshin-futsu-sonogo",
        "2025-06-01",
        "\n".join(out),
    )


def test_the_seed_articles_page_imports_to_the_same_passages_as_its_article_in_content(tmp_path: Path, capsys) -> None:
    page = tmp_path / "otoshin-futsu-sonogo.html"
    page.write_text(seed_page(), encoding="utf-8")
    status, progress = import_into(tmp_path / "articles", str(page), capsys=capsys)
    assert status == 0, progress

    def passages(path: Path) -> list[tuple[str, list[str], list[tuple[str, str]]]]:
        return [(p.id, p.heading_path, [(b.kind, b.text) for b in p.blocks]) for p in parse_article(path)[1]]

    imported = passages(tmp_path / "articles" / "otoshin-futsu-sonogo.md")
    assert len(imported) == 23  # the lead, 6 H2 and 16 H3 sections
    assert imported == passages(SEED_ARTICLE)
    assert (tmp_path / "articles" / "otoshin-futsu-sonogo.md").read_bytes() == SEED_ARTICLE.read_bytes()


def first_date_imported(tmp_path: Path, capsys) -> tuple[Path, Path, str]:
    """(saved page, articles folder, canonical url): a first import of a saved WordPress page."""
    page = tmp_path / "first-date-topics.html"
    canonical = "https://koi.example/love/first-date-topics"
    page.write_text(wordpress_page("初デートで話す話題", canonical, "2025-05-20", FIRST_DATE_CONTENT), encoding="utf-8")
    articles = tmp_path / "articles"
    import_into(articles, str(page), capsys=capsys)
    return page, articles, canonical


def test_existing_articles_are_kept_unless_forced_and_reimports_keep_ids(tmp_path: Path, capsys) -> None:
    page, articles, canonical = first_date_imported(tmp_path, capsys)
    first = parse_article(articles / "first-date-topics.md")[1]

    edited = articles / "first-date-topics.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n編集部が書き足した一文。\n", encoding="utf-8")
    status, progress = import_into(articles, str(page), capsys=capsys)
    assert status == 0
    assert f"skipped: {edited} exists: not overwritten (use --force to replace it)" in progress
    assert "編集部が書き足した一文。" in edited.read_text(encoding="utf-8")

    # The page changes on the site; the editor had renamed the article: --force re-imports into that file and slug.
    changed = FIRST_DATE_CONTENT.replace("避けましょう。", "避けたほうが無難です。")
    page.write_text(wordpress_page("初デートで話す話題", canonical, "2025-05-20", changed), encoding="utf-8")
    renamed = articles / "hatsu-date.md"
    edited.rename(renamed)
    renamed.write_text(renamed.read_text(encoding="utf-8").replace("slug: first-date-topics", "slug: hatsu-date"))
    status, progress = import_into(articles, str(page), "--force", capsys=capsys)
    assert status == 0 and [p.name for p in articles.iterdir()] == ["hatsu-date.md"]
    second = parse_article(renamed)[1]
    assert [p.id.removeprefix("hatsu-date") for p in second] == [p.id.removeprefix("first-date-topics") for p in first]
    assert second[-1].text == "元恋人の話や、お金の話は初デートでは避けたほうが無難です。"


def test_an_article_saved_with_an_upper_case_extension_is_the_one_a_reimport_finds(tmp_path: Path, capsys) -> None:
    page, articles, _ = first_date_imported(tmp_path, capsys)
    upper = articles / "B7.MD"  # `make index` reads it: the import must not write the same article again
    (articles / "first-date-topics.md").rename(upper)
    status, progress = import_into(articles, str(page), capsys=capsys)
    assert status == 0
    assert f"skipped: {upper} exists: not overwritten (use --force to replace it)" in progress
    assert [p.name for p in articles.iterdir()] == ["B7.MD"]


def test_an_article_that_would_break_the_build_is_not_written_and_the_reasons_are_said(tmp_path: Path, capsys) -> None:
    # Two H3s with one heading under one H2 would share a passage id; the page also states no date.
    content = """<p>リード文。</p>
<h2>理由</h2>
<h3>忙しい</h3>
<p>一つ目。</p>
<h3>忙しい</h3>
<p>二つ目。</p>"""
    page = tmp_path / "broken.html"
    page.write_text(
        f'<html lang="ja"><head><title>壊れた記事</title><link rel="canonical" href="https://koi.example/broken">'
        f"</head><body><article>{content}</article></body></html>",
        encoding="utf-8",
    )
    status, progress = import_into(tmp_path / "articles", str(page), capsys=capsys)
    assert status == 1
    assert not (tmp_path / "articles").exists()
    assert f"[1/1] {page}: not imported (1 problem(s))" in progress
    assert f"{page}: front matter field 'published' is missing" in progress
    assert "imported 0, skipped 0, not imported 1" in progress

    status, progress = import_into(tmp_path / "articles", str(page), "--published", "2025-01-01", capsys=capsys)
    assert status == 1 and not (tmp_path / "articles").exists()
    assert f"{page}:5: <h3> '忙しい': duplicate id broken-" in progress
    assert f"heading path '壊れた記事 > 理由 > 忙しい' is already at {page}:3" in progress


def walkthrough_args(doc: Path) -> list[str]:
    """The IMPORT_ARGS of the doc's `make import SRC=examples/koi-site IMPORT_ARGS='…'` walkthrough."""
    [command] = re.findall(r"make import SRC=examples/koi-site IMPORT_ARGS='([^']*)'", doc.read_text(encoding="utf-8"))
    return shlex.split(command)


def publishers_content(tmp_path: Path) -> Path:
    """A content folder with the repository's own partners.toml (the publisher's origins) and no articles."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(REPOSITORY / "content" / "partners.toml", content / "partners.toml")
    return content


def test_the_readmes_example_site_imports_and_answers_searches(tmp_path: Path, capsys) -> None:
    """README's and docs/import.md's walkthrough, as written, with the repository's partners.toml."""
    args = walkthrough_args(REPOSITORY / "README.md")
    assert walkthrough_args(REPOSITORY / "docs" / "import.md") == args
    content = publishers_content(tmp_path)
    site = REPOSITORY / "examples" / "koi-site"
    status, progress = import_into(content / "articles", str(site), *args, capsys=capsys)
    assert status == 0, progress
    assert "imported 2, skipped 0, not imported 0" in progress
    static_page = parse_article(content / "articles" / "reikyaku-kikan.md")[0]
    assert static_page.url == "https://media.tayori.example/fukuen/reikyaku-kikan"
    assert static_page.published == "2025-04-20"
    assert search(content, tmp_path, "既読スルー 理由")[0] == ("kidoku-suru-riyuu", "彼が既読スルーする理由")
    assert search(content, tmp_path, "喧嘩別れ 冷却期間")[0] == ("reikyaku-kikan", "喧嘩別れした場合")


def test_a_url_base_off_the_publishers_site_is_refused_before_anything_is_written(tmp_path: Path, capsys) -> None:
    content = publishers_content(tmp_path)
    site = REPOSITORY / "examples" / "koi-site"
    status, progress = import_into(content / "articles", str(site), "--url-base", "https://koi.example", capsys=capsys)

    assert status == 2
    assert not (content / "articles").exists()
    partners = content / "partners.toml"
    assert progress.strip().endswith(
        "import: --url-base: https://koi.example is not on the publisher's site (https://media.tayori.example),"
        " so make index would refuse the articles: pass --url-base https://media.tayori.example,"
        f" or add https://koi.example to [publisher] origins in {partners} if that site is the publisher's too"
    )


def test_posts_linked_off_the_publishers_site_are_refused_with_the_origin_to_add(tmp_path: Path, capsys) -> None:
    content = publishers_content(tmp_path)
    posts = tmp_path / "posts.json"
    posts.write_text(json.dumps(REST_POSTS, ensure_ascii=False), encoding="utf-8")
    status, progress = import_into(content / "articles", str(posts), capsys=capsys)

    assert status == 2 and not (content / "articles").exists()
    assert f"import: {posts}: 1 article url(s) are on https://koi.example (first: {REST_POSTS[0]['link']})" in progress
    assert f"add https://koi.example to [publisher] origins in {content / 'partners.toml'}" in progress

    # Once the publisher says that site is theirs too, the same import goes through and the build accepts it.
    partners = content / "partners.toml"
    partners.write_text(
        partners.read_text(encoding="utf-8").replace(
            'origins = ["https://media.tayori.example"]', 'origins = ["https://media.tayori.example", "https://koi.example"]'
        ),
        encoding="utf-8",
    )
    status, progress = import_into(content / "articles", str(posts), capsys=capsys)
    assert status == 0, progress
    assert search(content, tmp_path, "冷却期間 目安")[0][1] == "冷却期間の目安"


def test_a_page_whose_canonical_url_is_off_the_publishers_site_is_not_written(tmp_path: Path, capsys) -> None:
    content = publishers_content(tmp_path)
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, origin in (("ours", "https://media.tayori.example"), ("theirs", "https://koi.example")):
        page = wordpress_page("初デートの話題", f"{origin}/love/{name}", "2025-05-10", FIRST_DATE_CONTENT)
        (pages / f"{name}.html").write_text(page, encoding="utf-8")
    status, progress = import_into(content / "articles", str(pages), capsys=capsys)

    assert status == 1
    assert [p.name for p in (content / "articles").iterdir()] == ["ours.md"]
    partners = content / "partners.toml"
    assert (
        f"{pages / 'theirs.html'}: url 'https://koi.example/love/theirs' is not on the publisher's site"
        f" (https://media.tayori.example) (add https://koi.example to [publisher] origins in {partners}"
        " if that site is the publisher's too)"
    ) in progress


def test_furigana_is_left_out_and_a_link_definition_lookalike_is_kept_as_text(tmp_path: Path, capsys) -> None:
    # `[PR]: …` at the start of a paragraph reads as a Markdown link definition: escaped, it stays text.
    page = tmp_path / "pr.html"
    page.write_text(
        '<html lang="ja"><head><title>PR表記</title><link rel="canonical" href="https://koi.example/pr">\n'
        '<meta property="article:published_time" content="2025-02-01"></head><body><article>\n'
        "<p>リード文。<ruby>漢字<rt>かんじ</rt></ruby>も読みがなを除いて取り込みます。</p>\n"
        "<p>[PR]: この記事にはプロモーションを含みます</p>\n"
        "<h2>本文</h2><p>本文です。</p></article></body></html>\n",
        encoding="utf-8",
    )
    status, progress = import_into(tmp_path / "articles", str(page), capsys=capsys)
    assert status == 0, progress
    lead = parse_article(tmp_path / "articles" / "pr.md")[1][0]
    assert lead.text == "リード文。漢字も読みがなを除いて取り込みます。\n[PR]: この記事にはプロモーションを含みます"


# --- What a tester found with a made-up WordPress site (issue 11) -------------------------------------------------


def saved_page(folder: Path, name: str, head: str, body: str) -> Path:
    """A saved page: `head` inside <head> after its title, `body` inside <body>."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!DOCTYPE html><html lang="ja"><head><title>{path.stem} | しごとの相談室</title>\n{head}'
                    f"</head>\n<body>{body}</body></html>\n", encoding="utf-8")  # fmt: skip
    return path


def canonical(slug: str, published: str = "2025-02-02") -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return f'<link rel="canonical" href="https://shigoto.example/{slug}/">{meta}\n'


def written(articles: Path, slug: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(block kind, text)]) of each passage of an imported article."""
    return [(p.heading, [(b.kind, b.text) for b in p.blocks]) for p in parse_article(articles / f"{slug}.md")[1]]


COCOON_HEADER = """<article class="article"><header class="article-header entry-header">
<h1 class="entry-title">上司と合わないとき</h1><div class="date-tags"><span class="post-date">
<time class="entry-date date published" datetime="2025-03-04T09:00:00+09:00">2025.03.04</time></span>
<span class="post-update">
<time class="entry-date date updated" datetime="2025-04-10T09:00:00+09:00">2025.04.10</time></span>
</div></header><div class="entry-content"><p>合わない上司との付き合い方。</p></div></article>"""


def test_the_published_date_is_the_one_the_page_states_and_the_import_says_where_it_found_it(
    tmp_path: Path, capsys
) -> None:
    site = tmp_path / "site"
    saved_page(site, "cocoon.html", canonical("cocoon", published=""), COCOON_HEADER)
    json_ld = {"@type": "BlogPosting", "datePublished": "2023-11-20T12:00:00+09:00", "dateModified": "2024-01-05"}
    script = f'<script type="application/ld+json">{json.dumps(json_ld)}</script>'
    saved_page(site, "json-ld.html", canonical("json-ld", published="") + script,
               '<div class="entry-content"><p>本文。</p></div>')  # fmt: skip
    saved_page(site, "meta.html", canonical("meta", published="2024-09-18T07:30:00+09:00"),
               '<div class="entry-content"><time datetime="2020-01-01">2020.01.01</time><p>本文。</p>'
               "</div>")  # fmt: skip
    saved_page(site, "only-updated.html", canonical("only-updated", published=""),
               '<article><header class="entry-header"><time class="updated" datetime="2025-04-10">2025.04.10</time>'
               '</header><div class="entry-content"><p>2025年3月1日に書いた本文。</p></div></article>')  # fmt: skip
    articles = tmp_path / "articles"
    status, progress = import_into(articles, str(site), capsys=capsys)

    assert parse_article(articles / "cocoon.md")[0].published == "2025-03-04"
    assert "cocoon.md: 1 passages; published 2025-03-04 from <time class=published datetime>" in progress
    assert parse_article(articles / "json-ld.md")[0].published == "2023-11-20"
    assert "json-ld.md: 1 passages; published 2023-11-20 from JSON-LD datePublished" in progress
    assert parse_article(articles / "meta.md")[0].published == "2024-09-18"
    assert "meta.md: 1 passages; published 2024-09-18 from meta article:published_time" in progress
    # Only an update time and a date in the text: no published date is made up; the import says what to do.
    assert status == 1 and not (articles / "only-updated.md").exists()
    missing = "front matter field 'published' is missing (the source states no date"
    assert f"{site / 'only-updated.html'}: {missing}" in progress


def test_a_page_with_no_article_body_is_not_imported_and_said_so(tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    archive = saved_page(site, "category.html", canonical("category/tenshoku"),
                         '<header id="header"><nav><ul><li><a href="/">ホーム</a></li></ul></nav></header>'
                         '<div class="sidebar"><div class="widget">人気記事</div></div>'
                         "<footer>© しごとの相談室</footer>")  # fmt: skip
    photos = saved_page(site, "photos.html", canonical("photos"),
                        '<div class="entry-content"><figure><img src="a.jpg"></figure>'
                        "<table><tr><td></td></tr></table></div>")  # fmt: skip
    saved_page(site, "fine.html", canonical("fine"), '<div class="entry-content"><p>本文のある記事。</p></div>')
    posts = tmp_path / "posts.json"
    posts.write_text(json.dumps([
        {"id": 1, "title": {"rendered": "保護"}, "content": {"rendered": "", "protected": True}, "status": "publish",
         "link": "https://shigoto.example/p/", "date": "2025-01-01T00:00:00", "slug": "protected-post"},
        {"id": 2, "title": {"rendered": "下書き"}, "content": {"rendered": "<p>未公開。</p>"}, "status": "draft",
         "link": "https://shigoto.example/?p=2", "date": "2025-01-01T00:00:00", "slug": "draft-post"},
    ], ensure_ascii=False), encoding="utf-8")  # fmt: skip
    articles = tmp_path / "articles"
    status, progress = import_into(articles, str(site), capsys=capsys)
    assert status == 1
    assert f"{archive}: not imported: no article body found" in progress
    assert f"{photos}: not imported: no article body found" in progress
    assert [p.name for p in articles.iterdir()] == ["fine.md"]
    assert "imported 1, skipped 0, not imported 2" in progress

    status, progress = import_into(articles, str(posts), capsys=capsys)
    assert status == 1 and [p.name for p in articles.iterdir()] == ["fine.md"]
    assert f"{posts}#post-1: not imported: password-protected (content.protected): no article body found" in progress
    assert f"{posts}#post-2: skipped: status 'draft', not published" in progress
    assert "imported 0, skipped 1, not imported 1" in progress


def test_text_that_looks_like_markdown_or_html_is_imported_as_the_page_shows_it(tmp_path: Path, capsys) -> None:
    shown = [
        "[PR]: この記事には広告が含まれます",
        "1. 行頭の番号",
        "- 行頭のハイフン",
        "+ 行頭のプラス",
        "# 行頭の記号",
        "> 引用ではない",
        "*アスタリスク* と _下線_ と `コード` と [括弧](x) と **太字記号**",
        "<div>タグの話</div> と &amp; と \\ バックスラッシュ",
        "=== と ~~~ と | 縦線 |",
    ]
    paragraphs = "".join(f"<p>{html.escape(text)}</p>" for text in shown)
    page = saved_page(tmp_path, "kigou.html", canonical("kigou"),
                      f'<div class="entry-content"><p>リード文。</p><h2>記号の話</h2>{paragraphs}'
                      f"<ul><li>{html.escape('1. 項目の中の番号')}</li></ul></div>")  # fmt: skip
    articles = tmp_path / "articles"
    status, progress = import_into(articles, str(page), capsys=capsys)
    assert status == 0, progress
    assert written(articles, "kigou")[1] == (
        "記号の話", [("paragraph", text) for text in shown] + [("item", "1. 項目の中の番号")]
    )


def test_where_an_article_is_still_refused_the_message_points_at_the_source(tmp_path: Path, capsys) -> None:
    page = saved_page(tmp_path, "twice.html", canonical("twice"),
                      '<div class="entry-content"><p>リード文。</p>\n<h2>見出し</h2><p>一つ目。</p>\n'
                      "<h2>見出し</h2><p>同じ見出しがもう一度。</p><h3></h3><p>空の見出しの後。</p></div>")  # fmt: skip
    status, progress = import_into(tmp_path / "articles", str(page), capsys=capsys)
    assert status == 1 and not (tmp_path / "articles").exists()
    assert f"{page}:6: <h2> '見出し': duplicate id twice-" in progress
    assert f"heading path 'twice > 見出し' is already at {page}:5 (two sections under one heading path" in progress
    assert f"{page}:6: <h3> with no text dropped: its content stays in the section before it" in progress
    assert ".md" not in progress.replace("twice.md", "")  # no line of a file that was never written


def test_list_items_without_closing_tags_are_read_as_a_browser_reads_them(tmp_path: Path, capsys) -> None:
    page = saved_page(tmp_path, "unclosed.html", canonical("unclosed"),
                      '<div class="entry-content"><p>閉じタグのない段落\n<h2>見出し<b>太字が閉じない</h2>\n'
                      "<p>本文 <i>斜体<p>次の段落\n<ul><li>項目1<li>項目2\n<h3>小見出し</h3><p>最後の文。")  # fmt: skip
    articles = tmp_path / "articles"
    status, progress = import_into(articles, str(page), capsys=capsys)
    assert status == 0, progress
    assert written(articles, "unclosed") == [
        ("unclosed", [("paragraph", "閉じタグのない段落")]),
        ("見出し太字が閉じない",
         [("paragraph", "本文 斜体"), ("paragraph", "次の段落"), ("item", "項目1"), ("item", "項目2")]),
        ("小見出し", [("paragraph", "最後の文。")]),
    ]


def test_files_in_a_folder_that_are_not_articles_are_skipped_and_the_rest_imported(tmp_path: Path, capsys) -> None:
    mirror = tmp_path / "mirror"
    body = '<div class="entry-content"><p>本文。</p></div>'
    page = saved_page(mirror, "tenshoku/timing.html", canonical("timing"), body)
    (mirror / "sitemap.xml").write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                       "<url><loc>https://shigoto.example/timing/</loc></url></urlset>")  # fmt: skip
    (mirror / "manifest.json").write_text('{"name": "しごとの相談室", "icons": []}', encoding="utf-8")
    (mirror / "broken.xml").write_text("<rss><channel>", encoding="utf-8")
    articles = tmp_path / "articles"
    status, progress = import_into(articles, str(mirror), capsys=capsys)
    assert status == 0, progress
    assert f"{mirror / 'sitemap.xml'}: skipped: not an article file (an XML file but not a WordPress export" in progress
    assert f"{mirror / 'manifest.json'}: skipped: not an article file (not WordPress REST API posts" in progress
    assert f"{mirror / 'broken.xml'}: skipped: not an article file (" in progress
    assert f"{page} → {articles / 'timing.md'}" in progress
    assert f"importing {mirror} into {articles}\n" in progress
    assert "imported 1, skipped 3, not imported 0" in progress

    # Named alone, a file that is no article is still an error.
    assert import_into(articles, str(mirror / "sitemap.xml"), capsys=capsys)[0] == 2


def test_a_wordpress_export_names_what_it_did_not_import(tmp_path: Path, capsys) -> None:
    attachment = """<item><title>phone</title><wp:post_id>20</wp:post_id><wp:status>inherit</wp:status>
    <wp:post_type>attachment</wp:post_type></item>"""
    export = tmp_path / "export.xml"
    export.write_text(WXR.replace("</channel>", attachment + "</channel>"), encoding="utf-8")
    status, progress = import_into(tmp_path / "articles", str(export), capsys=capsys)
    assert status == 0
    assert (f"{export}: skipped: 1 post not published (draft: 「下書き」), 1 attachment (「phone」), "
            "1 page (「お問い合わせ」)") in progress  # fmt: skip
    assert "imported 2, skipped 3, not imported 0" in progress


def test_two_pages_whose_urls_end_alike_get_distinct_slugs(tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    body = '<div class="entry-content"><p>{}の記事。</p></div>'
    saved_page(site, "a/x.html", canonical("tenshoku/matome"), body.format("転職"))
    second = saved_page(site, "b/x.html", canonical("ningen/matome"), body.format("人間関係"))
    articles = tmp_path / "articles"
    status, progress = import_into(articles, str(site), capsys=capsys)
    assert status == 0, progress
    assert sorted(p.name for p in articles.iterdir()) == ["matome.md", "ningen-matome.md"]
    taken = "slug 'matome' is taken by https://shigoto.example/tenshoku/matome/: named 'ningen-matome'"
    assert f"{second}: {taken}" in progress


def test_theme_boxes_are_callouts_and_embeds_and_captions_are_said_for_what_they_are(tmp_path: Path, capsys) -> None:
    page = saved_page(tmp_path, "boxes.html", canonical("boxes"),
                      '<div class="entry-content"><p>リード文。</p>\n'
                      '<div class="cap_box"><div class="cap_box_ttl"><span>注意</span></div>'
                      '<div class="cap_box_content"><p>査定に響くことがあります。</p></div></div>\n'
                      '<div class="simple-box1"><p>理由は「私用のため」で十分です。</p></div>\n'
                      '<figure class="wp-block-image"><img src="t.png" alt="付与日数の表">'
                      "<figcaption>勤続年数ごとの付与日数</figcaption></figure>\n"
                      '<div class="video"><iframe src="https://video.example/embed/x" title="有給休暇の基礎知識">'
                      "</iframe></div></div>")  # fmt: skip
    articles = tmp_path / "articles"
    status, progress = import_into(articles, str(page), capsys=capsys)
    assert status == 0, progress
    assert written(articles, "boxes") == [("boxes", [
        ("paragraph", "リード文。"), ("callout", "注意"), ("callout", "査定に響くことがあります。"),
        ("callout", "理由は「私用のため」で十分です。"), ("paragraph", "勤続年数ごとの付与日数"),
    ])]  # fmt: skip
    assert f"{page}:7: <img> not imported: Tayori indexes text (its <figcaption> is kept as a paragraph)" in progress
    title = "its title '有給休暇の基礎知識' is not page text"
    assert f"{page}:8: <iframe> not imported: Tayori indexes text ({title})" in progress
    assert "alt text '有給休暇の基礎知識'" not in progress


def test_a_post_dated_off_the_calendar_is_reported_by_its_id_and_the_other_posts_are_imported(
    tmp_path: Path, capsys
) -> None:
    bad = {**REST_POSTS[0], "id": 32, "date": "2025-13-45T10:00:00", "slug": "kikan-2", "link": "https://koi.example/2"}
    posts = tmp_path / "posts.json"
    posts.write_text(json.dumps([*REST_POSTS, bad], ensure_ascii=False), encoding="utf-8")
    status, progress = import_into(tmp_path / "articles", str(posts), capsys=capsys)

    assert status == 1
    assert f"{posts}#post-32: published '2025-13-45' is not a date on the calendar (month must be in 1..12)" in progress
    assert "imported 1, skipped 0, not imported 1" in progress
    assert [parse_article(p)[0].published for p in (tmp_path / "articles").iterdir()] == ["2025-03-15"]


@pytest.mark.parametrize("published", ["2025-13-45", "2025-02-30"])
def test_a_published_option_off_the_calendar_is_refused_before_anything_is_read(
    tmp_path: Path, capsys, published: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main([str(tmp_path / "nothing-here"), "--published", published])
    assert exited.value.code == 2
    assert f"--published {published} is not a date on the calendar" in capsys.readouterr().err


def test_a_page_that_is_not_utf8_and_cannot_be_decoded_is_said_so_and_the_others_are_imported(
    tmp_path: Path, capsys
) -> None:
    site = tmp_path / "site"
    saved_page(site, "utf8.html", canonical("utf8"), "<article><p>本文です。</p></article>")
    head = f'<meta charset="Shift_JIS">{canonical("sjis")}'
    sjis = f'<html lang="ja"><head><title>文字コード</title>{head}</head><body><article><p>本文です。</p></article>'
    (site / "sjis.html").write_bytes(sjis.encode("shift_jis"))  # declared: decoded as declared
    broken = site / "broken.html"
    broken.write_bytes(f"<html><head>{canonical('broken')}</head><body><p>".encode() + bytes(range(0x80, 0x100)))
    status, progress = import_into(tmp_path / "articles", str(site), capsys=capsys)

    assert status == 1
    assert f"{broken}: not imported: not UTF-8, and it cannot be decoded (it declares no charset):" in progress
    assert f"{broken}: front matter" not in progress and "U+FFFD" not in progress
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == ["sjis.md", "utf8.md"]
    assert "imported 2, skipped 0, not imported 1" in progress


def test_the_problem_count_of_an_article_not_imported_matches_the_lines_under_it(tmp_path: Path, capsys) -> None:
    # No date (a problem) and an image (a note on what was not imported): two lines, both counted.
    page = saved_page(tmp_path, "no-date.html", canonical("no-date", published=""),
                      '<article><p>本文。</p><p><img src="a.png" alt="写真"></p></article>')  # fmt: skip
    status, progress = import_into(tmp_path / "articles", str(page), capsys=capsys)

    assert status == 1
    lines = progress.splitlines()
    header = next(n for n, line in enumerate(lines) if line.startswith("[1/1]"))
    listed = [line for line in lines[header + 1 :] if line.startswith("    ")]
    assert lines[header] == f"[1/1] {page}: not imported (1 problem(s), 1 note(s))"
    assert len(listed) == 2
