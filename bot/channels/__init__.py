"""Input channels: the REST/web channel and the Twilio SMS channel."""
