"""Helpers the hostile-client tests import (conftest.py holds the fixtures)."""

import base64

from accounts_helpers import PASSWORD  # noqa: F401 (the tests import it from here)


def basic_auth(username, password):
    """Test-client keyword arguments that send HTTP basic credentials."""
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}
