"""What a tester new to the widget found in issue 10's widget, in real Chromium: live attribute
changes, every way of clearing the page mode's box, queries past the limit, votes remembered on
this device, a misaddressed api, Back from a result in page mode, links that are not http(s), and
the popup on a short page."""

import json
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, searches
from .test_widget import catch_publisher_pages, host_page, open_demo, type_query
from .test_widget_faults import console_warnings
from .test_widget_features import params, requests_to, results, search_page

UNAVAILABLE = "現在、検索はご利用いただけません"
QUERY = "連絡が来ない"


def focused(widget) -> bool:
    """Whether focus is anywhere inside the widget."""
    return widget.evaluate("el => el.shadowRoot.activeElement !== null")


def expect_closed(widget) -> None:
    expect(widget.locator("[part=panel]")).to_be_hidden()
    expect(widget.get_by_role("combobox")).to_have_attribute("aria-expanded", "false")


@pytest.mark.parametrize(("name", "value"), [("lang", "en"), ("partner", "hidamari"), ("api", "localhost")])
def test_a_changed_attribute_refreshes_the_results_without_opening_the_popup_or_taking_focus(page, server, name, value):
    widget = open_demo(page, server)
    type_query(widget, "冷却期間")
    expect(results(widget).first).to_be_visible()
    page.mouse.click(1200, 20)  # the reader moves on: the popup closes
    expect_closed(widget)
    if value == "localhost":
        value = f"http://localhost:{server.port}"  # the same API under another name (an allowed origin)
    with page.expect_response(lambda r: "/v1/search?" in r.url):
        widget.evaluate("(el, [name, value]) => el.setAttribute(name, value)", [name, value])
    page.wait_for_timeout(300)
    expect_closed(widget)
    assert not focused(widget)
    assert page.evaluate("() => document.activeElement === document.body")
    # Back in the box, the refreshed results are there, in the widget's language.
    widget.get_by_role("combobox").focus()
    expect(widget.locator("[part=status]")).to_have_text("Showing 5 results" if name == "lang" else "5件を表示中")
    if name == "partner":
        expect(widget.locator("[part=link]").first).to_have_attribute("href", re.compile(r"[?&]utm_source=hidamari"))


def test_changing_lang_while_typing_keeps_focus_the_open_list_and_the_text_being_typed(page, server):
    widget = open_demo(page, server)
    box = widget.get_by_role("combobox")
    type_query(widget, "冷却期間")
    expect(widget.locator("[part=status]")).to_have_text("5件を表示中")
    widget.evaluate("el => el.setAttribute('lang', 'en')")
    expect(box).to_have_accessible_name("Search articles")
    expect(widget.locator("[part=status]")).to_have_text("Showing 5 results")
    expect(widget.locator("[part=panel]")).to_be_visible()
    assert box.evaluate("el => el.getRootNode().activeElement === el")
    page.keyboard.type("を")  # typing carries on where it was
    expect(box).to_have_value("冷却期間を")
    page.keyboard.press("Escape")  # and the open list still closes
    expect_closed(widget)


def clear_with_the_button(widget) -> None:
    widget.get_by_role("button", name="入力を消去").click()


def clear_with_escape(widget) -> None:
    box = widget.get_by_role("combobox")
    box.press("Escape")
    box.press("Escape")


@pytest.mark.parametrize("clear", [clear_with_the_button, clear_with_escape], ids=["x-button", "escape"])
def test_full_page_mode_every_way_of_clearing_the_box_clears_the_url(page, server, clear):
    widget = search_page(page, server, "連絡が来ない")
    box = widget.get_by_role("combobox")
    clear(widget)
    expect(box).to_have_value("")
    expect(results(widget)).to_have_count(0)
    assert "q" not in params(page.url)
    page.go_back()  # as after Backspace, the search cleared is one step back
    expect(box).to_have_value("連絡が来ない")
    expect(results(widget)).to_have_count(10)


