"""Hooks: ``movielens`` (the ratings API, read) and ``watchb`` (the site's publishing API, write)."""
