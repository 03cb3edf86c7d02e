"""Booking søknadskveld and åpen barnehage: the form, submit, cancel, list."""
