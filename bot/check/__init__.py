"""``make check``: what editors need to know before they publish.

Content files against their schemas, translations per language, training
examples per intent and language, phone numbers, dated events, and the
keywords that texts tell residents to type. Errors fail the command (and
``make test``); warnings are shown and do not.
"""
