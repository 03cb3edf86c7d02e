"""The real servers (tests/servers.py) for the end-to-end tests, with a fake Twilio API."""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Iterator, Optional

import pytest
import requests
import yaml

from bot.handoff.store import SqliteCaseStore
from bot.outbox.models import PENDING
from bot.outbox.redis_store import RedisOutbox
from bot.outbox.store import Outbox, SqliteOutbox
from bot.sms.numbers import conversation_id, number_id, phone_of
from tests.fakes.twilio_api import FakeTwilioApi
from tests.helpers import free_port, wait_until
from tests.servers import ActionServer, NoModel, latest_model, running_servers

# Not a real credential: the test servers check SMS signatures made with it.
TEST_TWILIO_AUTH_TOKEN = "test-auth-token-for-signatures"
TEST_TWILIO_ACCOUNT = "AC" + "e2e0" * 8
TEST_FROM_NUMBER = "+4759440000"
# Not a real secret either: lets the tests name the conversation of a number.
TEST_NUMBER_KEY = "test-key-for-number-hashes"


class Assistant:
    """A running Inngang: talk to it over the REST channel, read trackers."""

    def __init__(self, url: str, workdir: Path, twilio: FakeTwilioApi, redis_url: Optional[str] = None) -> None:
        self.url = url
        self.workdir = workdir
        self.twilio = twilio
        self.redis_url = redis_url
        self.sms_url = f"{url}/webhooks/sms/webhook"
        self.status_url = f"{url}/webhooks/sms/status"
        # Set when started by start_assistant: fault tests stop and start it.
        self.actions: Optional[ActionServer] = None

    def say(self, sender: str, text: str, metadata: dict | None = None) -> list:
        body = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        response = requests.post(f"{self.url}/webhooks/rest/webhook", json=body, timeout=60)
        response.raise_for_status()
        return response.json()

    def sms_conversation(self, address: str) -> str:
        """The conversation id an SMS or WhatsApp sender gets (a keyed hash)."""
        return conversation_id(address, TEST_NUMBER_KEY)

    @cached_property
    def outbox(self) -> Outbox:
        """The outbox the servers use (SQLite in the work directory, or Redis);
        built once, because the tests poll it many times a second."""
        if self.redis_url:
            return RedisOutbox.from_url(self.redis_url)
        return SqliteOutbox(self.workdir / "var" / "outbox.db")

    def settled(self, address: str) -> bool:
        """No message from ``address`` waits for its turn, and none to it waits to be sent."""
        outbox = self.outbox
        if any(inbound.address == address for inbound in outbox.waiting()):
            return False
        recipient = number_id(phone_of(address), TEST_NUMBER_KEY)
        return not any(m.status in PENDING for m in outbox.messages(recipient_id=recipient, limit=10_000))

    def sent_to(self, address: str, timeout: float = 60) -> list:
        """Bodies "Twilio" accepted for ``address``, once nothing is pending for it."""
        wait_until(lambda: self.settled(address), timeout, "the outbox for a test number", interval=0.05)
        return [request["form"]["Body"] for request in self.twilio.delivered(address)]

    def set_clock(self, moment: Optional[datetime]) -> None:
        """Every server process takes ``moment`` as now (None: the real clock again)."""
        clock_file = self.workdir / "clock.txt"
        if moment is None:
            clock_file.unlink(missing_ok=True)
        else:
            clock_file.write_text(moment.isoformat(), encoding="utf-8")

    @cached_property
    def cases(self) -> SqliteCaseStore:
        return SqliteCaseStore(self.workdir / "var" / "cases.db")

    def tracker(self, sender: str) -> dict:
        response = requests.get(f"{self.url}/conversations/{sender}/tracker", timeout=30)
        response.raise_for_status()
        return response.json()

    def last_bot_turn(self, sender: str) -> list:
        """The bot events after the latest user message: response keys and languages."""
        events = self.tracker(sender)["events"]
        last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
        return [
            {
                "response": e["metadata"].get("utter_action"),
                "language": (e["metadata"].get("metadata") or {}).get("language"),
                "text": e["text"],
            }
            for e in events[last_user:]
            if e["event"] == "bot"
        ]


BRING_TO_EVENINGS = ("Ta med BankID eller MinID hvis du har det, og brev fra NAV eller barnehagen. "
                     "Har du ikke det, kom likevel.")


