"""Operators: fetch a period's ratings, rank its movies, recommend from every day so far, publish."""
