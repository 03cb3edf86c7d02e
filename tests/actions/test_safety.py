"""After the emergency numbers the question is still answered; a possible crisis gets one calm line."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.fallback.handle_fallback import ActionHandleFallback
from actions.offers.show_service import ActionShowService
from actions.safety.answer_after_urgent_help import ActionAnswerAfterUrgentHelp
from bot.catalog import load_catalog
from tests.actions.builders import tracker, user_event


def run(action, event):
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker([event]), {}))
    return [m["response"] for m in dispatcher.messages], dispatcher.messages


def crisis_event(text, intent, tier, replaced=None):
    event = user_event(text, intent)
    event["parse_data"]["crisis"] = {"tier": tier, "replaced": replaced}
    return event


def test_the_replaced_topic_gets_its_card():
    responses, messages = run(ActionAnswerAfterUrgentHelp(),
                              crisis_event("he shouts, barnevern?", "urgent_help", "acute", "ask_family_support"))
    assert responses == ["utter_service_card"]
    assert messages[0]["service_id"] == load_catalog().for_topic("ask_family_support")[0].id


def test_a_real_crisis_gets_nothing_more():
    assert run(ActionAnswerAfterUrgentHelp(), crisis_event("SOS", "urgent_help", "acute"))[0] == []
    assert run(ActionAnswerAfterUrgentHelp(), crisis_event("SOS", "urgent_help", "acute", "greet"))[0] == []
    # The crisis answer itself offers a person.
    assert run(ActionAnswerAfterUrgentHelp(),
               crisis_event("help me now", "urgent_help", "acute", "request_human"))[0] == []


def test_a_possible_crisis_is_answered_led_by_one_calm_line():
    letter = crisis_event("we got a letter from barnevern", "ask_child_welfare", "possible")
    responses, _ = run(ActionShowService(), letter)
    assert responses[0] == "utter_crisis_check"
    assert "utter_service_card" in responses[1:]


def test_no_calm_line_without_a_possible_crisis():
    responses, _ = run(ActionShowService(), crisis_event("barnehage pris", "ask_kindergarten_fee", "none"))
    assert "utter_crisis_check" not in responses
    responses, _ = run(ActionShowService(), user_event("barnehage pris", "ask_kindergarten_fee"))
    assert "utter_crisis_check" not in responses


def test_a_possible_crisis_that_was_not_understood_still_gets_the_calm_line():
    responses, _ = run(ActionHandleFallback(), crisis_event("hjelp!", "nlu_fallback", "possible"))
    assert responses == ["utter_crisis_check", "utter_ask_rephrase"]
