"""NLU helpers: language detection and the Rasa graph component around it."""