def test_full_page_mode_cuts_a_query_in_the_url_to_the_limit_the_input_applies(page, server):
    seen = searches(page)
    too_long = "連絡が来ない" * 40  # 240 characters
    page.goto(server.url + "/search.html?q=" + quote(too_long))
    widget = page.locator("tayori-search")
    limit = widget.get_by_role("combobox").evaluate("el => el.maxLength")
    assert 0 < limit < len(too_long)
    expect(widget.locator("[part=status]")).to_have_text(re.compile("件を表示中|該当する記事は見つかりませんでした"))
    expect(widget.get_by_role("combobox")).to_have_value(too_long[:limit])
    assert [params(url)["q"] for url in seen] == [too_long[:limit]]
    assert params(page.url)["q"] == too_long[:limit]


def test_a_request_the_api_refuses_is_never_answered_with_try_again_later(page, server):
    warnings = console_warnings(page)
    refusal = {"error": {"code": "invalid_request", "message": "`limit` must be at most 20"}}
    page.route("**/v1/search?**", lambda route: route.fulfill(status=400, json=refusal))
    widget = open_demo(page, server)
    type_query(widget, "冷却期間")
    expect(widget.locator("[part=status]")).to_have_text(UNAVAILABLE)
    page.wait_for_timeout(200)
    assert [w for w in warnings if "Tayori" in w] == [
        f"Tayori widget: the API at {server.url} refused a request: `limit` must be at most 20"
    ]


def test_a_vote_is_remembered_on_this_device_across_reloads_and_widgets(page, server):
    posts = requests_to(page, "/v1/feedback")
    # Not the query other tests vote on: the local server's feedback table lives for the session.
    widget = open_demo(page, server)
    type_query(widget, QUERY)
    first = widget.locator("[part=actions]").first
    with page.expect_response("**/v1/feedback"):
        first.get_by_role("button", name="役に立った", exact=True).click()
    heading = results(widget).first.locator("[part=heading]").inner_text()
    page.reload()
    # The same passage in the page's other widget (English), after a reload: the vote stands.
    other = page.locator("tayori-search").nth(1)
    type_query(other, QUERY)
    expect(other.locator("[part=heading]").first).to_have_text(heading)
    actions = other.locator("[part=actions]").first
    expect(actions.get_by_role("button", name="Helpful", exact=True)).to_have_attribute("aria-pressed", "true")
    actions.get_by_role("button", name="Not helpful").click()
    expect(actions.locator("[part=feedback-message]")).to_have_text("Already answered: Helpful")
    page.wait_for_timeout(300)
    assert len(posts) == 1
    passage = server.get_json("/v1/search?q=" + quote(QUERY))["results"][0]["id"]
    assert json.loads(page.evaluate("() => localStorage.getItem('tayori-votes')")) == {passage: True}


@pytest.mark.parametrize(
    ("api", "problem"),
    [("/v1", "remove /v1 from the api attribute"), ("/blog", "set the api attribute to the API's base URL")],
    ids=["ends-in-v1", "answers-html"],
)
def test_an_api_attribute_that_misses_the_api_tells_the_site_owner_the_fix(page, server, api, problem):
    warnings = console_warnings(page)
    # A blog at /blog answers every path with a web page, as a site's catch-all route does.
    page.route(server.url + "/blog/**", lambda route: route.fulfill(content_type="text/html", body="<h1>blog</h1>"))
    host_page(page, server, f'<tayori-search api="{server.url}{api}"></tayori-search>')
    widget = page.locator("tayori-search")
    type_query(widget, "冷却期間")
    expect(widget.locator("[part=status]")).to_have_text(UNAVAILABLE)
    page.wait_for_timeout(200)
    [warning] = [w for w in warnings if "Tayori" in w]
    assert f"{server.url}{api}" in warning and problem in warning


def test_back_from_a_result_on_a_later_page_returns_to_that_result(page, server):
    catch_publisher_pages(page)
    widget = search_page(page, server, "連絡が来ない")
    widget.get_by_role("button", name="次の結果を表示").click()
    expect(results(widget)).to_have_count(20)
    eleventh = results(widget).nth(10).locator("[part=heading]").inner_text()
    with page.expect_navigation():
        widget.locator("[part=link]").nth(10).click()
    page.go_back()
    expect(results(widget)).to_have_count(20)
    link = widget.locator("[part=link]").nth(10)
    expect(link).to_be_focused()
    expect(results(widget).nth(10).locator("[part=heading]")).to_have_text(eleventh)
    expect(link).to_be_in_viewport()


