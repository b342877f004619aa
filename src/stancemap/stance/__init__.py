"""Stance toward a question: per statement and per speaker."""
