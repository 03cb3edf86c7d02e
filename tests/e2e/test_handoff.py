"""A person behind the door: handoff by SMS through the signed webhook and
the fake Twilio API, with the servers' clock set by the test (bot/clock.py)."""

from __future__ import annotations

from datetime import datetime
from typing import List

import pytest

from bot.handoff.models import Case, CaseStatus
from tests.e2e.conftest import STAFF
from tests.e2e.test_sms import new_number, replies_of, reply_text, sms
from tests.helpers import wait_until

pytestmark = pytest.mark.e2e
THURSDAY_10 = datetime(2026, 12, 10, 10, 0)
SATURDAY_EVENING = datetime(2026, 12, 12, 20, 0)
MONDAY_8 = datetime(2026, 12, 14, 8, 0)
CONSTITUTION_DAY = datetime(2027, 5, 17, 10, 0)
ASK_SOMALI = "waxaan rabaa inaan qof dhab ah la hadlo"
ASK_TIGRINYA = "ምስ ሰብ ክዛረብ ደልየ"


@pytest.fixture
def clock(assistant):
    yield assistant.set_clock
    assistant.set_clock(None)


def responses(assistant, number: str) -> List[str]:
    return [turn["response"] for turn in assistant.last_bot_turn(assistant.sms_conversation(number))]


def case_of(assistant, number: str) -> Case:
    [case] = assistant.cases.for_conversation(assistant.sms_conversation(number))
    return case


def staff_sms(assistant, contact: str, count: int) -> List[str]:
    """Waits until ``count`` SMS have reached the contact's phone."""
    number = STAFF[contact]
    wait_until(lambda: len(assistant.twilio.delivered(number)) >= count, 30, f"SMS to {contact}", interval=0.05)
    return [request["form"]["Body"] for request in assistant.twilio.delivered(number)]


def wait_for_staff_sms_about(assistant, contact: str, code: str, after: int) -> str:
    """The first SMS to the contact after the first ``after`` that names the case."""
    number = STAFF[contact]

    def about() -> List[str]:
        bodies = [request["form"]["Body"] for request in assistant.twilio.delivered(number)][after:]
        return [body for body in bodies if code in body]
    wait_until(lambda: bool(about()), 30, f"an SMS about {code} to {contact}", interval=0.05)
    return about()[0]


def request_with_consent(assistant, number: str, first: str, message: str = "waxaan rabaa barnehage") -> Case:
    assert replies_of(sms(assistant, number, first))
    assert "utter_ask_handoff_consent" in responses(assistant, number)
    for answer in ("1", message, "2 iyo 4", "1", "1"):
        assert reply_text(sms(assistant, number, answer))
    assert "utter_handoff_sent" in responses(assistant, number)
    case = case_of(assistant, number)
    if case.status == CaseStatus.SENT:  # inside hours: wait until the staff phone has it
        wait_for_staff_sms_about(assistant, case.contact_id, case.code, 0)
    return case


def test_somali_request_consent_staff_sms_ok_and_the_resident_is_told_who(assistant, clock):
    clock(THURSDAY_10)
    number = new_number()
    before = len(assistant.twilio.delivered(STAFF["amina"]))
    case = request_with_consent(assistant, number, ASK_SOMALI)
    assert case.contact_id == "amina" and case.language == "so"  # she speaks Somali
    [staff] = staff_sms(assistant, "amina", before + 1)[before:]
    for part in (case.code, number, "waxaan rabaa barnehage", "Soomaali", "2, 4"):
        assert part in staff, part
    assert assistant.cases.audit_log(case.code)[-1].action == "delivered"
    claimed = reply_text(sms(assistant, STAFF["amina"], f"OK {case.code}"))
    assert case.code in claimed
    told = assistant.sent_to(number)[-1]
    assert "Amina" in told and case.code in told and "Fra bydelen" not in told  # in Somali
    assert case_of(assistant, number).status == CaseStatus.CLAIMED


def test_no_consent_shares_nothing(assistant, clock):
    clock(THURSDAY_10)
    number = new_number()
    before = {name: len(assistant.twilio.delivered(phone)) for name, phone in STAFF.items()}
    replies_of(sms(assistant, number, ASK_SOMALI))
    assert reply_text(sms(assistant, number, "2"))
    assert responses(assistant, number) == ["utter_handoff_no_consent"]
    assert assistant.cases.for_conversation(assistant.sms_conversation(number)) == []
    assert {name: len(assistant.twilio.delivered(phone)) for name, phone in STAFF.items()} == before


@pytest.mark.parametrize("moment, opening", [
    (SATURDAY_EVENING, MONDAY_8), (CONSTITUTION_DAY, datetime(2027, 5, 18, 8, 0)),
])
def test_outside_hours_the_case_waits_for_the_next_opening_and_the_resident_is_told(assistant, clock,
                                                                                     moment, opening):
    clock(moment)
    number = new_number()
    before = len(assistant.twilio.delivered(STAFF["amina"]))
    case = request_with_consent(assistant, number, ASK_SOMALI)
    assert case.status == CaseStatus.WAITING and case.deliver_at == opening
    sent = [e for e in assistant.last_bot_turn(assistant.sms_conversation(number))
            if e["response"] == "utter_handoff_sent"]
    assert sent and case.code in sent[0]["text"]
    clock(opening)
    assert wait_for_staff_sms_about(assistant, "amina", case.code, before)
    wait_until(lambda: case_of(assistant, number).status == CaseStatus.SENT, 10, "delivery")


