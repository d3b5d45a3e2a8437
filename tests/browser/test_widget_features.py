"""What the widget offers beyond answers, in real Chromium against the real local server: query
suggestions, recent searches, the full-page mode, click events and attributes that take effect."""

import json
import re
from urllib.parse import parse_qsl, quote, urlsplit

from playwright.sync_api import expect

from .conftest import searches
from .test_widget import catch_publisher_pages, host_page, open_demo, type_query

RECENT_KEY = "tayori-recent-searches"


def results(widget):
    return widget.get_by_role("group", name="検索結果").get_by_role("option")


def params(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def requests_to(page, path: str) -> list:
    seen: list = []
    page.on("request", lambda request: seen.append(request) if path in request.url else None)
    return seen


def compose(box, *steps: str) -> None:
    """An input method composing: each step is what the box shows (kana), nothing confirmed yet."""
    box.evaluate(
        """(el, steps) => {
          el.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
          for (const text of steps) {
            el.value = text;
            el.dispatchEvent(new CompositionEvent('compositionupdate', {data: text}));
            el.dispatchEvent(new InputEvent('input', {data: text, isComposing: true}));
          }
        }""",
        list(steps),
    )


def test_kana_being_composed_get_suggestions_and_nothing_is_searched(page, server):
    expected = [s["text"] for s in server.get_json("/v1/suggest?q=" + quote("れん"))["suggestions"]][:3]
    assert expected, "the index completes the kana prefix れん"
    widget = open_demo(page, server)
    box = widget.get_by_role("combobox")
    box.click()
    seen = searches(page)
    suggested = requests_to(page, "/v1/suggest")
    compose(box, "れん")
    group = widget.get_by_role("group", name="検索候補")
    expect(group.get_by_role("option")).to_have_text(expected)
    assert [params(r.url)["q"] for r in suggested] == ["れん"]
    assert seen == [], "searched while the IME was composing"
    expect(box).to_have_value("れん")  # the widget never touches text being composed


def test_a_suggestion_is_reached_with_the_arrow_keys_and_enter_searches_it(page, server):
    widget = open_demo(page, server)
    type_query(widget, "音信")
    group = widget.get_by_role("group", name="検索候補")
    expect(group.get_by_role("option").first).to_be_visible()
    first = group.get_by_role("option").first
    text = first.inner_text()
    box = widget.get_by_role("combobox")
    box.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    with page.expect_request("**/v1/search?**") as searched:
        box.press("Enter")
    assert params(searched.value.url)["q"] == text
    expect(box).to_have_value(text)
    expect(results(widget).first).to_be_visible()


def test_recent_searches_stay_on_this_device_and_can_be_cleared(page, server):
    host_page(
        page,
        server,
        '<tayori-search id="a"></tayori-search>'
        "<script>document.addEventListener('tayori-open', e => e.preventDefault())</script>",
    )
    widget = page.locator("#a")
    type_query(widget, "冷却期間")
    expect(results(widget).first).to_contain_text("冷却期間を置く")
    sent = requests_to(page, "/v1/")
    widget.get_by_role("combobox").press("Enter")  # opens the first result: a search that found something
    assert json.loads(page.evaluate(f"localStorage.getItem('{RECENT_KEY}')")) == ["冷却期間"]

    widget.locator("[part=clear]").click()  # an empty box offers the recent searches
    recent = widget.get_by_role("group", name="最近の検索")
    expect(recent.get_by_role("option")).to_have_text(["冷却期間"])
    expect(widget.get_by_role("listbox")).to_have_accessible_name("最近の検索")
    widget.get_by_role("combobox").press("ArrowDown")
    with page.expect_request("**/v1/search?**") as searched:
        widget.get_by_role("combobox").press("Enter")
    assert params(searched.value.url)["q"] == "冷却期間"
    # Nothing about the history reached the API: only the searches and the click themselves.
    assert all(RECENT_KEY not in (r.post_data or "") + r.url for r in sent)

    widget.locator("[part=clear]").click()
    widget.get_by_role("button", name="履歴を消去").click()
    expect(recent).to_be_hidden()
    assert page.evaluate(f"localStorage.getItem('{RECENT_KEY}')") is None


def test_recent_off_keeps_no_history(page, server):
    host_page(
        page,
        server,
        '<tayori-search recent="off"></tayori-search>'
        "<script>document.addEventListener('tayori-open', e => e.preventDefault())</script>",
    )
    widget = page.locator("tayori-search")
    type_query(widget, "冷却期間")
    expect(results(widget).first).to_be_visible()
    widget.get_by_role("combobox").press("Enter")
    assert page.evaluate(f"localStorage.getItem('{RECENT_KEY}')") is None
    widget.locator("[part=clear]").click()
    expect(widget.get_by_role("group", name="最近の検索")).to_be_hidden()


def test_opening_a_result_sends_a_click_beacon_that_reaches_the_clicks_table(page, server):
    catch_publisher_pages(page)
    widget = open_demo(page, server)  # partner koi-note
    type_query(widget, "冷却期間")
    expect(results(widget).first).to_be_visible()
    second = server.get_json("/v1/search?partner=koi-note&q=" + quote("冷却期間"))["results"][1]["id"]
    with page.expect_request("**/v1/clicks") as beacon, page.expect_navigation():
        widget.locator("[part=link]").nth(1).click()
    assert beacon.value.method == "POST"
    assert beacon.value.headers["content-type"] == "text/plain;charset=UTF-8"  # no CORS preflight
    sent = {"query": "冷却期間", "passage_id": second, "rank": 2, "partner": "koi-note"}
    assert json.loads(beacon.value.post_data) == sent
    assert page.url.startswith("https://media.tayori.example/")
    for _ in range(50):
        stored = [c for c in server.clicks() if c.passage_id == second and c.query == "冷却期間"]
        if stored:
            break
        page.wait_for_timeout(100)
    assert [(c.rank, c.partner) for c in stored] == [(2, "koi-note")]


def test_a_failing_click_store_never_holds_up_the_reader(page, server):
    catch_publisher_pages(page)
    page.route("**/v1/clicks", lambda route: route.fulfill(status=503, body="{}"))
    widget = open_demo(page, server)
    type_query(widget, "冷却期間")
    expect(results(widget).first).to_be_visible()
    with page.expect_navigation():
        widget.get_by_role("combobox").press("Enter")
    assert page.url.startswith("https://media.tayori.example/")


def search_page(page, server, query: str):
    """The demo's search page (local/search.html, the publisher's own: a full-page widget, 10 results a
    page) opened with ?q=query; returns the widget once it shows the first page."""
    page.goto(server.url + "/search.html?q=" + quote(query))
    widget = page.locator("tayori-search")
    expect(results(widget)).to_have_count(10)
    return widget


def test_full_page_mode_reads_the_query_from_the_url_and_pages_through_results(page, server):
    everything = [r["id"] for r in server.get_json("/v1/search?limit=20&q=" + quote("連絡が来ない"))["results"]]
    assert len(everything) > 10
    seen = searches(page)
    widget = search_page(page, server, "連絡が来ない")
    expect(widget.get_by_role("combobox")).to_have_value("連絡が来ない")
    expect(widget.locator("[part=status]")).to_have_text("10件を表示中")
    widget.get_by_role("button", name="次の結果を表示").click()
    expect(results(widget)).to_have_count(min(len(everything), 20))
    assert [params(u).get("offset") for u in seen] == [None, "10"]
    shown = results(widget).evaluate_all("options => options.map(o => o.id)")
    assert shown == [f"passage-{rank}" for rank in range(1, len(shown) + 1)]
    # Focus moves to the first new result, so a keyboard reader carries on reading there.
    assert widget.locator("[part=link]").nth(10).evaluate("a => a.getRootNode().activeElement === a")
    # Results are part of the page, not a popup: the page itself scrolls to the last one.
    assert widget.locator("[part=panel]").evaluate("p => getComputedStyle(p).position") == "static"


def test_full_page_mode_puts_searches_in_the_url_and_the_back_button_returns_to_the_previous_one(page, server):
    widget = search_page(page, server, "連絡が来ない")
    box = widget.get_by_role("combobox")
    box.fill("")
    type_query(widget, "冷却期間")
    expect(results(widget).first).to_contain_text("冷却期間を置く")
    assert params(page.url)["q"] == "冷却期間"
    page.go_back()
    expect(box).to_have_value("連絡が来ない")
    assert params(page.url)["q"] == "連絡が来ない"
    expect(results(widget).first).not_to_contain_text("冷却期間を置く")
    page.go_forward()
    expect(box).to_have_value("冷却期間")
    expect(results(widget).first).to_contain_text("冷却期間を置く")


def test_changed_lang_api_and_partner_attributes_take_effect(page, server):
    page.goto(server.url + "/")
    widget = page.locator("tayori-search").nth(1)  # the demo's English widget, with no partner
    type_query(widget, "冷却期間")
    expect(widget.locator("[part=status]")).to_have_text("Showing 5 results")

    widget.evaluate("el => el.setAttribute('lang', 'ja')")
    expect(widget.get_by_role("combobox")).to_have_accessible_name("記事を検索")
    expect(widget.get_by_role("combobox")).to_have_value("冷却期間")
    expect(widget.locator("[part=status]")).to_have_text("5件を表示中")

    with page.expect_request(lambda r: "/v1/search?" in r.url and params(r.url).get("partner") == "koi-note"):
        widget.evaluate("el => el.setAttribute('partner', 'koi-note')")
    expect(widget.locator("[part=link]").first).to_have_attribute("href", re.compile(r"[?&]utm_source=koi-note"))

    other = f"http://localhost:{server.port}"  # the same API under another name (an allowed origin)
    with page.expect_request(other + "/v1/search?**"):
        widget.evaluate("(el, api) => el.setAttribute('api', api)", other)
    expect(widget.locator("[part=status]")).to_have_text("5件を表示中")


def test_full_page_mode_clearing_the_box_clears_the_url_and_back_restores_the_search(page, server):
    widget = search_page(page, server, "連絡が来ない")
    box = widget.get_by_role("combobox")
    box.fill("")
    expect(results(widget)).to_have_count(0)
    assert "q" not in params(page.url)
    page.go_back()
    expect(box).to_have_value("連絡が来ない")
    expect(results(widget)).to_have_count(10)
