"""Custom actions for Inngang, one package per feature (run by rasa_sdk)."""

from bot.privacy.redaction import install as _install_redaction

# rasa_sdk has configured logging before it imports the actions: from here on
# no phone number, person number or e-mail address reaches the action log.
_install_redaction()
