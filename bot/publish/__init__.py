"""``make publish``: put editors' changes live.

Text-only changes (content files, translations, response texts) go live
without training: the running assistant re-reads each of them when its
file changes. Changes to what the model learns from (training examples,
intents, rules, config, NLU code) are trained, and the new model is loaded
into the running server through Rasa's HTTP API (``PUT /model``), which
keeps answering meanwhile. The command says which happened and how long it
took.
"""
