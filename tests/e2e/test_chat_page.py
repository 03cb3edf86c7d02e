"""The residents' chat page in Debian's Chromium (headless, driven by Playwright).

Each test drives the page served by the real Rasa server (``/chat/``) against
the real assistant. A screenshot of every step is saved under
``var/test-artifacts/chat-page/``. Every request the page makes is recorded;
none may leave the assistant's own origin.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Iterator, List

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bot.catalog.loader import load_catalog
from bot.config import PROJECT_ROOT
from bot.i18n.catalogs import CatalogRegistry
from tests.e2e.conftest import start_assistant as assistant_servers
from tests.helpers import free_port

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
start_assistant = contextlib.contextmanager(assistant_servers)
ARTIFACTS = PROJECT_ROOT / "var" / "test-artifacts" / "chat-page"
AXE = PROJECT_ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
REPLY_SECONDS = 60


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run scripts/setup.sh (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


class ChatPage:
    """One resident's browser tab, with the requests it made."""

    def __init__(self, page: Page, base_url: str, name: str) -> None:
        self.page, self.base_url, self.name = page, base_url, name
        self.requests: List[str] = []
        self.errors: List[str] = []
        self.steps = 0
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, query: str = "") -> "ChatPage":
        self.page.goto(f"{self.base_url}/chat/{query}")
        expect(self.page.locator("#language option")).to_have_count(9)
        return self

    def shot(self, step: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.steps += 1
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}-{self.steps:02d}-{step}.png"), full_page=True)

    def items(self) -> int:
        return self.page.locator("#conversation > :not(h2)").count()

    def _wait_for_reply(self, before: int) -> None:
        assert not self.errors, self.errors
        try:
            self.page.wait_for_function(
                "([n]) => document.querySelectorAll('#conversation > :not(h2)').length > n + 1"
                " && !document.getElementById('status').textContent",
                arg=[before], timeout=REPLY_SECONDS * 1000,
            )
        except PlaywrightTimeout:
            self.shot("no-reply")
            raise
        assert not self.errors, self.errors

    def say(self, text: str) -> None:
        before = self.items()
        self.page.fill("#message", text)
        self.page.keyboard.press("Enter")
        self._wait_for_reply(before)
        expect(self.page.locator("#message")).to_have_value("")

    def tap(self, index: int = 0) -> None:
        """Press a button of the latest choices (-1: the last one)."""
        before = self.items()
        buttons = self.page.locator("#conversation .choices").last.locator("button")
        (buttons.last if index == -1 else buttons.nth(index)).click()
        self._wait_for_reply(before)

    def foreign_requests(self) -> List[str]:
        return [url for url in self.requests
                if not url.startswith((self.base_url + "/", "data:", "blob:"))]


@pytest.fixture
def chat(browser: Browser, assistant, request) -> Iterator[ChatPage]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, accept_downloads=True)
    page = ChatPage(context.new_page(), assistant.url, request.node.name)
    yield page
    context.close()
    assert page.requests, "the page made no requests at all"
    assert page.errors == []
    assert page.foreign_requests() == []


def translated(workdir: Path, language: str, text: str) -> str:
    """``text`` in ``language`` from the catalogs the servers in ``workdir`` use."""
    return CatalogRegistry(workdir / "locales").translate(text, language)


def test_a_somali_deep_link_asks_about_open_kindergarten_and_gets_a_somali_card(chat, assistant):
    chat.open("?lang=so")
    assert chat.page.evaluate("document.documentElement.lang") == "so"
    chat.shot("opened")
    chat.say("waxaan rabaa inaan wax ka ogaado åpen barnehage")
    card = chat.page.locator("#conversation .card").last
    expect(card).to_be_visible()
    name = load_catalog().get("apen_barnehage").name
    expect(card.locator("h3")).to_have_text(translated(assistant.workdir, "so", name))
    assert translated(assistant.workdir, "so", name) != name
    chat.shot("service-card")


def test_arabic_is_laid_out_right_to_left(chat):
    chat.open("?lang=nb")
    assert chat.page.evaluate("document.documentElement.dir") == "ltr"
    chat.page.select_option("#language", "ar")
    expect(chat.page.locator("html")).to_have_attribute("dir", "rtl")
    expect(chat.page.locator("html")).to_have_attribute("lang", "ar")
    chat.say("مرحبا، ماذا يقدم الحي للعائلات؟")
    assert chat.page.evaluate("getComputedStyle(document.querySelector('.composer')).direction") == "rtl"
    user = chat.page.locator("#conversation .message.user").last.bounding_box()
    bot = chat.page.locator("#conversation .message.bot").last.bounding_box()
    # Mirrored: the resident's words on the left, the bydel's on the right.
    assert user["x"] < bot["x"]
    chat.shot("arabic")