def write_test_events(path: Path) -> Path:
    """Sessions a week or two from today, so the tests never run out of dates."""
    import datetime as dt

    today = dt.date.today()
    evening = today + dt.timedelta(days=7)
    data = {
        "version": 1,
        "places": [
            {"id": "furuset", "name": "Familiesenteret på Furuset", "address": "Furuset (eksempeladresse)",
             "bydel": "alna", "example_data": True},
        ],
        "application_evenings": [
            {"place": "furuset", "date": evening.isoformat(), "start": "17:30", "end": "19:30",
             "capacity": 4, "interpreter_languages": ["so", "ar"],
             "bring": BRING_TO_EVENINGS},
            {"place": "furuset", "date": (evening + dt.timedelta(days=7)).isoformat(), "start": "17:30",
             "end": "19:30", "capacity": 30, "interpreter_languages": [],
             "bring": BRING_TO_EVENINGS},
        ],
        "open_kindergarten": [
            {"place": "furuset", "weekday": "tuesday", "start": "09:30", "end": "12:00", "capacity": 12,
             "ages": [0, 5], "period": [today.isoformat(), (today + dt.timedelta(days=60)).isoformat()],
             "exceptions": [], "bring": "Ta med innesko og mat til barnet. Du er sammen med barnet hele tiden."},
        ],
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
# Staff phones of the test contacts (not real people; see write_test_contacts).
STAFF = {"amina": "+4791100001", "sara": "+4791100002", "yonas": "+4791100003"}


def write_test_contacts(path: Path) -> Path:
    """Contacts of the test bydel: a Somali-speaking contact, the fallback, a Tigrinya speaker."""
    def card(contact_id: str, name: str, languages: list, **extra) -> dict:
        return {"id": contact_id, "name": name, "role": "los for familier", "unit": "Bydel Alna", "bydel": "alna",
                "services": ["kontakt_bydelen", "helsestasjon", "familiesenter"],
                "helps_with": "Alt du lurer på om bydelens tilbud, søknader og hvem du skal snakke med.",
                "phone": STAFF[contact_id], "languages": languages,
                "hours": {day: "08:00-15:30" for day in WEEKDAYS}, **extra}
    data = {"version": 1, "default_bydel": "alna", "contacts": [
        card("amina", "Amina", ["nb", "so"]),
        card("sara", "Sara", ["nb", "en"], fallback=True),
        card("yonas", "Yonas", ["nb", "ti"]),
    ]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def start_assistant(
    workdir: Path, redis_url: Optional[str] = None, rasa_port: Optional[int] = None,
    extra_settings: Optional[dict] = None,
) -> Iterator[Assistant]:
    """The servers with a fake Twilio API; embedded stores, or Redis at ``redis_url``."""
    try:
        latest_model()
    except NoModel as error:
        pytest.fail(str(error))
    twilio = FakeTwilioApi().start()
    settings = {
        "TWILIO_AUTH_TOKEN": TEST_TWILIO_AUTH_TOKEN,
        "INNGANG_EVENTS_FILE": str(write_test_events(workdir / "events.yml")),
        "TWILIO_ACCOUNT_SID": TEST_TWILIO_ACCOUNT, "TWILIO_FROM_NUMBER": TEST_FROM_NUMBER,
        "TWILIO_API_BASE_URL": twilio.url, "INNGANG_NUMBER_HASH_KEY": TEST_NUMBER_KEY,
        "INNGANG_OUTBOX_RETRY_SECONDS": "0.2",
        "INNGANG_CONTACTS_FILE": str(write_test_contacts(workdir / "contacts.yml")),
        # Tests that need a moment in time write it here (bot/clock.py).
        "INNGANG_CLOCK_FILE": str(workdir / "clock.txt"),
        "INNGANG_CASE_CHECK_SECONDS": "0.2",
        **({"REDIS_URL": redis_url} if redis_url else {}),
        **(extra_settings or {}),
    }
    try:
        with running_servers(workdir, settings, [rasa_port or free_port()]) as servers:
            assistant = Assistant(servers.urls[0], workdir, twilio, redis_url)
            assistant.actions = servers.actions
            yield assistant
    finally:
        twilio.stop()


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from start_assistant(tmp_path_factory.mktemp("assistant"))
