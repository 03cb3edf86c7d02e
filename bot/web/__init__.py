"""The residents' chat page and its QR posters: texts, transcript, posters."""
