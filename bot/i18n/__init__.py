"""Translations (gettext catalogs via Babel) and locale-aware formatting."""
