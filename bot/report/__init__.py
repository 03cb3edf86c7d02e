"""``make report``: what residents asked and missed, for the bydel, privacy first.

One self-contained HTML page (inline SVG charts, no external assets) and a
CSV beside it, from the tracker store, bookings and handoff cases. Counts
under 5 are shown as "<5", so no small group can be singled out. Messages
the assistant did not understand are listed with phone numbers, person
numbers and e-mail addresses redacted, grouped by language, and also
written to a CSV that editors can turn into training examples
(``make import-examples``).
"""
