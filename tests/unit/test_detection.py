"""The language detector: scripts, markers, statistics, short messages."""

import pytest

from bot.language_choice import choose_language
from bot.nlu.detection import get_detector

detector = get_detector()


@pytest.mark.parametrize(
    "text, language",
    [
        ("Hei, jeg lurer på hva bydelen kan tilby familier med små barn", "nb"),
        ("Hei, eg lurer på kva bydelen kan tilby familiar med små born", "nn"),
        ("Hello, what kind of help can the district give my family?", "en"),
        ("Dzień dobry, szukam pomocy dla moich dzieci w dzielnicy", "pl"),
        ("Добрий день, мені потрібна допомога для моїх дітей", "uk"),
        ("Salaan, waxaan u baahanahay caawimaad carruurtayda", "so"),
        ("مرحبا، أحتاج مساعدة لأطفالي في الحي", "ar"),
        ("السلام علیکم، مجھے اپنے بچوں کے لیے مدد چاہیے", "ur"),
        ("ሰላም፣ ንደቀይ ሓገዝ የድልየኒ ኣሎ", "ti"),
    ],
)
def test_every_language_is_recognised_reliably(text, language):
    detection = detector.detect(text)
    assert detection.language == language
    assert detection.reliable


@pytest.mark.parametrize("text", ["ok", "1", "takk", "ja", "?", "👍", "ok takk", "nei"])
def test_short_messages_are_never_reliable(text):
    assert not detector.detect(text).reliable


@pytest.mark.parametrize(
    "text, language",
    [
        ("waxaan rabaa barnehage", "so"),
        ("Carruurtayda waxay u baahan yihiin barnehage iyo helsestasjon", "so"),
        ("potrzebuje tolka na spotkanie w NAV", "pl"),
        ("أريد أسجل ابني في åpen barnehage", "ar"),
        ("мені треба tolk на зустріч в barnevern", "uk"),
        ("ring meg በጃኹም", "ti"),
    ],
)
def test_norwegian_service_words_inside_other_languages(text, language):
    assert detector.detect(text).language == language


@pytest.mark.parametrize(
    "text, language",
    [
        ("mujhe bachon ke liye madad chahiye", "ur"),  # Roman Urdu
        ("ana khayfe 3ala ibni", "ar"),  # Arabizi
        ("ممنون مجھے ٹھیک لگا", "ur"),  # Urdu-only letters
        ("ابني ما يحچي زين، اكو مختص بالنطق؟", "ar"),  # Iraqi Arabic writes چ too
        ("شلون أسجل بالگروب مال الأمهات", "ar"),  # and گ
    ],
)
def test_latin_urdu_arabizi_and_urdu_letters(text, language):
    assert detector.detect(text).language == language


def test_bokmal_is_the_reading_without_nynorsk_markers():
    detection = detector.detect("Kan du hjelpe meg med barnehageplass")
    assert detection.language == "nb"


def test_nynorsk_needs_clear_markers():
    detection = detector.detect("Eg veit ikkje kva eg skal gjere")
    assert detection.language == "nn"
    assert detection.method == "markers"


@pytest.mark.parametrize(
    "text, requested",
    [
        ("can we speak English", "en"),
        ("kan vi snakke engelsk?", "en"),
        ("på nynorsk takk", "nn"),
        ("på norsk takk", "nb"),
        ("af soomaali", "so"),
        ("po polsku proszę", "pl"),
        ("українською будь ласка", "uk"),
        ("بالعربية من فضلك", "ar"),
        ("اردو میں بات کریں", "ur"),
        ("ብትግርኛ ክትዛረቡኒ ትኽእሉ", "ti"),
        ("ትግርኛ በጃኹም", "ti"),
        ("jeg vil ha barnehage", None),
    ],
)
def test_requested_language_is_found_by_name(text, requested):
    assert detector.detect(text).requested_language == requested


def test_language_names_do_not_decide_the_language_written():
    # "bokmål please" is English that names Norwegian.
    detection = detector.detect("could you answer in bokmål please")
    assert detection.language == "en"
    assert detection.requested_language == "nb"


def test_first_greetings_give_a_guess_but_not_a_switch():
    detection = detector.detect("hello")
    assert detection.language == "en"
    assert not detection.reliable


def test_no_letters_no_language():
    detection = detector.detect("12345 !!!")
    assert detection.language is None
    assert detection.method == "none"


@pytest.mark.parametrize("text", ["åpen barnehage", "NAV sosialhjelp", "tolk helsestasjon", "Barnevern"])
def test_a_message_of_norwegian_service_words_only_is_read_as_norwegian_and_switches_nothing(text):
    detection = detector.detect(text)
    assert (detection.language, detection.reliable) == ("nb", False)
    parse_data = {"intent": {"name": "ask_open_kindergarten"}, "language_detection": detection.as_dict()}
    assert choose_language("so", parse_data) == "so"
    assert choose_language(None, parse_data) == "nb"
