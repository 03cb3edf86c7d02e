"""Which language the conversation continues in after a message."""

import pytest

from bot.language_choice import choose_language, requested_language
from bot.nlu.detection import get_detector


def parsed(text, intent="greet", metadata=None, entities=None):
    """Parse data as Rasa hands it to actions, with our detection added."""
    return {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "metadata": metadata or {},
        "language_detection": get_detector().detect(text).as_dict(),
    }


def test_first_message_takes_even_a_weak_guess():
    assert choose_language(None, parsed("hello")) == "en"


def test_first_message_without_letters_defaults_to_bokmal():
    assert choose_language(None, parsed("1")) == "nb"


@pytest.mark.parametrize("short", ["ok", "1", "takk", "hello", "ok takk"])
def test_short_messages_keep_somali(short):
    assert choose_language("so", parsed(short, intent="affirm")) == "so"


def test_a_clear_sentence_in_another_language_switches():
    assert choose_language("so", parsed("Dzień dobry, szukam pomocy dla moich dzieci")) == "pl"


def test_explicit_request_switches_even_when_written_in_another_language():
    assert choose_language("so", parsed("can we speak English", intent="change_language")) == "en"
    assert choose_language("en", parsed("af soomaali", intent="change_language")) == "so"


def test_language_menu_button_entity_switches():
    message = parsed(
        "/change_language", intent="change_language",
        entities=[{"entity": "language", "value": "ti"}],
    )
    assert requested_language(message) == "ti"
    assert choose_language("nb", message) == "ti"


def test_naming_a_language_without_asking_to_switch_does_not_switch():
    message = parsed("jeg kan ikke så godt norsk, men jeg trenger hjelp", intent="help")
    assert choose_language("so", message) == "nb"  # a clear bokmål sentence
    assert requested_language(message) is None


def test_channel_metadata_wins_over_detection():
    message = parsed("Salaan, waxaan u baahanahay caawimaad", metadata={"language": "en-GB"})
    assert choose_language("nb", message) == "en"


def test_explicit_request_wins_over_metadata():
    message = parsed("på norsk takk", intent="change_language", metadata={"language": "en"})
    assert choose_language("en", message) == "nb"


def test_unknown_metadata_language_is_ignored():
    message = parsed("Salaan, waxaan u baahanahay caawimaad carruurta", metadata={"language": "de"})
    assert choose_language("nb", message) == "so"


def test_nynorsk_conversation_stays_without_bokmal_markers():
    assert choose_language("nn", parsed("Takk for svaret, det var fint")) == "nn"


def test_bokmal_markers_move_nynorsk_back_to_bokmal():
    assert choose_language("nn", parsed("Jeg vet ikke hva jeg skal gjøre")) == "nb"


def test_nynorsk_markers_move_bokmal_to_nynorsk():
    assert choose_language("nb", parsed("Eg veit ikkje kva eg skal gjere")) == "nn"
