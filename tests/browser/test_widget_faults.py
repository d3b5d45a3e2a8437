"""What readers and partners met in issue 10, each as the reader does it, in real Chromium: Enter acts only
on answers to the text in the box, a panel that fits the screen, Escape from a result's buttons, and a
misconfigured partner told what is wrong."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, LocalServer, require_chromium, searches
from .test_widget import catch_publisher_pages, host_page, open_demo, type_query


def wait_for_results(widget, heading: str = "冷却期間を置く") -> None:
    expect(widget.get_by_role("group", name="検索結果").get_by_role("option").first).to_contain_text(heading)


def answers_to_a_first_query(page, server):
    """The demo page showing the answers to 冷却期間, with passage links answered locally."""
    catch_publisher_pages(page)
    widget = open_demo(page, server)
    type_query(widget, "冷却期間")
    wait_for_results(widget)
    return widget, widget.get_by_role("combobox")


def test_enter_right_after_typing_a_new_query_searches_it_instead_of_opening_an_old_result(page, server):
    widget, box = answers_to_a_first_query(page, server)
    start = page.url
    box.press("Control+a")
    seen = searches(page)
    box.press_sequentially("確定申告", delay=30)  # a normal pace, then Enter before the 200 ms pause ends
    page.keyboard.press("Enter")
    page.wait_for_timeout(600)
    assert page.url == start, "Enter opened a result of the previous query"
    assert seen and all("q=%E7%A2%BA%E5%AE%9A%E7%94%B3%E5%91%8A" in url for url in seen), seen
    expect(widget.get_by_role("option", name=re.compile("冷却期間を置く"))).to_have_count(0)


def test_enter_right_after_an_ime_confirmation_never_opens_a_result_of_the_text_before(page, server):
    _, box = answers_to_a_first_query(page, server)
    start = page.url
    seen = searches(page)
    # The reader selects the text and types しごと with an IME, confirms 仕事 with Enter (ignored: it
    # belongs to the IME), and presses Enter again 120 ms later to search.
    box.evaluate(
        """el => {
          el.select();
          el.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
          for (const text of ['し', 'しご', 'しごと', '仕事']) {
            el.value = text;
            el.dispatchEvent(new CompositionEvent('compositionupdate', {data: text}));
            el.dispatchEvent(new InputEvent('input', {data: text, isComposing: true}));
          }
          el.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', isComposing: true, bubbles: true}));
          el.dispatchEvent(new CompositionEvent('compositionend', {data: '仕事'}));
        }"""
    )
    page.wait_for_timeout(120)
    page.keyboard.press("Enter")
    page.wait_for_timeout(600)
    assert page.url == start, "Enter opened a result of 冷却期間 while the box said 仕事"
    expect(box).to_have_value("仕事")
    assert seen and all("q=%E4%BB%95%E4%BA%8B" in url for url in seen), seen


def test_enter_on_a_query_with_no_answer_opens_nothing(page, server):
    catch_publisher_pages(page)
    widget = open_demo(page, server)
    start = page.url
    type_query(widget, "zzqx")
    expect(widget.locator("[part=status]")).to_have_text("該当する記事は見つかりませんでした")
    expect(widget.get_by_role("option").first).to_be_visible()  # the "start here" list
    page.wait_for_timeout(250)
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    assert page.url == start, "Enter on a query that found nothing opened an unrelated article"


@pytest.mark.parametrize(
    ("width", "height", "which"), [(360, 740, 0), (1280, 800, 0), (1280, 800, 1)], ids=["phone", "desktop", "english"]
)
def test_the_panel_fits_the_viewport_and_every_result_can_be_reached(browser, server, width, height, which):
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1, locale="ja-JP")
    page = context.new_page()
    try:
        page.goto(server.url + "/")
        widget = page.locator("tayori-search").nth(which)
        type_query(widget, "冷却期間")
        options = widget.locator("[part=option]")
        expect(options.first).to_contain_text("冷却期間を置く")
        panel = widget.locator("[part=panel]").bounding_box()
        assert panel and panel["y"] >= 0 and panel["y"] + panel["height"] <= height, (panel, height)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        ARTIFACTS.mkdir(exist_ok=True)
        name = f"widget-{width}" + ("-en" if which else "")
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        links = widget.locator("[part=link]")
        assert links.count() == options.count() >= 3
        for i in range(links.count()):
            link = links.nth(i)
            link.scroll_into_view_if_needed()
            box = link.bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= height, (i, box)
            # Nothing lies over it: the point at its centre is the link itself.
            on_top = link.evaluate(
                """a => { const r = a.getBoundingClientRect();
                          return a.getRootNode().elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === a; }"""
            )
            assert on_top, f"result {i + 1}'s link is covered"
        page.screenshot(path=str(ARTIFACTS / f"{name}-last-result.png"))
    finally:
        context.close()


@pytest.mark.parametrize("target", ["link", "feedback"])
def test_escape_on_a_result_link_or_feedback_button_closes_the_list_and_returns_to_the_input(page, server, target):
    widget = open_demo(page, server)
    type_query(widget, "冷却期間")
    wait_for_results(widget)
    widget.locator(f"[part={target}]").first.focus()
    page.keyboard.press("Escape")
    box = widget.get_by_role("combobox")
    expect(widget.locator("[part=panel]")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    assert box.evaluate("el => el.getRootNode().activeElement === el")


def console_warnings(page) -> list[str]:
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    return warnings


def test_a_mistyped_partner_id_gives_readers_a_neutral_message_and_the_site_owner_a_console_warning(page, server):
    warnings = console_warnings(page)
    host_page(page, server, '<tayori-search partner="koi-notee"></tayori-search>')
    widget = page.locator("tayori-search")
    type_query(widget, "冷却期間")
    expect(widget.locator("[part=status]")).to_have_text("現在、検索はご利用いただけません")
    page.wait_for_timeout(200)
    [warning] = warnings
    assert 'partner "koi-notee"' in warning and "partner attribute" in warning and "partners.toml" in warning


@pytest.fixture(scope="module")
def strict_server(seed_index):
    """The local server allowing only the publisher's and partners' origins: not the local pages."""
    require_chromium()
    running = LocalServer(seed_index, env={"TAYORI_ALLOWED_ORIGINS": "https://media.tayori.example"})
    yield running
    running.stop()


def test_a_page_whose_origin_is_not_allowed_gives_readers_a_neutral_message_and_the_owner_the_fix(page, strict_server):
    warnings = console_warnings(page)
    # The partner's page (the demo page, served on localhost) calls the API on another origin,
    # 127.0.0.1, which does not list it. Both are loopback, so only CORS stands in the way.
    page_origin = f"http://localhost:{strict_server.port}"
    page.goto(page_origin + "/")
    widget = page.locator("tayori-search").first
    widget.evaluate("(el, api) => el.setAttribute('api', api)", strict_server.url)
    type_query(widget, "冷却期間")
    expect(widget.locator("[part=status]")).to_have_text("現在、検索はご利用いただけません")
    page.wait_for_timeout(200)
    [warning] = [w for w in warnings if "Tayori" in w]
    assert page_origin in warning and "origins" in warning and "partners.toml" in warning
