"""The crisis tiers as they travel in a message's parse data.

The NLU component writes them (bot/nlu/crisis_detector.py); actions read them
(actions/safety/). Kept in one leaf module so both sides name the same keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional

from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME as FALLBACK_INTENT

if TYPE_CHECKING:  # the lexicon names its tiers with the constants below
    from bot.safety.lexicon import LexiconHit

URGENT_INTENT = "urgent_help"
# The menu: what a calm bare "hjelp" or "help" asks for.
HELP_INTENT = "help"
# Readings with no question to answer. A possible crisis read as one of these
# ("goodbye", "thanks") is more likely a misreading than a farewell; the
# fallback leads with the calm line and asks the resident to say more.
NO_TOPIC_INTENTS = frozenset({"greet", "goodbye", "thank", "help", "out_of_scope", "bot_challenge"})
CRISIS_KEY = "crisis"
ACUTE = "acute"
POSSIBLE = "possible"
NONE = "none"


def crisis_parse_data(
    tier: str, probability: float, lexicon: Optional["LexiconHit"], replaced: Optional[str]
) -> Dict[str, Any]:
    return {
        "tier": tier,
        "probability": round(probability, 4),
        "lexicon": lexicon.group if lexicon else None,
        # The intent an acute reading replaced, so its question is still answered.
        "replaced": replaced,
    }


def crisis_tier(parse_data: Mapping[str, Any]) -> str:
    """The tier of a parsed message; ``none`` when no detector ran."""
    return (parse_data.get(CRISIS_KEY) or {}).get("tier") or NONE


def replaced_intent(parse_data: Mapping[str, Any]) -> Optional[str]:
    return (parse_data.get(CRISIS_KEY) or {}).get("replaced")


@dataclass(frozen=True)
class Reading:
    """What the detector makes of one message."""

    tier: str
    intent: Optional[str]
    """The intent to set instead of the classifier's, or ``None`` to keep it."""
    replaced: Optional[str]


def read_message(tier: str, intent: Mapping[str, Any], ranking: List[Mapping[str, Any]],
                 bare_help: bool = False) -> Reading:
    """Combine the crisis tier with the intent classifier's reading.

    The crisis detector has the last word on ``urgent_help``: an acute
    message becomes ``urgent_help`` (remembering the intent it replaced), and
    an ``urgent_help`` reading that the detector does not find acute becomes
    a possible crisis that keeps the next best intent, so a worried parent
    gets one calm line and the answer to the question. A possible crisis
    read as small talk (NO_TOPIC_INTENTS) goes to the fallback, which leads
    with the calm line. A calm bare help word
    (``bare_help``, see lexicon.is_bare_help_word) is the menu.
    """
    name = intent.get("name")
    if bare_help and tier != ACUTE:
        return Reading(NONE, HELP_INTENT if name != HELP_INTENT else None, None)
    if tier == ACUTE:
        return Reading(ACUTE, URGENT_INTENT if name != URGENT_INTENT else None,
                       name if name != URGENT_INTENT else None)
    if tier == POSSIBLE and name in NO_TOPIC_INTENTS:
        return Reading(POSSIBLE, FALLBACK_INTENT, None)
    if name == URGENT_INTENT:
        runner_up = next((r.get("name") for r in ranking if r.get("name") not in (URGENT_INTENT, None)), None)
        return Reading(POSSIBLE, runner_up or FALLBACK_INTENT, None)
    return Reading(tier, None, None)
