"""The service catalog: what the bydel offers, from editor-owned YAML."""

from bot.catalog.loader import CatalogError, ServiceCatalog, load_catalog
from bot.catalog.schema import BYDELER, TOPIC_INTENTS, Service

__all__ = ["BYDELER", "TOPIC_INTENTS", "CatalogError", "Service", "ServiceCatalog", "load_catalog"]
