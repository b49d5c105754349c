"""Helpers the ratings tests import (conftest.py holds the fixtures)."""

import base64
from datetime import UTC, datetime

EXPORT_PASSWORD = "export-secret"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def basic_auth(username, password):
    """Test-client keyword arguments that send HTTP basic credentials."""
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}
