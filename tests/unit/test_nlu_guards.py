"""VocabularyGuard and BookingCodeIntent: post-classifier rules of the NLU pipeline."""

from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.vocabulary_guard import VocabularyGuard


def message(text, intent, confidence, ranking=None):
    msg = Message(data={"text": text})
    msg.set("intent", {"name": intent, "confidence": confidence})
    msg.set("intent_ranking", ranking or [{"name": intent, "confidence": confidence}])
    return msg


def test_vocabulary_guard_learns_persists_and_guards(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("vocabulary_guard")
    guard = VocabularyGuard({}, storage, resource)
    guard.train(TrainingData([Message(data={"text": "hei hvordan går det", "intent": "greet"})]))
    loaded = VocabularyGuard.load({}, storage, resource, execution_context=None)
    assert "hvordan" in loaded.vocabulary

    gibberish, known, confident = loaded.process([
        message("qwzx vbnm plkj", "affirm", 0.5),
        message("hei du", "greet", 0.5),
        message("qwzx", "affirm", 0.9),
    ])
    assert gibberish.get("intent")["name"] == "nlu_fallback"
    assert known.get("intent")["name"] == "greet"
    assert confident.get("intent")["name"] == "affirm"


def test_a_booking_code_means_cancel_in_any_language():
    from bot.nlu.booking_code import BookingCodeIntent

    jooji, plain, urgent = BookingCodeIntent().process([
        message("jooji K7HM3X", "nlu_fallback", 1.0),
        message("hei hvordan går det", "greet", 0.9),
        message("han slår meg K7HM3X", "urgent_help", 0.9),
    ])
    assert jooji.get("intent")["name"] == "cancel_booking"
    assert plain.get("intent")["name"] == "greet"
    assert urgent.get("intent")["name"] == "urgent_help"
