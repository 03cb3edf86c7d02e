"""The one outbox for every outgoing SMS and WhatsApp message (see store.py)."""
