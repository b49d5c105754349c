"""Ingestion: the model serializers and mixins that make open data safe to load, and the crawlers.

`MovieSerializer` (in `serializers`) is the entry point: it validates one model dict (the shape
documented in `watchb.catalog.sources`) and saves it by the ingestion rules of DESIGN.md. Each mixin
in `mixins` carries one of those rules; `nested` writes a movie's children in batches, `merging`
holds the merge rule and the `Meta.merge_keys` accessor, `matching` finds the other source's copy of
a film, `drops` records what validation left out, `fields` cleans strings. `pages` writes a whole
page of validated movies at once by the same rules, set-based (`bulk` holds its multi-row
statements); it is how `crawlers` read the open sources into the catalogue. (The catalogue's REST
serializers live apart, in `catalog.api`.)
"""

from .drops import DropLog, Dropped, describe_errors
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
    "DropLog",
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
