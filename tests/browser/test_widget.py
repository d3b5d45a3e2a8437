"""The <tayori-search> widget as a reader meets it: in real Chromium, on the demo page of the local server."""

import re
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import searches

PUBLISHER = "https://media.tayori.example/**"


def open_demo(page, server):
    page.goto(server.url + "/")
    widget = page.locator("tayori-search").first
    expect(widget.get_by_role("combobox")).to_be_visible()
    return widget


def host_page(page, server, body: str, head: str = "") -> None:
    """A partner's page on the server's origin, carrying `body` and the real widget script."""
    html = (
        f'<!doctype html><html lang="ja"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>Partner page</title>{head}</head>'
        f'<body><main>{body}</main><script src="/v1/widget.js" defer></script></body></html>'
    )
    page.route(server.url + "/partner.html", lambda route: route.fulfill(content_type="text/html", body=html))
    page.goto(server.url + "/partner.html")


def catch_publisher_pages(page) -> None:
    """Passage links point at the publisher's site; answer them locally so navigation can be checked."""
    page.route(PUBLISHER, lambda route: route.fulfill(content_type="text/html", body="<title>article</title>"))


def type_query(widget, text: str) -> None:
    box = widget.get_by_role("combobox")
    box.click()
    box.press_sequentially(text, delay=30)


def test_a_japanese_query_shows_the_passage_that_answers_it(page, server):
    widget = open_demo(page, server)
    type_query(widget, "冷却期間")
    first = widget.get_by_role("option").first
    expect(first.locator("[part=heading]")).to_have_text("冷却期間を置く")
    expect(widget.get_by_role("combobox")).to_have_attribute("aria-expanded", "true")
    # Highlights come from the API's ranges and mark the words the reader typed, or the editors'
    # synonyms of them (content/synonyms.txt: 冷却期間, 距離を置く, 時間を置く, 連絡を控える, 我慢).
    marks = first.locator("mark").all_inner_texts()
    synonyms = ("冷却期間", "距離を置", "時間を置", "連絡を控え", "我慢")
    assert "冷却期間" in marks and all(m.startswith(synonyms) for m in marks), marks
    expect(widget.locator("[part=status]")).to_have_text(f"{widget.get_by_role('option').count()}件を表示中")
    # The breadcrumb shows where the passage sits in its article (the article title is left out
    # when every result comes from the same article).
    expect(first.locator("[part=path]")).to_have_text("音信不通にする男性からその後連絡をもらう方法")


def test_typing_fast_sends_one_search_and_no_search_for_the_keystrokes_between(page, server):
    # The page's clock stands still while the keys go in, so "fast" means fast to the widget however
    # slowly a loaded machine delivers them (real time between keys can exceed the 200 ms debounce).
    page.clock.install()
    widget = open_demo(page, server)
    seen = searches(page)
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    type_query(widget, "連絡が来ない")
    page.clock.run_for(250)  # past the debounce after the last keystroke
    expect(widget.get_by_role("option").first).to_be_visible()
    page.clock.run_for(1000)  # no late search for a keystroke between
    page.wait_for_timeout(200)
    assert len(seen) == 1, seen
    assert dict(parse_qsl(urlsplit(seen[0]).query))["q"] == "連絡が来ない"


def test_keyboard_only_reader_finds_and_opens_a_passage(page, server):
    catch_publisher_pages(page)
    open_demo(page, server)
    widget = page.locator("tayori-search").first
    box = widget.get_by_role("combobox")
    for _ in range(10):  # Tab from the top of the page until the widget's input has focus
        page.keyboard.press("Tab")
        if box.evaluate("el => el.getRootNode().activeElement === el"):
            break
    else:
        pytest.fail("the widget's input cannot be reached with Tab")
    page.keyboard.type("冷却期間", delay=30)
    expect(widget.get_by_role("option").first).to_contain_text("冷却期間を置く")

    page.keyboard.press("ArrowDown")
    first = widget.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))

    # Escape closes the list, ArrowDown opens it again.
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(first).to_be_hidden()
    page.keyboard.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")

    expected = widget.locator("[part=link]").first.get_attribute("href")
    assert expected.startswith("https://media.tayori.example/")
    # The link carries the partner's tracking parameters, as the API sends them for this partner.
    answer = server.get_json("/v1/search?partner=koi-note&q=" + quote("冷却期間"))
    assert answer["partner_tracking"] and dict(parse_qsl(urlsplit(expected).query)) == answer["partner_tracking"]
    assert expected.split("?")[0] + "#" + expected.split("#")[1] == answer["results"][0]["url"]
    with page.expect_navigation(url=expected.split("#")[0] + "**"):
        page.keyboard.press("Enter")
    assert page.url == expected


