"""Service cards and the guided "what can you offer me?" over the REST channel."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.e2e


def new_sender() -> str:
    return f"web-{uuid.uuid4().hex[:8]}"


@pytest.mark.parametrize(
    "language, question, service",
    [
        ("nb", "Hva koster barnehage? Kan jeg få redusert pris?", "kjernetid_og_redusert_betaling"),
        ("so", "waxaan u baahanahay tolk kulanka NAV", "tolk"),
        ("ar", "ما هي الروضة المفتوحة åpen barnehage؟", "apen_barnehage"),
        ("pl", "Dostałam list z barnevernet, czy zabiorą mi dziecko?", "barnevern"),
        ("uk", "У мене немає грошей на оренду і світло, що робити?", "nav_sosialhjelp"),
        ("ti", "ንደቀይ ናይ ምሸት ንጥፈታት ኣሎ ድዩ? fritidsklubb", "fritidsaktiviteter"),
    ],
)
def test_a_topic_question_gets_the_service_card_in_its_language(assistant, language, question, service):
    sender = new_sender()
    replies = assistant.say(sender, question)
    turn = assistant.last_bot_turn(sender)
    assert turn[0]["response"] == "utter_service_card"
    assert {t["language"] for t in turn} == {language}
    card = next(r["custom"] for r in replies if r.get("custom"))
    assert card["type"] == "service_card"
    related = {"fritidsklubber", "ferietilbud"} if service == "fritidsaktiviteter" else set()
    assert card["service"] in {service} | related
    assert len(card["fields"]) == 7 and all(field["text"] for field in card["fields"])


def test_a_pilot_is_never_shown_as_certain(assistant):
    sender = new_sender()
    replies = assistant.say(sender, "/ask_application_help")
    card = next(r["custom"] for r in replies if r.get("custom"))
    assert card["service"] == "soknadshjelp" and card["status"] == "pilot"
    assert card["note"]


def test_guided_offers_then_a_choice_by_number(assistant):
    sender = new_sender()
    assistant.say(sender, "What can the bydel offer me and my kids?")
    assert [t["response"] for t in assistant.last_bot_turn(sender)] == ["utter_ask_children_ages"]
    assistant.say(sender, "pregnant")  # answers the situation too
    assert assistant.tracker(sender)["slots"]["situation"] == "expecting"
    assert [t["response"] for t in assistant.last_bot_turn(sender)] == ["utter_ask_bydel"]
    replies = assistant.say(sender, "Furuset")
    assert assistant.tracker(sender)["slots"]["bydel"] == "alna"
    listing = next(r for r in replies if r.get("buttons"))
    assert 1 <= len(listing["buttons"]) <= 5
    assistant.say(sender, "1")
    turn = assistant.last_bot_turn(sender)
    assert turn[0]["response"] == "utter_service_card"
    assert {t["language"] for t in turn} == {"en"}


def test_bad_answers_are_asked_again(assistant):
    sender = new_sender()
    assistant.say(sender, "hva kan bydelen tilby familien min?")
    assistant.say(sender, "vet ikke jeg")
    assert [t["response"] for t in assistant.last_bot_turn(sender)] == [
        "utter_invalid_children_ages", "utter_ask_children_ages"
    ]
    assistant.say(sender, "4")
    assistant.say(sender, "9")
    assert [t["response"] for t in assistant.last_bot_turn(sender)] == [
        "utter_invalid_situation", "utter_ask_situation"
    ]


def test_urgent_help_wins_inside_the_guided_questions(assistant):
    sender = new_sender()
    assistant.say(sender, "hva kan bydelen tilby?")
    assistant.say(sender, "mannen min slår meg og jeg er redd")
    assert [t["response"] for t in assistant.last_bot_turn(sender)][:1] == ["utter_urgent_help"]
    active_loop = assistant.tracker(sender)["active_loop"]
    assert active_loop == {} or active_loop.get("name") is None


@pytest.mark.parametrize(
    "language, text",
    [
        ("nb", "jeg vil ta livet mitt"),
        ("en", "my husband hits me and the kids are scared"),
        ("pl", "mąż mnie bije, pomocy"),
        ("uk", "мені страшно, він б'є дітей"),
        ("so", "ninkaygu wuu i garaacay caruurtana waa ay baqeen"),
        ("ar", "زوجي يضربني وأنا خائفة على أطفالي"),
        ("ur", "میرا شوہر مجھے مارتا ہے"),
        ("ti", "ሰብኣየይ ይወቕዓኒ ኣሎ"),
        ("nn", "eg er redd, han truar meg med kniv"),
    ],
)
def test_urgent_help_in_every_language(assistant, language, text):
    sender = new_sender()
    assistant.say(sender, text)
    turn = assistant.last_bot_turn(sender)
    assert turn[0]["response"] == "utter_urgent_help"
    assert {t["language"] for t in turn} == {language}
