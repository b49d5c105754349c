"""Offline look-alikes of TMDB v3 and KMDb, served from a seeded world (development and tests only).

Mounted by the site under /sandbox/ when SANDBOX_ENABLED:

TMDB v3, base /sandbox/tmdb/3 (TMDB_API_URL); key as `api_key=` or `Authorization: Bearer`:
  GET /discover/movie     page (1..SANDBOX_TMDB_MAX_PAGES, 500), 20 results a page, total_pages and
                          total_results counting every match; primary_release_date.gte/.lte
                          (release_date.* too), sort_by (popularity, primary_release_date,
                          release_date, title, original_title, vote_average, vote_count; .asc/.desc),
                          with_genres ("," all, "|" any), with_original_language, language.
  GET /movie/{id}         details; append_to_response=credits,release_dates,images,videos; language.
  GET /movie/{id}/credits (and release_dates, images, videos) on their own, with "id".
  GET /movie/changes      start_date, end_date (default the last day; at most 14 days), page,
                          100 ids a page as {"id", "adult"}; deleted films are listed and 404.
  GET /genre/movie/list, GET /configuration (images.base_url: the sandbox's own image server).
  Images: /sandbox/tmdb/image/t/p/{size}/{file_path}, deterministic SVGs (posters show the film's
  title, profiles the person's initials); no key; an unknown size is 404 code 34. See `images.py`.
  Errors are TMDB's: {"success": false, "status_code", "status_message"} — 401 code 7 (key),
  404 code 34, 400 code 22 (page), 400 code 23 (date), 422 code 20 (changes range), 422 code 5
  (sort_by), 429 code 25 with Retry-After, 503 code 9, 405 code 42.

KMDb, /sandbox/kmdb/openapi-data2/wisenut/search_api/search_json2.jsp (KMDB_API_URL) or
/sandbox/kmdb/search_json2.jsp; `ServiceKey`, `collection=kmdb_new2`, `detail=Y`, `title`,
`director`, `releaseDts`/`releaseDte` (YYYYMMDD), `listCount` (default 10, capped at 500),
`startCount` (0-based). Shapes and quirks are described in `kmdb.py`. A bad key answers 401 and a bad
parameter 400, each with {"Error": "..."} naming the problem. `posters` and `stlls` point at the
sandbox's file server on the requesting host, /sandbox/kmdb/image/{file}, which serves SVGs too.

`world.build_world(seed, size)` is the catalogue behind both; `World.shared` lists the films both
sources hold, `World.dirty` the records of each dirty kind. `manage.py sandboxworld` prints both.
Settings are described in `conf.py`; injected failures in `faults.py`.
"""
