"""content/events.yml: valid, expanded into dated sessions, mistakes explained."""

from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from bot.booking.events import EventsError, load_events, parse_events
from bot.config import PROJECT_ROOT

CALENDAR = load_events()


def test_every_kind_has_sessions_with_stable_ids():
    kinds = {session.kind for session in CALENDAR.sessions.values()}
    assert kinds == {"application_evening", "open_kindergarten"}
    evening = CALENDAR.get("soknadskveld_furuset_familiesenter_2027-02-09")
    assert evening.capacity == 30 and "so" in evening.interpreter_languages
    assert evening.start == datetime(2027, 2, 9, 17, 30)


def test_recurring_sessions_fall_on_the_weekday_and_skip_holidays():
    tuesdays = [s for s in CALENDAR.sessions.values() if s.id.startswith("apen_barnehage_furuset")]
    assert tuesdays and all(s.start.weekday() == 1 for s in tuesdays)
    days = {s.start.date() for s in tuesdays}
    assert date(2026, 12, 22) not in days and date(2026, 12, 15) in days
    assert all(date(2026, 11, 1) <= day <= date(2027, 6, 20) for day in days)


def test_upcoming_lists_only_future_sessions_in_order():
    now = datetime(2027, 2, 10, 12, 0)
    upcoming = CALENDAR.upcoming("application_evening", now)
    assert [s.start.date() for s in upcoming] == [date(2027, 2, 16), date(2027, 2, 23)]
    assert len(CALENDAR.upcoming("open_kindergarten", now, limit=3)) == 3


def _broken(change) -> str:
    raw = yaml.safe_load((PROJECT_ROOT / "content" / "events.yml").read_text(encoding="utf-8"))
    change(raw)
    return yaml.safe_dump(raw, allow_unicode=True, default_flow_style=False)


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda raw: raw["application_evenings"][0].update(capacity=0),
         ["application_evenings entry 1", "field 'capacity'"]),
        (lambda raw: raw["application_evenings"][1].update(end="17:00"),
         ["application_evenings entry 2", "end must be after start"]),
        (lambda raw: raw["application_evenings"][0].update(interpreter_languages=["de"]), ["unknown language 'de'"]),
        (lambda raw: raw["open_kindergarten"][0].update(weekday="someday"),
         ["open_kindergarten entry 1", "field 'weekday'"]),
        (lambda raw: raw["open_kindergarten"][0].update(place="mars"), ["unknown place 'mars'"]),
        (lambda raw: raw["open_kindergarten"][0].pop("bring"), ["field 'bring'", "field required"]),
    ],
)
def test_mistakes_are_explained(change, expected):
    with pytest.raises(EventsError) as error:
        parse_events(_broken(change), Path("content/events.yml"))
    for part in expected:
        assert part in str(error.value)