def test_a_soknadskveld_is_booked_through_the_buttons_and_downloaded_as_ics(chat):
    chat.open("?lang=nb")
    chat.say("jeg vil melde meg på søknadskveld")
    chat.shot("sessions")
    # The last evening: the first, small one is for tests/e2e/test_booking.py
    # and may be full already (then it is not offered).
    chat.tap(-1)
    chat.say("2")  # adults
    chat.tap(0)  # interpreter in my language
    chat.say("Asli")
    chat.say("912 34 568")
    chat.shot("summary")
    chat.tap(0)  # yes, book it
    link = chat.page.locator("#conversation .booking a").last
    expect(link).to_be_visible()
    chat.shot("confirmed")
    with chat.page.expect_download() as download:
        link.click()
    ics = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename.endswith(".ics")
    assert ics.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in ics
    assert re.search(r"^DTSTART:\d{8}T\d{6}Z\r?$", ics, re.MULTILINE)
    assert re.search(r"^DTEND:\d{8}T\d{6}Z\r?$", ics, re.MULTILINE)


def test_a_crisis_message_shows_tap_to_call_numbers(chat):
    chat.open("?lang=en")
    chat.say("SOS my child is not breathing")
    crisis = chat.page.locator("#conversation .crisis").last
    expect(crisis).to_be_visible()
    expect(crisis).to_have_attribute("role", "alert")
    # The numbers come first, right after what the resident wrote.
    assert crisis.evaluate("node => node.previousElementSibling.classList.contains('user')")
    hrefs = crisis.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"tel:112", "tel:113", "tel:110", "tel:116123", "tel:116111", "tel:116006"} <= set(hrefs)
    chat.shot("crisis")


def test_the_conversation_survives_a_reload_and_start_over_clears_it(chat):
    chat.open("?lang=nb")
    chat.say("hei")
    chat.say("hva er åpen barnehage")  # a service card with its buttons
    chat.say("SOS")  # and the crisis numbers
    items = chat.items()
    sender = chat.page.evaluate("localStorage.getItem('inngang.sender')")
    chat.page.reload()
    expect(chat.page.locator("#conversation .message.user")).to_have_count(3)
    # The same conversation, drawn the same way: cards are not doubled by their texts.
    assert chat.items() == items
    assert chat.page.locator("#conversation .card").count() == 1
    assert chat.page.locator("#conversation .crisis").count() == 1
    assert chat.page.evaluate("localStorage.getItem('inngang.sender')") == sender
    chat.page.on("dialog", lambda dialog: dialog.accept())
    chat.page.click("#start-over")
    assert chat.items() == 0
    assert chat.page.evaluate("localStorage.getItem('inngang.sender')") != sender
    chat.page.reload()
    assert chat.items() == 0


def test_the_page_is_usable_by_keyboard_alone(chat):
    chat.open("?lang=nb")
    # The page focuses the input once its history has loaded.
    expect(chat.page.locator("#message")).to_be_focused()
    chat.page.keyboard.type("hei")
    before = chat.items()
    chat.page.keyboard.press("Enter")
    chat.page.wait_for_function("n => document.querySelectorAll('#conversation > :not(h2)').length > n + 1",
                                arg=before)
    # Focus stays in the input after a reply.
    expect(chat.page.locator("#message")).to_be_focused()


@pytest.mark.parametrize("language", ["nb", "ar", "ti"])
def test_no_serious_accessibility_violations(browser, assistant, language):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    chat = ChatPage(context.new_page(), assistant.url, f"axe-{language}")
    chat.open(f"?lang={language}")
    chat.say("SOS")  # a conversation with a crisis card and buttons on the page
    chat.page.add_script_tag(path=str(AXE))
    results = chat.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    chat.shot("axe")
    context.close()
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in results["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_offline_keeps_the_text_and_sends_it_on_retry(browser, tmp_path_factory):
    """Stop the server, see the offline notice with the text kept; start it, retry."""
    workdir = tmp_path_factory.mktemp("offline")
    port = free_port()
    context = browser.new_context(viewport={"width": 360, "height": 740})
    with start_assistant(workdir, rasa_port=port) as first:
        chat = ChatPage(context.new_page(), first.url, "offline")
        chat.open("?lang=so")
        chat.say("salaan")
    text = "waxaan rabaa inaan wax ka ogaado åpen barnehage"
    chat.page.fill("#message", text)
    chat.page.keyboard.press("Enter")
    expect(chat.page.locator("#status.offline")).to_be_visible(timeout=REPLY_SECONDS * 1000)
    expect(chat.page.locator("#retry")).to_be_visible()
    expect(chat.page.locator("#message")).to_have_value(text)
    assert chat.page.locator("#status").text_content() == translated(workdir, "so", chat_label("offline"))
    chat.shot("offline")
    with start_assistant(workdir, rasa_port=port):
        before = chat.items()
        chat.page.click("#retry")
        expect(chat.page.locator("#conversation .card")).to_be_visible(timeout=REPLY_SECONDS * 1000)
        assert chat.items() > before
        expect(chat.page.locator("#message")).to_have_value("")
        expect(chat.page.locator("#retry")).to_be_hidden()
        chat.shot("sent-on-retry")
    context.close()
    assert chat.foreign_requests() == []


def chat_label(key: str) -> str:
    from bot.web.labels import source_labels

    return source_labels()[key]
