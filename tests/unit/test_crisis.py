"""The crisis detector: lexicon, tiers, thresholds by cross-validation, component."""

import numpy as np
import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.crisis_detector import CrisisDetector
from bot.safety.classifier import Thresholds, choose_thresholds, decide_tier
from bot.safety.lexicon import is_bare_help_word, lexicon_hit
from bot.safety.normalize import normalize
from bot.safety.tiers import read_message


def tier_of(text):
    hit = lexicon_hit(text)
    return hit.tier if hit else "none"


@pytest.mark.parametrize("text", [
    "SOS", "sos!!", "HJELP!!", "hjelp!!", "hjelp nå", "HJELP NOEN MÅ KOMME NÅ", "help now",
    "ratunku", "caawi", "caawi fadlan!", "ሓግዙ", "ኣድሕኑኒ", "بچاؤ", "bachao", "النجدة",
    "допоможіть", "помогите", "допоможіть будь ласка", "madad karo jaldi",
    "HELP!", "helppp", "pomocyyy", "ring 112", "should i call the police",
    # a cry twice: the words share the space between them
    "помогите помогите", "ПОМОГИТЕ ПОМОГИТЕ", "caawi caawi", "ሓግዙ ሓግዙ",
])
def test_one_word_cries_are_acute(text):
    assert tier_of(text) == "acute"


@pytest.mark.parametrize("text", ["hjelp", "Hjelp", "HJELP", "HELP", "help", "pomoc", "caawimaad", "مساعدة", "menu"])
def test_a_calm_bare_help_is_the_menu_not_a_crisis(text):
    # "HELP" in capitals is the SMS HELP keyword: it must get the help text.
    assert tier_of(text) == "none"


@pytest.mark.parametrize("text", ["hjelp!", "Help!", "help me", "hjelp meg", "ساعدني"])
def test_a_lone_plea_is_a_possible_crisis(text):
    assert tier_of(text) == "possible"


@pytest.mark.parametrize("text", [
    "kan du hjelpe meg med skjema", "допоможіть з бланками", "i caawi foomka buuxinta",
    "pomoc na depozyt", "korleis gjekk det med Brann", "fire barn og en baby", "my child hits me when he is angry",
    "det koster 110 kr", "9", "1 and 3", "2",
])
def test_requests_that_use_alarming_words_are_not_lexicon_crises(text):
    assert tier_of(text) == "none"


@pytest.mark.parametrize("text, group", [
    ("babyen puster ikke", "medical"),
    ("det lukter gass her og barna er inne", "fire_gas"),
    ("royk i trappa, vi kommer oss ikke ut", "fire_gas"),
    ("i want to sleep and never wake up", "suicide"),
    ("zaginęła córka na placu zabaw", "missing_child"),
    ("zaginela corka", "missing_child"),
    ("bdi mout", "suicide"),
    ("khud ko khatam kar dungi aaj raat", "suicide"),
    ("he hits me", "violence"),
])
def test_acute_phrases_are_found_in_phone_spelling(text, group):
    assert lexicon_hit(text).group == group


def test_normalisation_folds_spelling_variants():
    assert normalize("Zaginęła CÓRKA!!!") == " zaginela corka "
    assert normalize("أريد أن أموت") == normalize("اريد ان اموت")
    assert normalize("HJELPPPP") == " hjelp "
    assert normalize("ring 999") == " ring 999 "


def test_answers_of_numbers_are_not_sentences_for_the_classifier():
    from bot.safety.classifier import counts_for_classifier

    assert not counts_for_classifier("1 and 3")
    assert not counts_for_classifier("9")
    assert counts_for_classifier("he hits me")


def test_thresholds_keep_the_required_recall_out_of_fold():
    labels = np.array([1, 1, 1, 1, 0, 0, 0, 0])
    scores = np.array([0.9, 0.6, 0.3, 0.1, 0.5, 0.2, 0.05, 0.0])
    lexicon = np.array([False, False, False, True, False, False, False, False])
    thresholds = choose_thresholds(scores, labels, lexicon, acute_recall=0.75, any_recall=1.0)
    assert thresholds.acute == pytest.approx(0.6)   # 0.9, 0.6 + the lexicon hit = 3 of 4
    assert thresholds.possible == pytest.approx(0.3)
    assert thresholds.cv_acute_recall == pytest.approx(0.75)
    assert thresholds.cv_acute_false_alarms == pytest.approx(0.0)
    assert thresholds.cv_possible_false_alarms == pytest.approx(0.25)


