"""Sensors: wait until a period has ratings to fetch."""
