"""VocabularyGuard and CodeIntent: post-classifier rules of the NLU pipeline."""

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


def test_a_booking_code_means_cancel_and_a_case_code_asks_about_the_case_in_any_language():
    from bot.nlu.codes import CodeIntent

    jooji, case, withdraw, plain, urgent = CodeIntent().process([
        message("jooji K7HM3X", "nlu_fallback", 1.0),
        message("kiiskayga K7M3", "nlu_fallback", 1.0),
        message("avbryt saken K7M3", "withdraw_case", 0.8),
        message("hei hvordan går det 2026", "greet", 0.9),
        message("han slår meg K7HM3X", "urgent_help", 0.9),
    ])
    assert jooji.get("intent")["name"] == "cancel_booking"
    assert case.get("intent")["name"] == "case_status"
    assert withdraw.get("intent")["name"] == "withdraw_case"
    assert plain.get("intent")["name"] == "greet"
    assert urgent.get("intent")["name"] == "urgent_help"
