"""What a fresh tester found in the widget, in real Chromium: a heading over an empty list, a refused
character read as an outage, text past the input's limit dropped without a word, and characters
that render as nothing."""

import re
from urllib.parse import quote

from playwright.sync_api import expect

from .test_widget import open_demo, type_query
from .test_widget_faults import console_warnings
from .test_widget_features import params, requests_to

UNSEARCHABLE = "検索できない文字があります"
AT_THE_LIMIT = "200文字まで。"


def test_a_query_with_no_results_and_no_overviews_shows_no_start_here_heading(page, server):
    widget = open_demo(page, server)
    type_query(widget, "死にたい")  # the API answers self-harm phrasing with no results and no suggestions
    expect(widget.locator("[part=status]")).to_have_text("該当する記事は見つかりませんでした")
    expect(widget.locator("[part=list-label]")).to_be_hidden()
    expect(widget.get_by_text("まずはこちらから")).to_have_count(0)
    expect(widget.get_by_role("option")).to_have_count(0)
    # With overview passages to list, the heading stays: test_widget.py's empty-state test.


def test_a_character_the_api_refuses_is_a_problem_with_the_text_not_an_outage(page, server):
    warnings = console_warnings(page)
    searched = requests_to(page, "/v1/search")
    widget = open_demo(page, server)
    box = widget.get_by_role("combobox")
    box.click()
    with page.expect_response(lambda r: "/v1/search?" in r.url) as answered:
        box.fill("連絡\x01")  # pasted: a control character the API refuses
    assert answered.value.status == 400
    expect(widget.locator("[part=status]")).to_have_text(UNSEARCHABLE)
    expect(widget.locator("[role=status]").first).to_have_text(UNSEARCHABLE)  # announced
    page.wait_for_timeout(200)
    assert [w for w in warnings if "Tayori" in w] == []  # nothing for the site owner to fix
    assert params(searched[-1].url)["q"] == "連絡\x01"


def test_a_refused_character_in_the_search_pages_url_is_a_problem_with_the_text(page, server):
    page.goto(server.url + "/search.html?q=%E2%80%AE%01")
    widget = page.locator("tayori-search")
    expect(widget.locator("[part=status]")).to_have_text(UNSEARCHABLE)


def test_a_bidi_control_renders_as_nothing_and_the_text_around_it_is_searched(page, server):
    searched = requests_to(page, "/v1/search")
    widget = open_demo(page, server)
    type_query(widget, "冷却\u202e期間")
    expect(widget.locator("[part=status]")).to_have_text("5件を表示中")
    assert params(searched[-1].url)["q"] == "冷却期間"


def test_a_paste_past_the_limit_tells_the_reader_the_text_was_cut(page, server):
    searched = requests_to(page, "/v1/search")
    widget = open_demo(page, server)
    box = widget.get_by_role("combobox")
    box.click()
    pasted = "連絡が来ない理由を知りたい" * 24  # 312 characters
    page.keyboard.insert_text(pasted)
    expect(box).to_have_value(pasted[:200])
    status = widget.locator("[part=status]")
    expect(status).to_contain_text(AT_THE_LIMIT)
    expect(widget.locator("[role=status]").first).to_contain_text(AT_THE_LIMIT)  # announced
    assert params(searched[-1].url)["q"] == pasted[:200]
    page.keyboard.press("Backspace")  # below the limit the notice goes
    expect(status).not_to_contain_text(AT_THE_LIMIT)
    expect(status).to_have_text(re.compile("件を表示中|見つかりませんでした"))


def test_the_search_pages_url_past_the_limit_tells_the_reader_the_text_was_cut(page, server):
    page.goto(server.url + "/search.html?q=" + quote("連絡が来ない" * 40))
    expect(page.locator("tayori-search").locator("[part=status]")).to_contain_text(AT_THE_LIMIT)


def test_text_under_the_limit_has_no_notice(page, server):
    widget = open_demo(page, server)
    type_query(widget, "連絡が来ない")
    expect(widget.locator("[part=status]")).to_have_text("5件を表示中")
