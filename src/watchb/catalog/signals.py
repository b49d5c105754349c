"""What the catalogue tells the apps built on it, which it may not import (DESIGN.md's layers)."""

from django.dispatch import Signal

#: Sent by `ingest.matching.absorb_people` in its transaction just before it deletes rows of people
#: known only by a film key whose credits it moved to the row holding the id that arrived for them.
#: ``moves`` maps each such row's pk to that row's pk (sender: `Person`). A receiver moves what of its
#: own points at the rows going, which their cascades would otherwise delete.
people_absorbed = Signal()
