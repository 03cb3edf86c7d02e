"""Conversation language: detection after every message, explicit changes."""