def test_a_result_whose_link_is_not_http_shows_no_link(page, server):
    def hit(n: int, url: str) -> dict:
        return {"id": f"p{n}", "heading": f"見出し{n}", "path": [], "snippet": "本文", "highlights": [], "url": url}

    links = ["javascript:alert(1)", "https://media.tayori.example/a#p2"]
    answer = {"results": [hit(n, url) for n, url in enumerate(links, 1)], "suggestions": []}
    page.route("**/v1/search?**", lambda route: route.fulfill(json=answer))
    widget = open_demo(page, server)
    type_query(widget, "冷却期間")
    rows = widget.locator("[part=actions]")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("[part=link]")).to_have_count(0)
    expect(rows.nth(0).get_by_role("button", name="役に立った", exact=True)).to_be_visible()
    expect(rows.nth(1).locator("[part=link]")).to_have_attribute(
        "href", re.compile(r"^https://media\.tayori\.example/a")
    )


def test_on_a_short_phone_page_the_popup_uses_the_larger_room_of_the_screen(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1, locale="ja-JP")
    page = context.new_page()
    try:
        # The widget low on a page too short to scroll it up: little room below, much above.
        host_page(page, server, '<div style="height: 440px">本文</div><tayori-search></tayori-search>')
        widget = page.locator("tayori-search")
        type_query(widget, "冷却期間")
        expect(results(widget).first).to_be_visible()
        page.evaluate("() => scrollTo(0, 0)")  # the reader scrolls back up: the box is low again
        page.wait_for_timeout(300)
        panel = widget.locator("[part=panel]").bounding_box()
        assert panel and panel["y"] >= 0 and panel["y"] + panel["height"] <= 740, panel
        assert panel["height"] >= 740 / 2, panel
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "widget-360-short-page.png"))
    finally:
        context.close()


def test_full_page_mode_offers_no_next_page_past_the_last_offset_the_api_serves(page, server):
    from settings import MAX_OFFSET

    def answer(route) -> None:  # a catalogue with more answers than the API pages through
        wanted = params(route.request.url)
        start, limit = int(wanted.get("offset", 0)), int(wanted["limit"])
        hits = [
            {
                "id": f"p{n}",
                "heading": f"見出し{n}",
                "path": [],
                "snippet": "本文",
                "highlights": [],
                "url": "https://media.tayori.example/a",
            }
            for n in range(start, start + limit)
        ]
        route.fulfill(json={"results": hits, "suggestions": []})

    page.route("**/v1/search?**", answer)
    seen = searches(page)
    host_page(page, server, '<tayori-search mode="page" limit="19"></tayori-search>')
    widget = page.locator("tayori-search")
    type_query(widget, "連絡")
    expect(results(widget)).to_have_count(19)
    more = widget.get_by_role("button", name="次の結果を表示")
    offsets = list(range(0, MAX_OFFSET + 1, 19))  # the last page starts at or before MAX_OFFSET
    for shown in range(19, 19 * len(offsets), 19):
        more.click()
        expect(results(widget)).to_have_count(shown + 19)
    expect(more).to_be_hidden()
    assert [int(params(url).get("offset", 0)) for url in seen] == offsets


# Zero-width marks, and every other character that renders as nothing (Default_Ignorable_Code_Point:
# Hangul filler, combining grapheme joiner, word joiner, a bidirectional override), as the API says.
@pytest.mark.parametrize("invisible", ["\u200b\ufeff", "\u3164\u034f\u2060\u202e"], ids=["zero-width", "ignorable"])
def test_a_box_holding_only_zero_width_characters_is_blank_and_searches_nothing(page, server, invisible):
    searched = requests_to(page, "/v1/search")
    widget = open_demo(page, server)
    type_query(widget, invisible)
    page.wait_for_timeout(600)  # past the debounce
    assert searched == []
    expect(widget.locator("[part=status]")).not_to_have_text(UNAVAILABLE)
