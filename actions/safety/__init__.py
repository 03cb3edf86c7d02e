"""Safety first: what follows the emergency numbers."""
