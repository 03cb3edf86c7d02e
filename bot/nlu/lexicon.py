"""Word lists the language detector relies on.

Kept apart from the algorithm so that they can be extended without touching
code paths. All entries are lower case and without surrounding punctuation.
"""

from __future__ import annotations

# Norwegian service words that residents keep inside other languages
# ("waxaan rabaa barnehage"). They say nothing about the resident's language,
# so they are removed before detection. Stems match a token's start; the short
# words must match a whole token because they are common substrings.
SERVICE_WORD_STEMS = (
    "barnehag", "helsestasjon", "helsesykepleier", "helsesøster", "helsesoster",
    "søknadskveld", "soknadskveld", "barnevern", "bydel", "familiesenter",
    "fritidsklubb", "bankid", "minid", "sosialhjelp", "foreldrebetaling",
    "kjernetid", "oslohjelp", "fagsenter", "familievern", "jordmor",
    "barselgruppe", "leksehjelp", "språkkurs", "sprakkurs", "datakurs",
    "familieveileder", "barnekoordinator", "kontaktperson", "søknad", "soknad",
    "åpen", "apen", "redusert", "oppholdsbetaling", "kommune", "norskkurs",
    "saksbehandler", "familiegjenforening", "barnhag", "barnehge", "helsestajon",
    "helsestasjn", "tolketjeneste", "barnetrygd", "kontantstøtte", "bostøtte",
    "husleie", "depositum", "strømregning", "fastlege", "legevakt", "vedtak",
    "familiens", "fritidskort", "aktivitetskort", "ferietilbud", "skjema",
    # Place names in and around the bydeler (they are Norwegian in any language).
    "stovner", "furuset", "alna", "bjerke", "grorud", "linderud", "nordre",
    "søndre", "nordstrand", "vålerenga", "valerenga", "holmlia", "romsås",
    "tøyen", "grønland", "groruddalen", "oslo",
)
SERVICE_WORDS_EXACT = frozenset({"nav", "tolk", "tolken", "ppt", "sfo", "aks", "bup", "udi"})

# Nynorsk is chosen only on clear evidence: these words are nynorsk and not
# bokmål. Their bokmål counterparts move an nynorsk conversation back.
NYNORSK_MARKERS = frozenset({
    "eg", "ikkje", "kva", "korleis", "kvifor", "kvar", "kven", "noko", "nokon",
    "berre", "heime", "dykk", "frå", "fra", "eit", "vere", "gjere", "mykje",
    "sjølv", "heile", "skule", "kor", "òg", "desse", "difor",
    "fekk", "treng", "ynskjer", "ønskjer", "me", "oss", "barna", "hjå", "saman",
    "ein", "tilsett", "tilsette", "ho", "dei", "ungane", "borna", "born",
    "mogleg", "kjem", "kome", "gjekk", "beklagar", "orsak", "seie", "spørje",
    "hugs", "meiner", "sjukepleiar", "helsesjukepleiar", "lærar",
    "søkje", "søkjer", "ynskje", "høyre", "heilt", "nokre", "kvart", "dykkar",
    "vart", "blei", "nei", "veit", "skriv", "einaste",
})
NYNORSK_MARKERS = NYNORSK_MARKERS - {"nei", "veit", "skriv", "blei", "vart"}
BOKMAL_MARKERS = frozenset({
    "jeg", "ikke", "hva", "hvordan", "hvorfor", "hvor", "hvem", "noe", "noen",
    "bare", "hjemme", "dere", "fra", "være", "gjøre", "mye", "selv", "hele",
    "skole", "trenger", "ønsker", "sammen", "hos", "disse", "derfor", "fikk",
    "en", "hun", "ungene", "mulig", "kommer", "komme", "ansatt", "ansatte",
    "si", "spørre", "søke", "søker", "sykepleier", "helsesykepleier", "lærer",
    "hvert", "deres", "gikk", "beklager", "høre", "helt",
})
# Words shared by both written standards are not evidence either way.
NYNORSK_MARKERS = NYNORSK_MARKERS - BOKMAL_MARKERS - {"oss", "barna"}

