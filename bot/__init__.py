"""Inngang: one front door to the bydel's services, by chat and SMS."""
