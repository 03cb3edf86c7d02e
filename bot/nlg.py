"""In-process NLG: domain responses rendered in the conversation's language.

Named in ``endpoints.yml`` (``nlg: type: bot.nlg.LocalizedNLG``). Rasa picks
the response variation (channel, conditions) as usual; this class then
translates its texts from the bokmål source through the gettext catalogs in
``locales/`` and fills placeholders with slot values and action arguments,
formatting dates and numbers for the resident's locale.
"""

from __future__ import annotations

import copy
import logging
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.config import load_settings
from bot.i18n.catalogs import CatalogRegistry
from bot.i18n.formatting import fill
from bot.languages import RIGHT_TO_LEFT, SOURCE_LANGUAGE, normalize_language

logger = logging.getLogger(__name__)

LANGUAGE_SLOT = "language"


@lru_cache(maxsize=None)
def default_catalogs() -> CatalogRegistry:
    """The catalogs under the configured ``locales/`` directory (one per process)."""
    return CatalogRegistry(load_settings().locales_dir)


# Keys of a custom payload whose strings are texts for residents (the same
# keys babel.cfg extracts); other strings ("type": "service_card") are data.
TRANSLATABLE_KEYS = frozenset({"text", "title", "label"})


def _fill_structure(value: Any, localize, fill_only, translatable: bool = False) -> Any:
    """Fill placeholders in every string of a custom payload; translate texts."""
    if isinstance(value, str):
        return localize(value) if translatable else fill_only(value)
    if isinstance(value, list):
        return [_fill_structure(item, localize, fill_only, translatable) for item in value]
    if isinstance(value, dict):
        return {
            key: _fill_structure(item, localize, fill_only, key in TRANSLATABLE_KEYS)
            for key, item in value.items()
        }
    return value


def render_response(
    response: Dict[str, Any],
    language: str,
    values: Dict[str, Any],
    catalogs: CatalogRegistry,
    key: Optional[str] = None,
) -> Dict[str, Any]:
    """Translate and fill one response variation (a copy; the input is untouched).

    ``values["choices"]`` (from an action) become buttons after the domain's
    own; their titles are bokmål source texts and are translated too.
    """
    rendered = copy.deepcopy(response)

    def translate(text: str) -> str:
        return catalogs.translate(text, language, key)

    def localize(text: str) -> str:
        return fill(translate(text), values, language, translate)

    if rendered.get("text"):
        rendered["text"] = localize(rendered["text"])
    buttons = list(rendered.get("buttons") or []) + list(values.get("choices") or [])
    if buttons:
        rendered["buttons"] = [
            {
                "title": fill(translate(button.get("title") or ""), {**values, **(button.get("values") or {})},
                              language, translate),
                "payload": button.get("payload"),
            }
            for button in buttons
        ]
    if rendered.get("custom"):
        rendered["custom"] = _fill_structure(
            rendered["custom"], localize, lambda text: fill(text, values, language, translate)
        )
    # Channels and the web page need to know how to lay out the text; the
    # text itself is passed through untouched (no reordering for RTL).
    rendered["metadata"] = {
        **(rendered.get("metadata") or {}),
        "language": language,
        "direction": "rtl" if language in RIGHT_TO_LEFT else "ltr",
    }
    return rendered


# Looking for changed domain files costs a stat of each file; once a second is
# soon enough for an editor and keeps it off every message's path.
DOMAIN_CHECK_SECONDS = 1.0


class LocalizedNLG(TemplatedNaturalLanguageGenerator):
    """Renders domain responses in the conversation language."""

    def __init__(
        self,
        endpoint_config: Optional[EndpointConfig] = None,
        domain: Optional[Domain] = None,
        catalogs: Optional[CatalogRegistry] = None,
    ) -> None:
        super().__init__((domain or Domain.empty()).responses)
        self.responses: Dict[Text, Any] = self.responses
        self.catalogs = catalogs or default_catalogs()
        self._domain_dir = load_settings().domain_dir
        self._domain_stamp = _newest_change(self._domain_dir)
        self._domain_checked = time.monotonic()

    def _random_response_for(self, utter_action: Text, output_channel: Text,
                             filled_slots: Dict[Text, Any]) -> Optional[Dict[Text, Any]]:
        self._reload_changed_responses()
        return super()._random_response_for(utter_action, output_channel, filled_slots)

    def _reload_changed_responses(self) -> None:
        """An editor's change to a response text is served without retraining
        (``make publish``): the responses are re-read when a domain file changes."""
        now = time.monotonic()
        if now - self._domain_checked < DOMAIN_CHECK_SECONDS:
            return
        self._domain_checked = now
        stamp = _newest_change(self._domain_dir)
        if stamp == self._domain_stamp:
            return
        try:
            responses = Domain.load(str(self._domain_dir)).responses
        except Exception:  # a half-saved file: keep serving what we have, try again next time
            logger.warning("The domain files could not be read; keeping the responses in use")
            return
        self.responses = {**self.responses, **responses}
        self._domain_stamp = stamp
        logger.info("Reloaded %d responses from the domain files", len(responses))

    async def generate(
        self,
        utter_action: Text,
        tracker: DialogueStateTracker,
        output_channel: Text,
        **kwargs: Any,
    ) -> Optional[Dict[Text, Any]]:
        slots = tracker.current_slot_values()
        return self.generate_localized(utter_action, slots, output_channel, **kwargs)

    def generate_localized(
        self,
        utter_action: Text,
        slots: Dict[Text, Any],
        output_channel: Text,
        **kwargs: Any,
    ) -> Optional[Dict[Text, Any]]:
        """Like ``generate`` but from slot values, which is what tests need."""
        language = normalize_language(slots.get(LANGUAGE_SLOT)) or SOURCE_LANGUAGE
        response = self._random_response_for(utter_action, output_channel, slots)
        if response is None:
            return None
        values = {**slots, **kwargs}
        if values.get("choices"):
            values["choices"] = [self._choice_title(choice) for choice in values["choices"]]
        return render_response(response, language, values, self.catalogs, key=utter_action)

    def _choice_title(self, choice: Dict[Text, Any]) -> Dict[Text, Any]:
        """A choice may name a response whose text (with the choice's own
        ``values``) is its title, so list entries are written in the domain."""
        name = choice.get("response")
        if not name or not self.responses.get(name):
            return choice
        return {**choice, "title": self.responses[name][0].get("text", "")}


def _newest_change(directory: Path) -> float:
    return max((path.stat().st_mtime for path in directory.glob("*.yml")), default=0.0)


@lru_cache(maxsize=1)
def default_nlg() -> LocalizedNLG:
    """The renderer for messages sent outside a turn (confirmations,
    reminders, staff messages): the same responses, catalogs and channel
    variations as in a conversation."""
    return LocalizedNLG(domain=Domain.load(str(load_settings().domain_dir)))


def render_outside_turn(response: Text, language: Text, channel: Text, **values: Any) -> Dict[Text, Any]:
    rendered = default_nlg().generate_localized(response, {LANGUAGE_SLOT: language}, channel, **values)
    if rendered is None:
        raise KeyError(f"No response {response!r} in domain/")
    return rendered
