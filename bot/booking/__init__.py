"""Booking seats at søknadskveld and åpen barnehage: events, stores, staff view."""
