"""Model serializers for the catalogue and the mixins that make open data safe to load.

`MovieSerializer` is the entry point: it validates one model dict (the shape documented in
`watchb.catalog.sources`) and saves it by the ingestion rules of DESIGN.md. The mixins in `mixins`
and `nested` each carry one of those rules.
"""

from .drops import Dropped, describe_errors
from .mixins import CreateOrMergeMixin, RequireOneOfMixin, SkipInvalidChildrenMixin, SkipInvalidOptionalFieldsMixin
from .movies import (
    CountrySerializer,
    CreditSerializer,
    GenreSerializer,
    MovieSerializer,
    PersonSerializer,
    PosterSerializer,
    StillSerializer,
    VideoSerializer,
)
from .nested import MergeNestedMixin

__all__ = [
    "CountrySerializer",
    "CreateOrMergeMixin",
    "CreditSerializer",
    "Dropped",
    "GenreSerializer",
    "MergeNestedMixin",
    "MovieSerializer",
    "PersonSerializer",
    "PosterSerializer",
    "RequireOneOfMixin",
    "SkipInvalidChildrenMixin",
    "SkipInvalidOptionalFieldsMixin",
    "StillSerializer",
    "VideoSerializer",
    "describe_errors",
]
