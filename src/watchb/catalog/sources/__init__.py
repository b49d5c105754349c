"""One package per open movie API (``tmdb/``, ``kmdb/``): an HTTP client, typed records of the fields
we keep, and a mapper. What they share: ``http.py`` (the JSON client and its errors), ``retry.py``
(its retry policy, a urllib3 ``Retry`` on the session), ``records.py`` (records read from JSON keys),
``fields.py`` (forgiving readers and text cleaning).

The mapper turns records into *model dicts*, the one shape both sources hand to the serializers
(`watchb.catalog.ingest`). Mappers convert formats (YYYYMMDD to ISO dates, `|`-joined URLs to
lists, `!HS`/`!HE` markers and stray spaces stripped) but do not judge values: a negative runtime or an
impossible date is passed on as it is, so that validation drops it and counts why in one place.

A movie dict::

    {
        "tmdb_id": int | None, "kmdb_id": str | None,        # at least one set
        "title": str, "title_en": str, "original_title": str,
        "release_date": "YYYY-MM-DD" | None,                   # or an unparseable string, left to validation
        "production_year": int | None, "runtime": int | None,
        "synopsis": str, "tagline": str, "film_rating": str,
        "genres": [{"name": str, "tmdb_id": int | None}],
        "countries": [{"code": "KR", "name": str, "name_en": str}],
        "credits": [{
            "person": {"name": str, "name_en": str, "tmdb_id": int | None, "kmdb_id": str | None,
                       "film_key": str | None,       # where listed, for people without an id
                       "photo": str, "biography": str},
            "job": "director" | "writer" | "actor",
            "role_name": str, "cameo_type": str, "order": int,
        }],
        "posters": [{"url": str}], "stills": [{"url": str}],
        "videos": [{"site": str, "key": str, "name": str, "kind": str}],
    }

Keys a source does not know are left out rather than sent empty, so a merge never blanks a field.
"""
