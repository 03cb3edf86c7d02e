"""GSM-7 and UCS-2 segment counting and paging of long replies."""

import pytest

from bot.sms.encoding import count_segments, paginate, prefer_gsm7


@pytest.mark.parametrize(
    "text, encoding, units, segments",
    [
        ("Hei! Vi ses på åpen barnehage i morgen. ÆØÅ æøå", "GSM-7", 47, 1),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("Pris: 10 €", "GSM-7", 11, 1),  # € is an extension character: two septets
        ("Dziękuję", "UCS-2", 8, 1),  # ę is not GSM-7
        ("مرحبا" * 14, "UCS-2", 70, 1),
        ("مرحبا" * 15, "UCS-2", 75, 2),
        ("👍", "UCS-2", 2, 1),  # outside the BMP: a surrogate pair
        ("ሰላም ኣሎኹም", "UCS-2", 8, 1),
        ("Waxaan rabaa barnehage", "GSM-7", 22, 1),
        ("Waxaan u baahanahay caawimaad’", "UCS-2", 30, 1),  # the curly apostrophe
    ],
)
def test_segments(text, encoding, units, segments):
    count = count_segments(text)
    assert (count.encoding, count.units, count.segments) == (encoding, units, segments)


def test_typographic_characters_are_made_gsm7():
    text = "Skriv «meny» – så ser du ‘alt’ …"
    assert count_segments(text).encoding == "UCS-2"
    assert prefer_gsm7(text) == "Skriv \"meny\" - så ser du 'alt' ..."
    assert count_segments(prefer_gsm7(text)).encoding == "GSM-7"


@pytest.mark.parametrize(
    "sentence, hint",
    [
        ("Åpen barnehage er et gratis tilbud for deg og barnet ditt. ", "(Svar MER for å lese resten.)"),
        ("الروضة المفتوحة مكان مجاني لك ولطفلك. ", "(أرسل MER أو المزيد لقراءة الباقي.)"),
        ("ሓኪም ቆልዑ ብነጻ እዩ። ", "(ንምቕጻል MER ጽሓፉ።)"),
    ],
)
def test_long_replies_are_paged_within_two_segments(sentence, hint):
    text = sentence * 20
    pages = paginate(text, hint)
    assert len(pages) > 1
    assert all(count_segments(page).segments <= 2 for page in pages)
    assert all(page.endswith(hint) for page in pages[:-1])
    assert not pages[-1].endswith(hint)
    rebuilt = " ".join(page.replace("\n" + hint, "") for page in pages)
    assert rebuilt.split() == text.split()


def test_short_replies_are_one_page():
    assert paginate("Hei!", "(Svar MER.)") == ["Hei!"]
