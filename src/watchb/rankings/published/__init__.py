"""What every published day shares, whatever the pipeline published on it.

Rankings and recommendations are both "a day's result, published whole by the pipeline and replaced
whole when published again". This package is that idea once; each app adds its own entries:

    models.py       PublishedDay: the day's date, when it was published, what published it
    storing.py      publish_day: replace a day and its entries in one transaction, in batched INSERTs
    serializers.py  the publish body, its entry lists checked in plain Python; the served day's head
    views.py        the API of a day: read the latest or a date, PUT a date (201 new, 200 replaced)
    schema.py       the OpenAPI pieces both APIs describe themselves with

It lives in rankings, the lower app: recommendations import it, rankings never import them.
"""
