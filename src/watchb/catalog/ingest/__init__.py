"""Ingestion: the model serializers and mixins that make open data safe to load, and the `crawlers`.

`MovieSerializer` is the entry point: it validates one model dict (the shape documented in
`watchb.catalog.sources`) and saves it by the ingestion rules of DESIGN.md. The mixins in `mixins`
and `nested` each carry one of those rules.
"""

from .drops import Dropped, describe_errors
from .merging import merge_keys
from .mixins import CreateOrMergeMixin, RequireOneOfMixin, SkipInvalidChildrenMixin, SkipInvalidOptionalFieldsMixin
from .nested import MergeNestedMixin
from .serializers import (
    CountrySerializer,
    CreditSerializer,
    GenreSerializer,
    MovieSerializer,
    PersonSerializer,
    PosterSerializer,
    StillSerializer,
    VideoSerializer,
)

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
    "merge_keys",
]