# Roman Urdu (Urdu in Latin letters) is common in SMS and statistical models
# trained on Nastaliq Urdu do not know it; these words are hardly found in our
# other Latin-script languages.
ROMAN_URDU_MARKERS = frozenset({
    "mujhe", "mujhy", "chahiye", "chahiay", "chahie", "hai", "hain", "hy", "kya",
    "kia", "mera", "meri", "mere", "bachon", "bachay", "bache", "bacha", "bachi",
    "kaise", "kese", "kaisay", "nahi", "nahin", "aap", "ap", "apka", "apki",
    "karna", "karni", "kar", "sakta", "sakti", "hoon", "hun", "madad", "shukriya",
    "bohat", "bahut", "liye", "lye", "ke", "ki", "ko", "se", "main", "mein",
    "batao", "bataen", "bataein", "chahta", "chahti", "kahan", "kab", "kyun",
    "alaikum", "walaikum", "janab", "baat", "urdu", "hum", "humein", "tum",
    "karein", "karen", "karo", "kro", "jao", "jaye", "wapis", "wapas", "bhool",
    "bhi", "hona", "hota", "hoti", "rahi", "raha", "rahe", "sath", "saath",
    "kuch", "kis", "kisi", "koi", "yeh", "woh", "abhi", "jaldi", "zaroor",
    "zaroorat", "shukria", "theek", "thik", "acha", "accha", "ji", "bhai",
    "beta", "beti", "larka", "larki", "ghar", "paise", "paisay", "kaam",
    "humara", "hamara", "hamari", "unka", "uska", "usne", "maine", "kr", "krna",
    "krni", "btao", "dain", "dein", "sakte", "chahte", "nhi", "ho", "gaya",
    "gayi", "wala", "wali", "waqt", "din", "kal", "aaj", "pata", "samajh",
})
ROMAN_URDU_MARKERS = ROMAN_URDU_MARKERS - {"ho", "din", "beta"}
ROMAN_URDU_STRONG = frozenset({
    "mujhe", "mujhy", "chahiye", "chahiay", "chahie", "kya", "bachon", "bachay",
    "kaise", "nahi", "nahin", "aap", "hoon", "madad", "shukriya", "bohat", "bahut",
    "liye", "batao", "chahta", "chahti", "kahan", "kyun", "humein", "alaikum",
    "karein", "karo", "wapis", "kuch", "zaroorat", "theek", "hamara", "humara",
    "kisi", "chahte", "dein", "bhi", "krna", "krni", "nhi", "samajh", "pata",
    "meri", "mera", "hamen", "hamein", "kijiye", "kijye",
})

# Arabic in Latin letters ("Arabizi"). Digits standing for Arabic letters
# (3 = ع, 7 = ح, 5 = خ, 2 = ء, 9 = ق) inside a word are the surest sign.
ARABIZI_MARKERS = frozenset({
    "ana", "wallah", "wallahi", "marhaba", "habibi", "inshallah", "shukran",
    "bidi", "baddi", "abi", "mumkin", "ahlan", "keef", "kifak", "kifik", "shlonak",
    "shlon", "wein", "leish", "ibni", "binti", "zawji", "jozi", "atfal", "wlad",
    "madrase", "salam", "alaykum", "akhi", "ukhti", "yalla", "khalas", "shu",
    "ento", "enta", "enti", "hada", "hadi", "kteer", "ktir", "shway", "shwaya",
    "ma3", "3ndi", "3andi", "bdi", "mish", "msh", "hala", "sabah", "masa",
    "khayfe", "khayef", "bedrobni", "yedrobni", "bnti", "ibn", "umm",
})

# One-word greetings and thanks, so that a first "hello" is answered in
# English. They are a first guess only: they never switch an established
# language, because a Somali speaker may well write "ok" or "hello".
SHORT_GREETINGS = {
    "hello": "en", "hi": "en", "hey": "en", "good morning": "en",
    "good evening": "en", "thanks": "en", "thank you": "en", "thx": "en",
    "hei": "nb", "hallo": "nb", "god morgen": "nb", "god dag": "nb",
    "takk": "nb", "tusen takk": "nb", "hei hei": "nb",
    "god morgon": "nn", "takk skal du ha": "nb",
    "cześć": "pl", "czesc": "pl", "dzień dobry": "pl", "dzien dobry": "pl",
    "witam": "pl", "dziękuję": "pl", "dziekuje": "pl", "dzięki": "pl", "dzieki": "pl",
    "salaan": "so", "nabad": "so", "iska warran": "so", "mahadsanid": "so",
    "haye": "so", "asc": "so", "subax wanaagsan": "so", "galab wanaagsan": "so",
    "assalam o alaikum": "ur", "assalamualaikum": "ur", "aoa": "ur", "shukriya": "ur",
    "salam": "ar", "marhaba": "ar", "shukran": "ar",
}

