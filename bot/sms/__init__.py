"""SMS and WhatsApp through Twilio: numbers, keywords, opt-outs, encoding."""

# The input channel name of SMS and WhatsApp turns, which is also the
# ``channel:`` of the domain's short SMS variations.
SMS_CHANNEL = "sms"
