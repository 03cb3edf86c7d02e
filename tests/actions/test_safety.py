"""After the emergency numbers, the question that was asked is still answered."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.safety.answer_after_urgent_help import ActionAnswerAfterUrgentHelp
from bot.catalog import load_catalog
from tests.actions.builders import tracker, user_event


def said(replaced):
    event = user_event("we argue a lot and he shouts", "urgent_help")
    if replaced:
        event["parse_data"]["safety_net"] = {"replaced": replaced}
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerAfterUrgentHelp().run(dispatcher, tracker([event]), {}))
    return dispatcher.messages


def test_the_replaced_topic_gets_its_card():
    messages = said("ask_family_support")
    assert [m["response"] for m in messages] == ["utter_service_card"]
    assert messages[0]["service_id"] == load_catalog().for_topic("ask_family_support")[0].id


def test_a_real_crisis_gets_nothing_more():
    assert said(None) == []
    assert said("greet") == []
