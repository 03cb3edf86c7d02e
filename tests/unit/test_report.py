"""make report on a recorded set of conversations: expected counts, small ones
suppressed, no phone number or person number, and it opens in Chromium."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone
from pathlib import Path

from playwright.sync_api import sync_playwright
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.booking.models import Booking
from bot.config import PROJECT_ROOT
from bot.handoff.models import AuditEntry, Case, CaseStatus
from bot.report.__main__ import write_report
from bot.report.collect import collect
from bot.report.import_examples import TARGET, import_examples
from bot.web.poster import CHROMIUM

MONDAY = datetime(2026, 11, 30, 10, tzinfo=timezone.utc)
SLOTS = Domain.load(str(PROJECT_ROOT / "domain")).slots
PHONE, PERSON_NUMBER = "91234567", "15076500565"


def conversation(store, sender: str, language: str, channel: str, intents: list, misses: list = ()) -> None:
    events = [SlotSet("language", language)]
    for n, intent in enumerate(intents):
        events.append(UserUttered(f"melding {n}", {"name": intent}, input_channel=channel,
                                  timestamp=(MONDAY + timedelta(minutes=n)).timestamp()))
    for text in misses:
        events.append(UserUttered(text, {"name": "nlu_fallback"}, input_channel=channel,
                                  timestamp=MONDAY.timestamp()))
    store.store[sender] = store.serialise_tracker(DialogueStateTracker.from_events(sender, events, slots=SLOTS))


def recorded() -> InMemoryTrackerStore:
    store = InMemoryTrackerStore(Domain.empty())
    for n in range(7):  # 7 Somali conversations by SMS, two of them with a miss
        conversation(store, f"so-{n}", "so", "sms", ["greet", "ask_open_kindergarten"],
                     [f"waan ka xumahay ma fahmin {n} ring {PHONE} fnr {PERSON_NUMBER}"] if n < 2 else [])
    for n in range(3):  # 3 Ukrainian web conversations: a group too small to show
        conversation(store, f"uk-{n}", "uk", "rest", ["ask_kindergarten_fee"])
    return store


def booking(code: str, session: str, status: str = "confirmed", interpreter=None) -> Booking:
    return Booking(code=code, session_id=session, seats=2, phone="+4791234567", first_name="Ida", adults=2,
                   children_ages=[], interpreter_language=interpreter, language="so", status=status,
                   created_at="2026-11-30T10:00")


def case(code: str, escalated: bool) -> Case:
    return Case(code=code, conversation="c", phone="+4791234567", language="so", service_id="tolk", bydel="alna",
                contact_id="amina", consent_scope=[], created=MONDAY, deliver_at=MONDAY, escalate_at=MONDAY,
                status=CaseStatus.CLOSED, escalated=escalated)


def report(tmp_path: Path) -> Path:
    bookings = [booking(f"B{n}", "kveld-1", interpreter="so") for n in range(6)] + [booking("B9", "kveld-2")]
    cases = [case(f"K{n}", escalated=n == 0) for n in range(6)]
    audit = [AuditEntry(MONDAY + timedelta(minutes=10 * (n + 1)), f"K{n}", "claimed", "amina") for n in range(6)]
    return write_report(collect(recorded(), bookings, cases, audit), tmp_path)


def rows(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return {(r["section"], r["key"]): r["value"] for r in csv.DictReader(handle)}


def test_counts_are_right_and_small_groups_are_suppressed(tmp_path):
    report(tmp_path)
    counts = rows(tmp_path / "report.csv")
    assert counts[("Conversations per language", "so")] == "7"
    assert counts[("Conversations per language", "uk")] == "<5"
    assert counts[("Conversations per channel", "sms")] == "7"
    assert counts[("Conversations per channel", "web")] == "<5"
    assert counts[("Conversations asking each topic", "ask_open_kindergarten")] == "7"
    assert counts[("Conversations asking each topic", "ask_kindergarten_fee")] == "<5"
    assert counts[("Fallback rate per language (messages not understood)", "so")] == "12%"  # 2 of 16
    assert counts[("Fallback rate per language (messages not understood)", "uk")] == "<5"
    assert counts[("Confirmed bookings per session", "kveld-1")] == "6"
    assert counts[("Confirmed bookings per session", "kveld-2")] == "<5"
    assert counts[("Seats booked per session", "kveld-1")] == "12"
    assert counts[("Interpreter needs (confirmed bookings)", "so")] == "6"
    assert counts[("Handoffs", "median time to claim")] == "35 min"
    assert counts[("Handoffs", "escalated (not claimed in time)")] == "<5"


def test_no_phone_or_person_number_and_the_page_opens_in_chromium(tmp_path):
    page_path = report(tmp_path)
    written = "".join(p.read_text(encoding="utf-8") for p in tmp_path.iterdir())
    assert PHONE not in written and PERSON_NUMBER not in written
    assert "waan ka xumahay ma fahmin 0" in written  # the miss is listed, redacted
    errors = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(page_path.as_uri())
        assert page.locator("h2").count() >= 8 and page.locator("svg").count() >= 3
        browser.close()
    assert errors == []
    assert all(url.startswith("file://") for url in requests)  # no external assets


def test_labelled_misses_become_examples_under_review(tmp_path):
    report(tmp_path)
    misses = tmp_path / "misses.csv"
    lines = misses.read_text(encoding="utf-8").splitlines()
    labelled = [lines[0], lines[1].rstrip(",") + ",ask_open_kindergarten", lines[2]]
    misses.write_text("\n".join(labelled) + "\n", encoding="utf-8")
    data = tmp_path / "nlu"
    (data / "so").mkdir(parents=True)
    assert import_examples(misses, data, ["ask_open_kindergarten"]) == {"added": 1, "skipped": 1}
    written = (data / "so" / TARGET).read_text(encoding="utf-8")
    assert "- intent: ask_open_kindergarten" in written and "[phone]" in written
    assert import_examples(misses, data, ["ask_open_kindergarten"])["added"] == 0  # already there