# Names of our languages, in all of our languages, for "can we speak X".
# Matched against the start of each token (so "engelsk" matches "engelsk,"
# and "ukrainsk" matches "ukrainsk"), longest name first.
LANGUAGE_NAMES = {
    "nn": ("nynorsk", "ниноршк"),
    "nb": (
        "bokmål", "bokmal", "norsk", "norwegian", "norweski", "norwesku",
        "норвезьк", "norweeji", "noorweeji", "النرويجي", "نرويجي", "نارویجی",
        "ناروے", "نارویجن", "ኖርወይ", "ኖርወጂ",
    ),
    "en": (
        "english", "engelsk", "angielsk", "angielski", "po angielsku", "англійськ",
        "англійською", "ingiriis", "ingriis", "ingiriisi", "انجليزي", "الإنجليزية",
        "الانجليزية", "انكليزي", "انگریزی", "angrezi", "angreezi", "እንግሊዝ", "እንግሊዝኛ",
    ),
    "pl": (
        "polish", "polsk", "polski", "polsku", "polskim", "польськ", "boolish",
        "booland", "البولندية", "بولندي", "پولش", "پولستانی", "ፖላንድ", "ፖሊሽ",
    ),
    "uk": (
        "ukrainian", "ukrainsk", "ukraiński", "ukrainski", "ukraińsku", "ukrainsku",
        "українськ", "украинск", "ukreeniyan", "الأوكرانية", "اوكراني", "أوكراني",
        "یوکرینی", "یوکرین", "ዩክሬን",
    ),
    "so": (
        "somali", "soomaali", "somalisk", "somalijski", "somalijsku", "сомалі",
        "الصومالية", "صومالي", "صومالی", "ሶማል", "ሶማሊ",
    ),
    "ar": (
        "arabic", "arabisk", "arabski", "arabsku", "арабськ", "carabi", "carabiga",
        "عربي", "العربية", "العربي", "عربی", "ዓረብ", "ዓረብኛ", "ዐረብኛ", "arabi",
    ),
    "ur": (
        "urdu", "urdú", "урду", "اردو", "الأردية", "الاردية", "ኡርዱ",
    ),
    "ti": (
        "tigrinya", "tigrinja", "tigrinia", "tigrigna", "tigrinyа", "тигрин",
        "ትግርኛ", "ትግሪኛ", "التغرينية", "تغرينيا", "تگرینیا", "tigriniya",
    ),
}

# Frequent words that mark a Latin-script language where statistical models
# are weak (short, code-mixed SMS). Each list holds words that are rare in
# the other languages we support; see detection._marker_language.
LATIN_MARKERS = {
    "en": frozenset({
        "the", "my", "please", "want", "need", "what", "where", "how", "thanks", "thank",
        "hello", "bye", "yes", "yeah", "yep", "delete", "is", "are", "you", "your", "with",
        "can", "does", "talk", "human", "person", "someone", "about", "help", "kids",
        "child", "children", "son", "daughter", "money", "course", "it", "this", "that",
        "have", "has", "am", "not", "no", "we", "our", "they", "there", "here", "which",
        "when", "who", "why", "would", "could", "should", "thx", "pls", "plz", "good",
    }),
    "so": frozenset({
        "fadlan", "walaal", "waa", "maxay", "sidee", "waxaan", "waxay", "iga", "ii", "ilmaha",
        "carruurta", "caruurta", "jiraa", "goorma", "halkee", "mahadsanid", "haa", "maya",
        "aan", "ayaan", "baan", "rabaa", "rabo", "kale", "wax", "iyo", "ka", "ku", "la",
        "hadli", "caawin", "caawimaad", "lacag", "ilmo", "wiilkayga", "gabadhayda", "hooyo",
        "aabe", "qof", "sheeg", "ma", "miyaa", "yahay", "tahay", "jirtaa", "heli", "karaa",
    }),
}