def test_escape_twice_clears_the_query(page, server):
    widget = open_demo(page, server)
    type_query(widget, "冷却期間")
    expect(widget.get_by_role("option").first).to_be_visible()
    box = widget.get_by_role("combobox")
    box.press("Escape")
    box.press("Escape")
    expect(box).to_have_value("")
    expect(widget.get_by_role("listbox")).to_be_hidden()


def test_ime_composition_does_not_search_and_its_enter_does_not_open_a_result(page, server):
    catch_publisher_pages(page)
    widget = open_demo(page, server)
    type_query(widget, "冷却")
    expect(widget.get_by_role("option").first).to_be_visible()
    seen = searches(page)
    start_url = page.url
    box = widget.get_by_role("combobox")
    # What a Japanese IME does: compose kana (the input shows it), Enter confirms the conversion.
    box.evaluate(
        """el => {
          el.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
          for (const text of ['き', 'きか', 'きかん', '期間']) {
            el.value = '冷却' + text;
            el.dispatchEvent(new CompositionEvent('compositionupdate', {data: text}));
            el.dispatchEvent(new InputEvent('input', {data: text, isComposing: true}));
          }
          el.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', isComposing: true, bubbles: true}));
        }"""
    )
    page.wait_for_timeout(600)  # three debounce periods
    assert seen == [], "searched while the IME was composing"
    assert page.url == start_url, "the Enter that confirmed the conversion opened a result"

    with page.expect_request("**/v1/search?**") as request:
        box.evaluate("el => el.dispatchEvent(new CompositionEvent('compositionend', {data: '期間'}))")
        # Safari sends the confirming Enter after compositionend, as keyCode 229: still not an open.
        box.evaluate(
            """el => {
              const enter = new KeyboardEvent('keydown', {key: 'Enter', code: 'Enter', bubbles: true});
              Object.defineProperty(enter, 'keyCode', {value: 229});
              el.dispatchEvent(enter);
            }"""
        )
    assert dict(parse_qsl(urlsplit(request.value.url).query))["q"] == "冷却期間"
    expect(widget.get_by_role("option").first).to_contain_text("冷却期間を置く")
    page.wait_for_timeout(300)
    assert len(seen) == 1
    assert page.url == start_url


