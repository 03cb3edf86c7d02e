"""SafetyNet and VocabularyGuard: the post-classifier rules of the NLU pipeline."""

from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.safety_net import SafetyNet
from bot.nlu.vocabulary_guard import VocabularyGuard


def message(text, intent, confidence, ranking=None):
    msg = Message(data={"text": text})
    msg.set("intent", {"name": intent, "confidence": confidence})
    msg.set("intent_ranking", ranking or [{"name": intent, "confidence": confidence}])
    return msg


def test_urgent_help_is_promoted_when_plausible():
    ranking = [{"name": "ask_family_support", "confidence": 0.5}, {"name": "urgent_help", "confidence": 0.2}]
    [result] = SafetyNet({"threshold": 0.15}).process([message("vi krangler hele tiden", "ask_family_support", 0.5, ranking)])
    assert result.get("intent")["name"] == "urgent_help"
    assert result.get("safety_net") == {"replaced": "ask_family_support"}


def test_form_answers_with_few_words_are_not_promoted():
    ranking = [{"name": "affirm", "confidence": 0.3}, {"name": "urgent_help", "confidence": 0.2}]
    [result] = SafetyNet({"threshold": 0.15}).process([message("1 og 3", "affirm", 0.3, ranking)])
    assert result.get("intent")["name"] == "affirm"


def test_a_crisis_word_wins_even_after_a_fallback():
    [result] = SafetyNet({"threshold": 0.15}).process([message("he has a knife", "nlu_fallback", 1.0)])
    assert result.get("intent")["name"] == "urgent_help"


def test_ordinary_questions_are_left_alone():
    ranking = [{"name": "ask_kindergarten_fee", "confidence": 0.9}, {"name": "urgent_help", "confidence": 0.01}]
    [result] = SafetyNet({"threshold": 0.15}).process([message("hva koster barnehage", "ask_kindergarten_fee", 0.9, ranking)])
    assert result.get("intent")["name"] == "ask_kindergarten_fee"


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
