"""The rule for a new username, shared by the sign-up API and the sign-up page.

A name is first normalised as Django stores it (NFKC: the full-width `ａdmin` is `admin`), then must be
ASCII letters, digits and `@.+-_` (Django's `ASCIIUsernameValidator`), and must not be taken by
another account in any letter case (which the database keeps too, with a unique index on
`lower(username)`: see migration `ratings.0003`, so that racing sign-ups cannot both pass). ASCII
only is how look-alikes are refused: the Cyrillic `а` of `аdmin`, the Greek `ο` of `rοot` and the
many other letters Unicode draws like Latin ones never pass, where a confusables table of our own
would always miss some. Names already stored are not touched.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.core.exceptions import ValidationError

TAKEN = "A user with that username already exists."


def normalize_username(username: str) -> str:
    """`username` as Django would store it (Unicode NFKC)."""
    return get_user_model().normalize_username(username)


def validate_new_username(username: str) -> str:
    """The normalised `username` if a new account may take it; a ValidationError saying why not."""
    username = normalize_username(username)
    ASCIIUsernameValidator()(username)
    if get_user_model()._default_manager.filter(username__iexact=username).exists():
        raise ValidationError(TAKEN, code="unique")
    return username