def test_ring_tells_a_tigrinya_resident_when_the_call_comes(assistant, clock):
    clock(THURSDAY_10)
    number = new_number()
    replies_of(sms(assistant, number, ASK_TIGRINYA))
    for answer in ("1", "-", "-", "1", "4"):
        assert reply_text(sms(assistant, number, answer))
    case = case_of(assistant, number)
    assert case.contact_id == "yonas" and case.interpreter == "ti"
    reply_text(sms(assistant, STAFF["yonas"], f"OK {case.code}"))
    reply_text(sms(assistant, STAFF["yonas"], f"RING {case.code} i morgen 10"))
    told = assistant.sent_to(number)[-1]
    assert "Yonas" in told and any("\u1200" <= ch <= "\u137f" for ch in told)
    assert case_of(assistant, number).call_at == datetime(2026, 12, 11, 10, 0)


def test_a_forwarded_case_reaches_the_new_contact(assistant, clock):
    clock(THURSDAY_10)
    number = new_number()
    case = request_with_consent(assistant, number, ASK_SOMALI)
    before = len(assistant.twilio.delivered(STAFF["sara"]))
    assert case.code in reply_text(sms(assistant, STAFF["amina"], f"VIDERE {case.code} Sara"))
    assert wait_for_staff_sms_about(assistant, "sara", case.code, before)
    assert case_of(assistant, number).contact_id == "sara"


def test_a_case_not_taken_in_time_escalates_to_the_fallback(assistant, clock):
    clock(THURSDAY_10)
    number = new_number()
    case = request_with_consent(assistant, number, ASK_SOMALI)
    amina, sara = len(assistant.twilio.delivered(STAFF["amina"])), len(assistant.twilio.delivered(STAFF["sara"]))
    clock(datetime(2026, 12, 10, 12, 1))  # two working hours later
    assert wait_for_staff_sms_about(assistant, "sara", case.code, sara)
    assert wait_for_staff_sms_about(assistant, "amina", case.code, amina)  # she is told
    assert case_of(assistant, number).escalated


def test_ok_from_a_number_that_is_not_staff_changes_nothing(assistant, clock):
    clock(THURSDAY_10)
    number = new_number()
    case = request_with_consent(assistant, number, ASK_SOMALI)
    stranger = new_number()
    assert reply_text(sms(assistant, stranger, f"OK {case.code}"))
    assert case_of(assistant, number).status == CaseStatus.SENT


def test_twilio_failing_then_recovering_delivers_each_sms_once(assistant, clock):
    clock(THURSDAY_10)
    number = new_number()
    before = len(assistant.twilio.delivered(STAFF["amina"]))
    assistant.twilio.answer_next((500, None), (500, None), (503, None))
    case = request_with_consent(assistant, number, ASK_SOMALI)
    bodies = staff_sms(assistant, "amina", before + 1)[before:]
    assert len([b for b in bodies if case.code in b]) == 1
    replies = assistant.sent_to(number)
    assert len(replies) == len(set(replies))  # no reply twice


def test_the_resident_asks_where_the_case_stands_and_withdraws_it(assistant, clock):
    clock(THURSDAY_10)
    number = new_number()
    case = request_with_consent(assistant, number, ASK_SOMALI)
    assert case.code in reply_text(sms(assistant, number, f"kiiskayga {case.code}"))
    assert responses(assistant, number) == ["utter_handoff_status_waiting"]
    amina = len(assistant.twilio.delivered(STAFF["amina"]))
    reply_text(sms(assistant, number, "avbryt saken"))
    assert case_of(assistant, number).status == CaseStatus.WITHDRAWN
    assert wait_for_staff_sms_about(assistant, "amina", case.code, amina)


def test_on_the_web_the_resident_gives_a_number_and_the_case_goes_to_the_services_contact(assistant, clock):
    clock(THURSDAY_10)
    sender = f"web-{new_number()[1:]}"
    assistant.say(sender, "is there a health station for my baby?", metadata={"language": "en"})
    assistant.say(sender, "can someone call me?", metadata={"language": "en"})
    turn = assistant.last_bot_turn(sender)
    assert [t["response"] for t in turn] == ["utter_ask_handoff_consent"]
    for answer in ("1", "my baby does not sleep", "1", "2", "3", "nine one two"):
        assistant.say(sender, answer, metadata={"language": "en"})
    assert [t["response"] for t in assistant.last_bot_turn(sender)] == [
        "utter_invalid_handoff_phone", "utter_ask_handoff_phone"]
    assistant.say(sender, "912 34 567", metadata={"language": "en"})
    assert [t["response"] for t in assistant.last_bot_turn(sender)] == ["utter_handoff_sent"]
    [case] = assistant.cases.for_conversation(sender)
    assert case.phone == "+4791234567" and case.call_time == "afternoon"
    assert case.service_id in ("helsestasjon", "apen_helsestasjon")  # the card the resident read
    assert case.children_ages == [1] and case.interpreter is None
