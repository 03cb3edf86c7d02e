"""Two-stage fallback: ask to rephrase, then offer the menu and a person."""
