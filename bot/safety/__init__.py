"""Crisis detection: a lexicon, a trained classifier and the three tiers."""