def test_the_lexicon_and_the_classifier_each_decide_their_tier():
    thresholds = Thresholds(acute=0.5, possible=0.2)
    assert decide_tier(0.0, "acute", thresholds) == "acute"
    assert decide_tier(0.6, None, thresholds) == "acute"
    assert decide_tier(0.3, None, thresholds) == "possible"
    assert decide_tier(0.0, "possible", thresholds) == "possible"
    assert decide_tier(0.1, None, thresholds) == "none"


def test_an_acute_reading_replaces_the_intent_and_remembers_it():
    reading = read_message("acute", {"name": "ask_child_welfare"}, [])
    assert (reading.tier, reading.intent, reading.replaced) == ("acute", "urgent_help", "ask_child_welfare")


def test_urgent_help_that_the_detector_does_not_find_acute_keeps_its_topic():
    ranking = [{"name": "urgent_help"}, {"name": "ask_special_needs"}]
    reading = read_message("none", {"name": "urgent_help"}, ranking)
    assert (reading.tier, reading.intent) == ("possible", "ask_special_needs")


@pytest.mark.parametrize("text", ["hjelp", "HELP", "help?", "pomoc", "madad", "caawimaad", "مساعدة"])
@pytest.mark.parametrize("classifier_said", ["urgent_help", "nlu_fallback", "thank"])
def test_a_calm_bare_help_word_is_the_menu_whatever_the_classifier_said(text, classifier_said):
    assert is_bare_help_word(text)
    reading = read_message("possible", {"name": classifier_said}, [{"name": classifier_said}], bare_help=True)
    assert (reading.tier, reading.intent) == ("none", "help")


@pytest.mark.parametrize("text", ["hjelp meg med søknad", "help me", "hjelp!", "HJELP!!", "menu", "helsestasjon"])
def test_only_a_help_word_alone_is_a_bare_help_word(text):
    assert not is_bare_help_word(text)


@pytest.mark.parametrize("intent", ["goodbye", "thank", "out_of_scope", "help"])
def test_a_possible_crisis_read_as_small_talk_gets_the_fallback_and_its_calm_line(intent):
    reading = read_message("possible", {"name": intent}, [{"name": intent}])
    assert (reading.tier, reading.intent) == ("possible", "nlu_fallback")


@pytest.mark.parametrize("intent", ["ask_child_welfare", "request_human", "affirm"])
def test_a_possible_crisis_with_a_question_or_a_step_keeps_its_intent(intent):
    assert read_message("possible", {"name": intent}, [{"name": intent}]).intent is None


def test_a_bare_help_word_does_not_undo_an_acute_reading():
    reading = read_message("acute", {"name": "help"}, [], bare_help=True)
    assert (reading.tier, reading.intent) == ("acute", "urgent_help")


def _examples():
    crises = ["he is hitting me now", "my baby is not breathing", "I want to end my life tonight",
              "there is a man with a knife at our door", "my son is missing since yesterday",
              "she took all her pills", "smoke everywhere in the stairs", "he says he will kill us"]
    calm = ["what does barnehage cost", "how do I apply for a place", "we argue a lot at home",
            "my son has tantrums every day", "can I get help with the electricity bill",
            "what is åpen barnehage", "I need an interpreter", "thank you so much"]
    return ([Message(data={"text": t, "intent": "urgent_help"}) for t in crises * 2]
            + [Message(data={"text": t, "intent": "ask_offers"}) for t in calm[:4] * 2]
            + [Message(data={"text": t, "intent": "ask_family_support"}) for t in calm[4:] * 2])


def test_the_component_trains_persists_and_marks_every_message(tmp_path):
    storage, resource = LocalModelStorage(tmp_path), Resource("crisis")
    CrisisDetector.create({"folds": 2}, storage, resource, None).train(TrainingData(_examples()))
    detector = CrisisDetector.load({}, storage, resource, None)

    def parsed(text, intent):
        message = Message(data={"text": text})
        message.set("intent", {"name": intent, "confidence": 0.9})
        message.set("intent_ranking", [{"name": intent, "confidence": 0.9}])
        return message

    sos, calm = detector.process([parsed("SOS", "affirm"), parsed("hei", "greet")])
    assert sos.get("intent")["name"] == "urgent_help"
    assert sos.get("crisis")["tier"] == "acute"
    assert sos.get("crisis")["replaced"] == "affirm"
    assert calm.get("intent")["name"] == "greet"
    assert calm.get("crisis")["tier"] == "none"
