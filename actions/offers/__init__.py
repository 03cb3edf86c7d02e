"""What the bydel offers: service cards and the guided "what can you offer me?"."""
