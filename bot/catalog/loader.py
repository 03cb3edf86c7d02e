"""Load and query the service catalog."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

import yaml
from pydantic import ValidationError

from bot.catalog.schema import CARD_FIELDS, CatalogFile, Service, Status
from bot.config import PROJECT_ROOT, load_settings
from bot.content import load_when_changed

# The file shipped with the project (tests compare against it); the running
# assistant reads settings.services_file (INNGANG_SERVICES_FILE).
DEFAULT_PATH = PROJECT_ROOT / "content" / "services.yml"


class CatalogError(ValueError):
    """The catalog file is malformed; the message names file, entry and field."""


def _describe(error: ValidationError, path: Path, raw: dict) -> str:
    lines = [f"{path}: {len(error.errors())} problem(s)"]
    services = raw.get("services") if isinstance(raw, dict) else None
    for problem in error.errors():
        location = list(problem["loc"])
        where = ".".join(str(part) for part in location)
        if len(location) >= 2 and location[0] == "services" and isinstance(location[1], int):
            index = location[1]
            entry = services[index] if isinstance(services, list) and index < len(services) else {}
            service_id = entry.get("id", "?") if isinstance(entry, dict) else "?"
            field = ".".join(str(part) for part in location[2:]) or "(the entry)"
            where = f"service {service_id!r} (entry {index + 1}), field {field!r}"
        lines.append(f"  - {where}: {problem['msg']}")
    return "\n".join(lines)


@dataclass(frozen=True)
class ServiceCard:
    """A service's texts for one bydel (bokmål source texts; translate later)."""

    service: Service
    texts: Dict[str, str]
    status_note: Optional[str]


class ServiceCatalog:
    """The validated catalog with the queries the actions need."""

    def __init__(self, parsed: CatalogFile) -> None:
        self._file = parsed
        self.services: Dict[str, Service] = {s.id: s for s in parsed.services}

    @property
    def status_notes(self) -> Dict[Status, str]:
        return dict(self._file.status_notes)

    def get(self, service_id: str) -> Optional[Service]:
        return self.services.get(service_id)

    def for_topic(self, intent: str) -> List[Service]:
        """Services that answer a topic intent, most relevant first."""
        found = [s for s in self.services.values() if intent in s.topics]
        return sorted(found, key=lambda s: -s.priority)

    def recommend(
        self, ages: Sequence[int], situations: Iterable[str], limit: int = 5
    ) -> List[Service]:
        """The most relevant services for a family, like a life-stage pack."""
        wanted = set(situations) - {"none"}

        def score(service: Service) -> float:
            value = service.priority / 100
            if wanted & set(service.situations):
                value += 2
            if ages and service.ages and any(service.ages.min <= a <= service.ages.max for a in ages):
                value += 1
            if not ages and not wanted and "none" in service.situations:
                value += 1
            if service.status in (Status.idea, Status.ended):
                value -= 1.5  # offer what exists first
            return value

        relevant = [s for s in self.services.values() if score(s) > 1]
        return sorted(relevant, key=lambda s: (-score(s), s.id))[:limit]

    def card(self, service_id: str, bydel: Optional[str] = None) -> ServiceCard:
        """Oslo-wide texts with the bydel's overrides applied."""
        service = self.services[service_id]
        texts = {field: getattr(service, field) for field in CARD_FIELDS}
        override = service.bydel.get(bydel or "")
        if override:
            texts.update({k: v for k, v in override.dict().items() if v})
        note = self._file.status_notes.get(service.status) if service.status != Status.established else None
        return ServiceCard(service, texts, note)


def parse_catalog(text: str, path: Path) -> ServiceCatalog:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CatalogError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(raw, dict):
        raise CatalogError(f"{path}: expected a mapping with 'version', 'status_notes' and 'services'")
    try:
        return ServiceCatalog(CatalogFile.parse_obj(raw))
    except ValidationError as error:
        raise CatalogError(_describe(error, path, raw)) from error


def load_catalog(path: Optional[Path] = None) -> ServiceCatalog:
    """The catalog at ``path``, re-read when the file changes (editors' edits
    show up without a restart)."""
    return load_when_changed(Path(path or load_settings().services_file), parse_catalog)
