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
from functools import lru_cache
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


def render_response(
    response: Dict[str, Any],
    language: str,
    values: Dict[str, Any],
    catalogs: CatalogRegistry,
    key: Optional[str] = None,
) -> Dict[str, Any]:
    """Translate and fill one response variation (a copy; the input is untouched)."""
    rendered = copy.deepcopy(response)
    if rendered.get("text"):
        rendered["text"] = fill(catalogs.translate(rendered["text"], language, key), values, language)
    for button in rendered.get("buttons") or []:
        if button.get("title"):
            button["title"] = fill(catalogs.translate(button["title"], language, key), values, language)
    # Channels and the web page need to know how to lay out the text; the
    # text itself is passed through untouched (no reordering for RTL).
    rendered["metadata"] = {
        **(rendered.get("metadata") or {}),
        "language": language,
        "direction": "rtl" if language in RIGHT_TO_LEFT else "ltr",
    }
    return rendered


class LocalizedNLG(TemplatedNaturalLanguageGenerator):
    """Renders domain responses in the conversation language."""

    def __init__(
        self,
        endpoint_config: Optional[EndpointConfig] = None,
        domain: Optional[Domain] = None,
        catalogs: Optional[CatalogRegistry] = None,
    ) -> None:
        super().__init__((domain or Domain.empty()).responses)
        self.catalogs = catalogs or default_catalogs()

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
        return render_response(response, language, values, self.catalogs, key=utter_action)
