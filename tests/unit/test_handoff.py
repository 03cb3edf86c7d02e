"""Handoff rules: routing, honest times, staff commands, escalation, nothing
lost or doubled; the case store contract on SQLite and Redis."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import redis
import yaml

from bot.handoff.contacts import ContactsError, load_contacts, parse_contacts
from bot.handoff.hours import add_working_minutes, next_opening
from bot.handoff.models import AuditEntry, CaseStatus, find_case_code
from bot.handoff.service import CaseRequest, Handoffs
from bot.handoff.staff import answer_staff, parse_staff_command
from bot.handoff.store import RedisCaseStore, SqliteCaseStore
from bot.handoff.when import parse_call_time
from bot.outbox.models import Kind
from bot.outbox.senders import build_sender
from bot.outbox.store import SqliteOutbox
from bot.outbox.worker import OutboxWorker
from bot.sms.optout import OptOuts
from bot.stores.kv import InMemoryStore
from tests.fakes.twilio_api import FakeTwilioApi
from tests.unit.test_outbox import Clock, settings_for

RESIDENT = "+4798765432"
# The contacts these tests route to (their own file, not the editors').
CONTACTS = {
    "version": 1,
    "default_bydel": "alna",
    "contacts": [
        {"id": "amina", "name": "Amina", "role": "helsesykepleier", "unit": "Helsestasjonen i Alna",
         "bydel": "alna", "services": ["helsestasjon"], "helps_with": "Små barn.", "phone": "+4791000001",
         "languages": ["nb", "so"], "hours": {d: "08:00-15:30" for d in ("monday", "tuesday", "wednesday",
                                                                           "thursday", "friday")},
         "absences": [{"from": "2026-12-14", "to": "2026-12-15"}]},
        {"id": "lise", "name": "Lise", "role": "helsesykepleier", "unit": "Helsestasjonen i Alna",
         "bydel": "alna", "services": ["helsestasjon"], "helps_with": "Små barn.", "phone": "+4791000002",
         "languages": ["nb"], "hours": {"monday": "08:00-15:30"}},
        {"id": "sara", "name": "Sara", "role": "los for familier", "unit": "Bydel Alna", "bydel": "alna",
         "services": ["kontakt_bydelen"], "helps_with": "Alt.", "phone": "+4791000003", "languages": ["nb", "pl"],
         "hours": {d: "08:00-15:30" for d in ("monday", "tuesday", "wednesday", "thursday", "friday")},
         "fallback": True},
    ],
}
THURSDAY_10 = datetime(2026, 12, 10, 10, 0)
SATURDAY_EVENING = datetime(2026, 12, 12, 20, 0)


@pytest.fixture
def contacts_file(tmp_path) -> Path:
    path = tmp_path / "contacts.yml"
    path.write_text(yaml.safe_dump(CONTACTS, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "sqlite":
        return SqliteCaseStore(tmp_path / "cases.db")
    request.getfixturevalue("redis_client")  # an empty database
    return RedisCaseStore(redis.Redis(port=request.getfixturevalue("redis_server").port, decode_responses=True))


@pytest.fixture
def outbox(tmp_path):
    return SqliteOutbox(tmp_path / "outbox.db")


@pytest.fixture
def handoffs(store, outbox, contacts_file):
    return Handoffs(store, lambda: load_contacts(contacts_file), outbox, escalate_minutes=60)


def request(**changes) -> CaseRequest:
    values = dict(conversation="sms-abc", phone=RESIDENT, language="so", service_id="helsestasjon", bydel="alna",
                  message="ilmahaygu wuu xanuunsan yahay", children_ages=[1], interpreter="so", call_time="morning")
    values.update(changes)
    return CaseRequest(**values)


def sent_to(outbox, number):
    return [m for m in outbox.messages(limit=1000) if m.recipient == number]


# -- contacts, hours, times ------------------------------------------------------

def test_the_editors_contacts_file_is_valid_and_has_a_fallback_per_bydel():
    contacts = load_contacts()
    assert {c.bydel for c in contacts.all if c.fallback} == {c.bydel for c in contacts.all}


@pytest.mark.parametrize("change, words", [
    (lambda raw: raw["contacts"][2].update(fallback=False), ["bydel alna", "fallback"]),
    (lambda raw: raw["contacts"][0].update(phone="12"), ["contacts entry 1", "field 'phone'"]),
    (lambda raw: raw["contacts"][0].update(services=["nope"]), ["contacts entry 1", "unknown service 'nope'"]),
    (lambda raw: raw["contacts"][1].update(hours={"monday": "9-15"}), ["contacts entry 2", "08:00-15:30"]),
    (lambda raw: raw["contacts"][0].update(absences=[{"from": "2026-12-15", "to": "2026-12-14"}]),
     ["contacts entry 1", "'to' must be on or after 'from'"]),
])
def test_mistakes_in_contacts_name_entry_and_field(tmp_path, change, words):
    raw = yaml.safe_load(yaml.safe_dump(CONTACTS))
    change(raw)
    with pytest.raises(ContactsError) as error:
        parse_contacts(yaml.safe_dump(raw), tmp_path / "contacts.yml")
    assert all(word in str(error.value) for word in words), str(error.value)


def test_openings_respect_hours_weekends_holidays_and_absences(contacts_file):
    amina = load_contacts(contacts_file).get("amina")
    assert next_opening(amina, THURSDAY_10) == THURSDAY_10
    assert next_opening(amina, SATURDAY_EVENING) == datetime(2026, 12, 16, 8, 0)  # absent Mon 14 and Tue 15
    assert next_opening(amina, datetime(2027, 5, 16, 20, 0)) == datetime(2027, 5, 18, 8, 0)  # 17 May
    assert next_opening(amina, datetime(2026, 12, 24, 9, 0)) == datetime(2026, 12, 24, 9, 0)  # a working day
    assert next_opening(amina, datetime(2026, 12, 25, 9, 0)) == datetime(2026, 12, 28, 8, 0)
    assert add_working_minutes(amina, datetime(2026, 12, 11, 15, 0), 60) == datetime(2026, 12, 16, 8, 30)


@pytest.mark.parametrize("text, expected", [
    ("i morgen 10", datetime(2026, 12, 11, 10, 0)), ("i dag 14.30", datetime(2026, 12, 10, 14, 30)),
    ("tirsdag 9", datetime(2026, 12, 15, 9, 0)), ("14.12 kl 10", datetime(2026, 12, 14, 10, 0)),
    ("kl 9", None), ("snart", None), ("i morgen", None), ("32.12 10", None),
])
def test_call_times_as_staff_write_them(text, expected):
    assert parse_call_time(text, THURSDAY_10) == expected


def test_codes_and_commands_are_found_in_any_language():
    assert find_case_code("maxaa ka jira kiiskayga K7M3?") == "K7M3"
    assert find_case_code("koodhka k7m3 fadlan") == "K7M3"
    assert find_case_code("K7HM3X") is None and find_case_code("HEJA") is None
    assert parse_staff_command("ok k7m3").name == "claim"
    assert parse_staff_command("RING K7M3 i morgen 10").rest == "i morgen 10"
    assert parse_staff_command("ok takk") is None and parse_staff_command("ok help me now") is None
    assert parse_staff_command("ok 2024") is None and parse_staff_command("ok K7M3X") is None


# -- the case store contract --------------------------------------------------------

def test_cases_survive_a_new_store_and_keep_their_audit(handoffs, store, tmp_path):
    case = handoffs.open(request(), THURSDAY_10)
    again = type(store)(tmp_path / "cases.db") if isinstance(store, SqliteCaseStore) else store
    assert again.get(case.code).message == "ilmahaygu wuu xanuunsan yahay"
    assert [e.action for e in again.audit_log(case.code)] == ["created", "delivered"]
    assert all(isinstance(e, AuditEntry) and "ilmahaygu" not in e.detail for e in again.audit_log())


# -- routing, delivery, honest times -----------------------------------------------------

def test_inside_hours_the_somali_speaker_gets_one_staff_sms_with_every_field(handoffs, outbox):
    case = handoffs.open(request(), THURSDAY_10)
    assert case.contact_id == "amina" and case.status == CaseStatus.SENT
    [staff] = sent_to(outbox, "+4791000001")
    assert staff.kind == Kind.STAFF.value
    for part in (case.code, RESIDENT, "ilmahaygu wuu xanuunsan yahay", "Soomaali", "1"):
        assert part in staff.body
    handoffs.run_due(THURSDAY_10)  # again: nothing new
    assert len(sent_to(outbox, "+4791000001")) == 1


def test_a_saturday_evening_case_waits_for_the_next_opening(handoffs, outbox):
    case = handoffs.open(request(language="nb"), SATURDAY_EVENING)
    assert case.status == CaseStatus.WAITING and case.contact_id == "amina"
    assert case.deliver_at == datetime(2026, 12, 16, 8, 0)  # Amina is absent Monday and Tuesday
    handoffs.run_due(datetime(2026, 12, 16, 7, 59))
    assert sent_to(outbox, "+4791000001") == []
    handoffs.run_due(datetime(2026, 12, 16, 8, 0))
    assert len(sent_to(outbox, "+4791000001")) == 1


def test_an_unknown_service_or_bydel_goes_to_the_fallback(handoffs):
    assert handoffs.route("barnevern", "frogner", "ar").id == "sara"


# -- staff commands ------------------------------------------------------------------------

def test_ok_claims_and_tells_the_resident_who_and_when(handoffs, outbox):
    case = handoffs.open(request(), THURSDAY_10)
    amina = handoffs.contacts.get("amina")
    assert answer_staff(handoffs, amina, f"OK {case.code}", THURSDAY_10).response == "utter_staff_claimed"
    [told] = sent_to(outbox, RESIDENT)
    assert told.kind == Kind.CASE.value and "Amina" in told.body and case.code in told.body
    assert handoffs.store.get(case.code).claimed_by == "amina"


def test_another_contact_cannot_take_a_claimed_case_and_nothing_changes(handoffs, outbox):
    case = handoffs.open(request(), THURSDAY_10)
    contacts = handoffs.contacts
    answer_staff(handoffs, contacts.get("amina"), f"ok {case.code}", THURSDAY_10)
    said = answer_staff(handoffs, contacts.get("sara"), f"FERDIG {case.code}", THURSDAY_10)
    assert said.response == "utter_staff_not_yours"
    assert handoffs.store.get(case.code).status == CaseStatus.CLAIMED


@pytest.mark.parametrize("text, response", [
    ("OK K9M4", "utter_staff_unknown_case"), ("ok help me", "utter_staff_help"), ("hei", "utter_staff_help"),
])
def test_unknown_codes_and_other_words_change_nothing(handoffs, text, response):
    case = handoffs.open(request(), THURSDAY_10)
    assert answer_staff(handoffs, handoffs.contacts.get("amina"), text, THURSDAY_10).response == response
    assert handoffs.store.get(case.code).status == CaseStatus.SENT


def test_ring_plans_the_call_in_the_residents_language_and_a_bad_time_is_asked_again(handoffs, outbox):
    case = handoffs.open(request(language="ti", interpreter="ti"), THURSDAY_10)
    amina = handoffs.contacts.get("amina")
    bad = answer_staff(handoffs, amina, f"RING {case.code} snart", THURSDAY_10)
    assert bad.response == "utter_staff_bad_time" and sent_to(outbox, RESIDENT) == []
    good = answer_staff(handoffs, amina, f"RING {case.code} i morgen 10", THURSDAY_10)
    assert good.response == "utter_staff_call_planned"
    [told] = sent_to(outbox, RESIDENT)
    assert "Amina" in told.body and any("\u1200" <= ch <= "\u137f" for ch in told.body)  # Ethiopic script
    assert handoffs.store.get(case.code).call_at == datetime(2026, 12, 11, 10, 0)


def test_ferdig_closes_and_a_closed_case_stays_closed(handoffs):
    case = handoffs.open(request(), THURSDAY_10)
    amina = handoffs.contacts.get("amina")
    assert answer_staff(handoffs, amina, f"FERDIG {case.code}", THURSDAY_10).response == "utter_staff_closed"
    assert answer_staff(handoffs, amina, f"OK {case.code}", THURSDAY_10).response == "utter_staff_case_not_open"
    assert handoffs.store.get(case.code).status == CaseStatus.CLOSED


def test_videre_forwards_with_the_same_consent(handoffs, outbox):
    case = handoffs.open(request(), THURSDAY_10)
    said = answer_staff(handoffs, handoffs.contacts.get("amina"), f"VIDERE {case.code} sara", THURSDAY_10)
    assert said.response == "utter_staff_forwarded"
    moved = handoffs.store.get(case.code)
    assert moved.contact_id == "sara" and moved.consent_scope == case.consent_scope and moved.forwarded_from == "amina"
    assert len(sent_to(outbox, "+4791000003")) == 1
    assert [e.action for e in handoffs.store.audit_log(case.code)][-2:] == ["forwarded", "delivered"]
    unknown = answer_staff(handoffs, handoffs.contacts.get("sara"), f"VIDERE {case.code} ukjent", THURSDAY_10)
    assert unknown.response == "utter_staff_unknown_contact"


def test_a_case_not_taken_in_time_escalates_to_the_fallback_and_the_first_contact_is_told(handoffs, outbox):
    case = handoffs.open(request(), THURSDAY_10)
    handoffs.run_due(datetime(2026, 12, 10, 10, 59))
    assert handoffs.store.get(case.code).contact_id == "amina"
    handoffs.run_due(datetime(2026, 12, 10, 11, 0))
    moved = handoffs.store.get(case.code)
    assert moved.contact_id == "sara" and moved.escalated and moved.status == CaseStatus.SENT
    assert len(sent_to(outbox, "+4791000003")) == 1
    assert [m.kind for m in sent_to(outbox, "+4791000001")] == ["staff", "staff"]  # the case, then "escalated"
    handoffs.run_due(datetime(2026, 12, 10, 15, 0))
    assert len(sent_to(outbox, "+4791000003")) == 1  # escalated once


def test_the_resident_can_withdraw_and_staff_are_told(handoffs, outbox):
    case = handoffs.open(request(), THURSDAY_10)
    assert handoffs.withdraw("sms-abc", THURSDAY_10).status == CaseStatus.WITHDRAWN
    assert len(sent_to(outbox, "+4791000001")) == 2
    assert handoffs.withdraw("sms-abc", THURSDAY_10) is None
    assert handoffs.store.get(case.code).status == CaseStatus.WITHDRAWN


def test_deletion_keeps_no_number_or_words(handoffs):
    case = handoffs.open(request(), THURSDAY_10)
    assert handoffs.forget("sms-abc", THURSDAY_10) == 1
    kept = handoffs.store.get(case.code)
    assert kept.phone == "" and kept.message is None and kept.children_ages == [] and kept.conversation == ""


def test_twilio_failing_then_recovering_delivers_each_case_sms_once(handoffs, outbox):
    fake = FakeTwilioApi().start()
    try:
        fake.answer_next((500, None), (500, None), (503, None))
        clock = Clock()
        settings = settings_for(fake)
        worker = OutboxWorker(outbox, build_sender(settings), OptOuts(InMemoryStore()), settings, clock)
        case = handoffs.open(request(), THURSDAY_10)
        answer_staff(handoffs, handoffs.contacts.get("amina"), f"OK {case.code}", THURSDAY_10)
        for _ in range(12):
            worker.drain()
            clock.now += 120
        assert len(fake.delivered("+4791000001")) == 1 and len(fake.delivered(RESIDENT)) == 1
    finally:
        fake.stop()


def test_the_staff_listing_masks_numbers_and_writes_csv(handoffs, tmp_path, monkeypatch):
    from bot.handoff import listing

    case = handoffs.open(request(), THURSDAY_10)
    monkeypatch.setattr(listing, "default_handoffs", lambda: handoffs)
    monkeypatch.setattr(listing.clock, "now", lambda: datetime(2026, 12, 10, 12, 0))
    listing.main(["--csv", str(tmp_path / "cases.csv")])
    written = (tmp_path / "cases.csv").read_text(encoding="utf-8")
    assert case.code in written and "2.0" in written and RESIDENT not in written and "+47 ••••••32" in written
