"""Handoff to a named contact person: contacts, hours, cases and the staff's SMS commands."""
