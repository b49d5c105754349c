"""TMDB's errors: its documented status codes, and the exception views turn into its error body."""

# TMDB's documented status codes (https://developer.themoviedb.org/docs/errors), as the docs list
# them: code, HTTP status, status_message.
_STATUS_TABLE = """
 5  422  Invalid parameters: Your request parameters are incorrect.
 7  401  Invalid API key: You must be granted a valid key.
 9  503  Service offline: This service is temporarily offline, try again later.
11  500  Internal error: Something went wrong, contact TMDB.
20  422  Invalid date range: Should be a range no longer than 14 days.
22  400  Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.
23  400  Invalid date: Format needs to be YYYY-MM-DD.
24  504  Your request to the backend server timed out. Try again.
25  429  Your request count (#) is over the allowed limit of (40).
27  400  Too many append to response objects: The maximum number of remote calls is 20.
34  404  The resource you requested could not be found.
42  405  This resource does not support this request method.
43  502  Couldn't connect to the backend server.
"""
STATUS = {
    int(code): (int(http_status), message)
    for code, http_status, message in (line.split(maxsplit=2) for line in _STATUS_TABLE.strip().splitlines())
}


class TmdbError(Exception):
    """An answer TMDB gives instead of data: `{"success": false, "status_code", "status_message"}`."""

    def __init__(self, code: int, headers: dict[str, str] | None = None):
        self.code = code
        self.http_status, self.message = STATUS[code]
        self.headers = headers or {}
        super().__init__(f"{self.http_status} {self.message}")

    @property
    def body(self) -> dict:
        return {"success": False, "status_code": self.code, "status_message": self.message}
