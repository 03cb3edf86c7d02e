"""Turn catalog entries into response arguments (no text is written here)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk.executor import CollectingDispatcher

from bot.catalog import Service, ServiceCatalog


def card_arguments(catalog: ServiceCatalog, service_id: str, bydel: Optional[str]) -> Dict[str, Any]:
    """Arguments for ``utter_service_card``: bokmål source texts the NLG translates."""
    card = catalog.card(service_id, bydel)
    return {
        "service_id": card.service.id,
        "status": card.service.status.value,
        "name": card.service.name,
        "status_note": card.status_note,
        **card.texts,
    }


def service_choices(services: List[Service]) -> List[Dict[str, str]]:
    """Numbered-list entries; choosing one asks for that service's card."""
    return [
        {
            "title": service.name,
            "payload": f'/{service.topics[0] if service.topics else "ask_offers"}{{"service": "{service.id}"}}',
        }
        for service in services
    ]


def show_services(
    dispatcher: CollectingDispatcher,
    catalog: ServiceCatalog,
    services: List[Service],
    bydel: Optional[str],
    offer_others: bool = True,
) -> None:
    """The first service as a card, the others (if any) as a numbered list."""
    dispatcher.utter_message(response="utter_service_card", **card_arguments(catalog, services[0].id, bydel))
    if offer_others and len(services) > 1:
        dispatcher.utter_message(response="utter_other_services", choices=service_choices(services[1:]))
