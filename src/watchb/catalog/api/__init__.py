"""The catalogue's REST serializers and read-only views: movies and people as the catalogue knows them.

What users add to them (a movie's rating summary, a person's likes) belongs to `watchb.ratings`,
which extends these classes and routes `/api/movies/` and `/api/people/`.
"""
