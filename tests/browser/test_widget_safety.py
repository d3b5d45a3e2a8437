"""The widget on hostile ground: markup in content and queries, a host page's CSS, accessibility, small screens."""

import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, AXE, REPO, LocalServer, require_chromium, server_pythonpath
from .test_widget import host_page, open_demo, type_query

ATTACK = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, seed_content):
    """The local server on an index built from an article whose heading and text carry markup (as code
    spans: the build refuses raw HTML, but text that looks like markup must still stay text)."""
    require_chromium()
    content = tmp_path_factory.mktemp("content")
    (content / "articles").mkdir()
    shutil.copy(seed_content / "partners.toml", content / "partners.toml")
    (content / "articles" / "probe.md").write_text(
        textwrap.dedent(
            f"""\
            ---
            slug: markup-probe
            title: 記事タイトル
            url: https://media.tayori.example/love/markup-probe
            lang: ja
            published: 2025-06-01
            ---

            連絡が来ないときの考え方。

            ## 連絡を待つ`{ATTACK}`

            返信がない相手に`{ATTACK}`と書いて`<script>window.__pwned=2</script>`冷却期間を置く話です。
            """
        ),
        encoding="utf-8",
    )
    out = tmp_path_factory.mktemp("index")
    subprocess.run(
        [sys.executable, "-m", "index", "--content", str(content), "--out", str(out)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": server_pythonpath()},
        check=True,
        capture_output=True,
    )
    running = LocalServer(out)
    yield running
    running.stop()


def test_markup_in_a_passage_and_in_the_query_is_shown_as_text(page, hostile_server):
    page.goto(hostile_server.url + "/")
    widget = page.locator("tayori-search").first
    type_query(widget, f"{ATTACK} 連絡を待つ")
    first = widget.get_by_role("option").first
    expect(first.locator("[part=heading]")).to_have_text(f"連絡を待つ{ATTACK}")
    expect(first.locator("[part=snippet]")).to_contain_text(ATTACK)
    expect(widget.get_by_role("combobox")).to_have_value(f"{ATTACK} 連絡を待つ")
    page.wait_for_timeout(300)  # give any injected handler the chance to run
    images = page.evaluate(
        "() => [...document.querySelectorAll('tayori-search')]"
        ".map(w => w.shadowRoot.querySelectorAll('img, script').length)"
    )
    assert images == [0, 0] and page.locator("img").count() == 0
    assert page.evaluate("() => window.__pwned") is None


HOSTILE_CSS = """<style>
  :root { font-size: 40px; line-height: 4; }
  * { color: red !important; font-family: serif !important; box-sizing: content-box !important; }
  main section * { display: none !important; font: italic 30px/3 serif !important; letter-spacing: 4px !important;
                   text-transform: uppercase !important; visibility: hidden !important; opacity: .2 !important; }
  mark { background: red !important; color: white !important; }
  input, li, ul, button, a, p, span, div, label { all: revert !important; border: 5px dashed red !important;
           padding: 20px !important; margin: 20px !important; background: yellow !important; }
</style>"""

# What a reader sees of the widget: boxes and the styles that make them look the way they do.
LOOK = """w => [...w.shadowRoot.querySelectorAll(`label, input, [part=status], li, mark, [part=heading],
  [part=path], [part=snippet], [part=actions], [part=actions] a, [part=actions] button`)].map(e => {
    const s = getComputedStyle(e), r = e.getBoundingClientRect();
    return [e.getAttribute('part'), Math.round(r.width), Math.round(r.height), s.display, s.color,
            s.backgroundColor, s.font, s.letterSpacing, s.textTransform, s.borderTopWidth, s.paddingTop];
  })"""


def test_the_host_pages_css_does_not_change_the_widget(page, server):
    looks = []
    body = '<section style="width:600px"><tayori-search lang="ja"></tayori-search></section>'
    for head in ("", HOSTILE_CSS):
        host_page(page, server, body, head)
        widget = page.locator("tayori-search")
        type_query(widget, "冷却期間")
        expect(widget.get_by_role("option").first).to_contain_text("冷却期間を置く")
        expect(widget.locator("mark").first).to_be_visible()
        looks.append(widget.evaluate(LOOK))
        page.unroute("**/partner.html")
    plain, hostile = looks
    assert len(plain) > 10
    assert hostile == plain


def test_axe_finds_no_serious_or_critical_violations(page, server):
    widget = open_demo(page, server)
    type_query(widget, "冷却期間")
    expect(widget.get_by_role("option").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(widget.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    page.add_script_tag(path=str(AXE))
    box = widget.get_by_role("combobox")
    for state in ("results", "no results", "suggestions", "recent searches"):
        if state == "no results":
            box.fill("")
            type_query(widget, "zzqx")
            expect(widget.locator("[part=status]")).to_have_text("該当する記事は見つかりませんでした")
        elif state == "suggestions":
            box.fill("")
            type_query(widget, "音信")
            expect(widget.get_by_role("group", name="検索候補").get_by_role("option").first).to_be_visible()
            box.press("ArrowDown")
        elif state == "recent searches":
            box.press("Enter")  # a suggestion chosen: searched, and remembered
            widget.locator("[part=clear]").click()
            expect(widget.get_by_role("group", name="最近の検索")).to_be_visible()
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [
            (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{state}: {serious}"


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_at_phone_and_desktop_widths(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1, locale="ja-JP")
    page = context.new_page()
    try:
        widget = open_demo(page, server)
        type_query(widget, "冷却期間")
        expect(widget.get_by_role("option").first).to_be_visible()
        page.keyboard.press("ArrowDown")
        # Nothing sticks out sideways on a phone: no horizontal scrolling.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        box = widget.get_by_role("listbox").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"widget-{width}.png"))
    finally:
        context.close()
