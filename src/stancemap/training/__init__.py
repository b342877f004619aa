"""Reproducible training of the models stancemap ships (needs the ``train`` extra)."""
