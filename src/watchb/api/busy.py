"""A database too busy to write is a 503 the client can retry, not a 500.

SQLite lets one writer at a time: the others wait up to the busy timeout (settings: ``SQLITE_BUSY_TIMEOUT``)
and then fail with ``OperationalError("database is locked")``. That is the server being busy, not
broken: the API answers ``503 {"detail": ...}`` and the pages a 503 page, both with ``Retry-After``.
Any other error goes on to Django's handling as before.
"""

from django.db import OperationalError
from django.http import JsonResponse
from django.template.response import TemplateResponse
from rest_framework.views import APIView

#: Seconds a client is asked to wait before trying again.
RETRY_AFTER = 5
BUSY = "The database is busy with other writes; try again in a few seconds."


def is_database_busy(exception: BaseException) -> bool:
    return isinstance(exception, OperationalError) and "database is locked" in str(exception)


class DatabaseBusyMiddleware:
    """Maps "database is locked" to 503 with ``Retry-After``: JSON for API views, an HTML page else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # DRF's as_view() leaves the view class on the function: that tells the API from the pages.
        view_class = getattr(view_func, "cls", None)
        request.is_api_view = isinstance(view_class, type) and issubclass(view_class, APIView)

    def process_exception(self, request, exception):
        if not is_database_busy(exception):
            return None
        if getattr(request, "is_api_view", False):
            response = JsonResponse({"detail": BUSY}, status=503)
        else:
            response = TemplateResponse(request, "503.html", {"message": BUSY}, status=503).render()
        response["Retry-After"] = str(RETRY_AFTER)
        return response
