"""Evaluation commands: each prints standard metrics over a public corpus layout."""
