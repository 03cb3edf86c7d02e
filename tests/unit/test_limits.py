"""Input limits shared by the channels (bot/channels/limits.py, bot/channels/web.py)."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.limits import MAX_MESSAGE_CHARACTERS, NO_ANSWER_RESPONSE, clean_text, too_long
from bot.channels.web import MAX_SENDER_CHARACTERS, answer_or_apologize, body_problem
from bot.nlg import render_outside_turn


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("hei\u202e gnp.exe", "hei gnp.exe"),  # right-to-left override
        ("\u2066salaan\u2069", "salaan"),  # isolates
        ("a\x00b\x07c\x1bd\x7fe\x85f", "abcdef"),  # C0 and C1 controls
        ("linje 1\r\nlinje 2\rlinje 3\tx", "linje 1\nlinje 2\nlinje 3\tx"),
        ("  ok  ", "ok"),
        ("میں\u200cنے", "میں\u200cنے"),  # zero-width non-joiner is part of the writing
        ("👩\u200d👧", "👩\u200d👧"),  # and the joiner of an emoji
    ],
)
def test_control_characters_and_bidi_overrides_are_stripped(raw, clean):
    assert clean_text(raw) == clean


def test_the_limit_is_the_longest_sms():
    assert not too_long("a" * MAX_MESSAGE_CHARACTERS)
    assert too_long("a" * (MAX_MESSAGE_CHARACTERS + 1))


@pytest.mark.parametrize(
    "body",
    [None, [], "text", 5, {}, {"message": "hei"}, {"sender": ""}, {"sender": "  "}, {"sender": 5},
     {"sender": "x" * (MAX_SENDER_CHARACTERS + 1)}, {"sender": "a", "message": 5},
     {"sender": "a", "message": ["hei"]}, {"sender": "a", "message": "hei", "metadata": []},
     {"sender": "a", "message": "hei", "metadata": "nb"}],
)
def test_unreadable_bodies_are_named(body):
    assert body_problem(body)


@pytest.mark.parametrize(
    "body",
    [{"sender": "a"}, {"sender": "a", "message": None}, {"sender": "a", "message": "hei"},
     {"sender": "web-1", "message": "", "metadata": {"language": "so"}}],
)
def test_readable_bodies_pass(body):
    assert body_problem(body) is None


async def _no_turn(message: UserMessage) -> None:
    raise RuntimeError("the action server is down")


async def _answered_turn(message: UserMessage) -> None:
    await message.output_channel.send_text_message(message.sender_id, "Hei!")


async def _somali() -> str:
    return "so"


def test_a_failed_turn_gets_an_apology_in_the_conversation_language():
    collector = CollectingOutputChannel()
    message = UserMessage("hei", collector, "web-1")
    with pytest.raises(RuntimeError):
        asyncio.run(answer_or_apologize(_no_turn, message, _somali))
    [apology] = collector.messages
    rendered = render_outside_turn(NO_ANSWER_RESPONSE, "so", "rest")["text"]
    assert apology == {"recipient_id": "web-1", "text": rendered}


def test_an_answered_turn_is_left_alone():
    collector = CollectingOutputChannel()
    asyncio.run(answer_or_apologize(_answered_turn, UserMessage("hei", collector, "web-1"), _somali))
    assert [m["text"] for m in collector.messages] == ["Hei!"]
