"""Schema of ``content/services.yml``, strict so editors get clear errors.

Each service follows the seeds' "designmanual" idea: what / for whom / where /
when / cost / how to get it / who to contact, in plain bokmål. Texts are the
translation source; ``make translations`` puts them in every catalog.
"""

from __future__ import annotations

from enum import Enum
from typing import Dict, List, Optional

from pydantic import Field, root_validator, validator

from bot.content import StrictModel, check_slug

# Intents whose answer is one or more service cards (intent names are fixed
# by shared/notes/intents.md).
TOPIC_INTENTS = (
    "ask_open_kindergarten", "ask_kindergarten_place", "ask_kindergarten_fee",
    "ask_health_station", "ask_family_support", "ask_special_needs",
    "ask_child_welfare", "ask_financial_help", "ask_leisure_activities",
    "ask_language_course", "ask_interpreter", "ask_digital_help",
    "ask_application_help", "request_human",
)

# Oslo's 15 bydeler; overrides may name any of them.
BYDELER = (
    "alna", "bjerke", "frogner", "gamle_oslo", "grorud", "grunerlokka",
    "nordre_aker", "nordstrand", "sagene", "st_hanshaugen", "stovner",
    "sondre_nordstrand", "ullern", "vestre_aker", "ostensjo",
)

# Situations the guided "what can you offer me?" asks about.
SITUATIONS = ("expecting", "new_in_bydel", "money_worries", "special_needs", "none")

CARD_FIELDS = ("what", "for_whom", "where", "when", "cost", "how", "contact")



class Status(str, Enum):
    """How certain the offer is. The seeds call several offers ideas or pilots;
    the assistant must never present those as certain."""

    established = "established"
    pilot = "pilot"
    idea = "idea"
    ended = "ended"


class CardTexts(StrictModel):
    """The card texts; in an override every field is optional."""

    what: Optional[str] = None
    for_whom: Optional[str] = None
    where: Optional[str] = None
    when: Optional[str] = None
    cost: Optional[str] = None
    how: Optional[str] = None
    contact: Optional[str] = None


class AgeRange(StrictModel):
    min: int = Field(0, ge=0, le=18)
    max: int = Field(18, ge=0, le=25)

    @root_validator(skip_on_failure=True)
    def _ordered(cls, values):
        if values["min"] > values["max"]:
            raise ValueError("min must not be larger than max")
        return values


class Service(CardTexts):
    """One service or offer."""

    id: str
    name: str
    status: Status
    summary: str = Field(..., description="One line for numbered lists (max 60 characters).")
    what: str
    for_whom: str
    where: str
    when: str
    cost: str
    how: str
    contact: str
    topics: List[str] = Field(default_factory=list)
    situations: List[str] = Field(default_factory=list)
    ages: Optional[AgeRange] = None
    priority: int = Field(50, ge=0, le=100, description="Higher comes first in lists.")
    example_data: List[str] = Field(
        default_factory=list,
        description="Fields whose details the seeds do not give (example data to be replaced).",
    )
    sources: List[str] = Field(..., min_items=1)
    bydel: Dict[str, CardTexts] = Field(default_factory=dict)

    @validator("id")
    def _id_is_a_slug(cls, value):
        return check_slug(value)

    @validator("name", "summary", "what", "for_whom", "where", "when", "cost", "how", "contact")
    def _not_empty(cls, value):
        if not value:
            raise ValueError("must not be empty")
        return value

    @validator("summary")
    def _summary_is_short(cls, value):
        if len(value) > 60:
            raise ValueError(f"is {len(value)} characters; keep it within 60 for SMS lists")
        return value

    @validator("topics", each_item=True)
    def _known_topic(cls, value):
        if value not in TOPIC_INTENTS:
            raise ValueError(f"unknown topic intent {value!r}; choose from {', '.join(TOPIC_INTENTS)}")
        return value

    @validator("situations", each_item=True)
    def _known_situation(cls, value):
        if value not in SITUATIONS:
            raise ValueError(f"unknown situation {value!r}; choose from {', '.join(SITUATIONS)}")
        return value

    @validator("example_data", each_item=True)
    def _known_field(cls, value):
        if value not in CARD_FIELDS:
            raise ValueError(f"unknown field {value!r}; choose from {', '.join(CARD_FIELDS)}")
        return value

    @validator("bydel")
    def _known_bydeler(cls, value):
        unknown = sorted(set(value) - set(BYDELER))
        if unknown:
            raise ValueError(f"unknown bydel {', '.join(unknown)}; choose from {', '.join(BYDELER)}")
        return value


class CatalogFile(StrictModel):
    """The whole of ``content/services.yml``."""

    version: int = Field(..., ge=1, le=1)
    status_notes: Dict[Status, str]
    services: List[Service] = Field(..., min_items=1)

    @validator("status_notes")
    def _every_uncertain_status_has_a_note(cls, value):
        missing = {Status.pilot, Status.idea, Status.ended} - set(value)
        if missing:
            raise ValueError("needs a note for " + ", ".join(sorted(s.value for s in missing)))
        return value

    @validator("services")
    def _unique_ids(cls, value):
        seen = set()
        for service in value:
            if service.id in seen:
                raise ValueError(f"service id {service.id!r} is used twice")
            seen.add(service.id)
        return value
