"""The scale bench: a seeded generator of district, city and province data sets
(``generator``, ``sizes``) and the runner that loads each and times every step (``runner``).

``python -m bench.scale generate --size city --out var/scale/city`` writes a data set;
``python -m bench scale`` runs the bench.
"""
