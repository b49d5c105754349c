"""Helpers the hostile-client tests import (conftest.py holds the fixtures)."""

import base64

PASSWORD = "a-long-passphrase"


def basic_auth(username, password):
    """Test-client keyword arguments that send HTTP basic credentials."""
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}
