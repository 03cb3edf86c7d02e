"""Custom actions for Inngang, one package per feature (run by rasa_sdk)."""