def test_helpful_button_records_feedback_in_the_table_and_thanks_the_reader(page, server):
    widget = open_demo(page, server)
    type_query(widget, "冷却期間")
    expect(widget.get_by_role("option").first).to_contain_text("冷却期間を置く")
    actions = widget.locator("[part=actions]").first
    expect(actions).to_have_accessible_name("「冷却期間を置く」は役に立ちましたか")
    with page.expect_response("**/v1/feedback") as posted:
        actions.get_by_role("button", name="役に立った", exact=True).click()
    assert posted.value.status == 201
    passage = server.get_json("/v1/search?q=" + quote("冷却期間"))["results"][0]["id"]
    assert posted.value.request.post_data_json == {
        "query": "冷却期間",
        "passage_id": passage,
        "helpful": True,
        "partner": "koi-note",
    }
    expect(actions.locator("[part=feedback-message]")).to_have_text("ありがとうございました")
    expect(actions.get_by_role("button", name="役に立った", exact=True)).to_have_attribute("aria-pressed", "true")
    votes = [v for v in server.feedback_votes() if v.passage_id == passage and v.query == "冷却期間"]
    assert [(v.helpful, v.partner) for v in votes] == [(True, "koi-note")]

    # A changed mind: the first vote is the one recorded, and the reader is told which it was.
    posts = []
    page.on("request", lambda request: posts.append(request.url) if "/v1/feedback" in request.url else None)
    actions.get_by_role("button", name="役に立たなかった").click()
    expect(actions.locator("[part=feedback-message]")).to_have_text("「役に立った」と回答済みです")
    expect(actions.get_by_role("button", name="役に立った", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(actions.get_by_role("button", name="役に立たなかった")).to_have_attribute("aria-pressed", "false")
    page.wait_for_timeout(300)
    assert posts == []
    assert len([v for v in server.feedback_votes() if v.passage_id == passage]) == 1


def test_feedback_failure_is_reported_quietly(page, server):
    page.route("**/v1/feedback", lambda route: route.fulfill(status=503, body='{"error":{}}'))
    widget = open_demo(page, server)
    type_query(widget, "冷却期間")
    actions = widget.locator("[part=actions]").first
    actions.get_by_role("button", name="役に立たなかった").click()
    expect(actions.locator("[part=feedback-message]")).to_have_text("送信できませんでした")
    expect(widget.get_by_role("option").first).to_be_visible()


def test_a_query_that_finds_nothing_says_so_and_offers_the_apis_suggestions(page, server):
    widget = open_demo(page, server)
    query = "zzqx"
    answer = server.get_json(f"/v1/search?q={query}")
    assert answer["results"] == []
    type_query(widget, query)
    expect(widget.locator("[part=status]")).to_have_text("該当する記事は見つかりませんでした")
    # The empty state lists each article's overview section: labelled as a place to start, since it
    # is not a popularity ranking.
    start_here = answer["suggestions"]
    assert start_here, "the API offers overview passages when nothing is found"
    expect(widget.get_by_role("option")).to_have_count(len(start_here))
    expect(widget.locator("[part=list-label]")).to_have_text("まずはこちらから")
    expect(widget.get_by_role("listbox")).to_have_accessible_name("まずはこちらから")
    expect(widget.get_by_role("group", name="まずはこちらから")).to_be_visible()
    expect(widget.get_by_role("option").first.locator("[part=heading]")).to_have_text(start_here[0]["heading"])
    assert "よく読まれ" not in widget.inner_text()


def test_offline_and_server_errors_have_their_own_messages(page, server):
    widget = open_demo(page, server)
    warnings = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    page.route("**/v1/**", lambda route: route.abort("internetdisconnected"))
    type_query(widget, "冷却期間")
    expect(widget.locator("[part=status]")).to_contain_text("接続できない")
    assert warnings == []  # the network, not the site's configuration
    page.unroute("**/v1/**")
    page.route("**/v1/search**", lambda route: route.fulfill(status=500, body="{}"))
    widget.get_by_role("combobox").press_sequentially("を", delay=30)
    expect(widget.locator("[part=status]")).to_contain_text("検索できませんでした")
    expect(widget.get_by_role("option")).to_have_count(0)


def test_two_widgets_on_one_page_work_independently(page, server):
    host_page(
        page,
        server,
        '<tayori-search id="a" lang="ja"></tayori-search>'
        '<tayori-search id="b" lang="en" tracking="utm_source=blog&amp;utm_medium=widget"></tayori-search>',
    )
    a, b = page.locator("#a"), page.locator("#b")
    expect(a.get_by_role("combobox")).to_have_accessible_name("記事を検索")
    expect(b.get_by_role("combobox")).to_have_accessible_name("Search articles")
    type_query(a, "冷却期間")
    expect(a.get_by_role("option").first).to_be_visible()
    expect(b.get_by_role("combobox")).to_have_attribute("aria-expanded", "false")
    expect(b.get_by_role("option")).to_have_count(0)
    a.get_by_role("combobox").press("Escape")  # a's open list lies over b, as a popup does
    type_query(b, "冷却期間")
    expect(b.locator("[part=status]")).to_have_text(re.compile(r"^Showing \d+ results?$"))
    tracked = re.compile(r"\?utm_source=blog&utm_medium=widget#")
    expect(b.locator("[part=link]").first).to_have_attribute("href", tracked)
    expect(a.get_by_role("combobox")).to_have_value("冷却期間")
