"""Published recommendations: each movie's similar movies and each user's unseen picks, one day at a time.

The pipeline computes them and publishes a day whole (`PUT /api/recommendations/YYYY-MM-DD/`); the
pages and the API read the latest day through `selectors.py`. A published day is what rankings
publish too: its model, storing, checking and views come from `watchb.rankings.published`.
"""
