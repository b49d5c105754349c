"""Users' likes follow a person whose film-only row the catalogue absorbs into the row of their id.

A crawl that learns the id of someone a film listed without one moves that film's credits to the
row holding the id and deletes the film's row (`catalog.ingest.matching.absorb_people`). The likes
of that row would go with it; they move to the person's row instead, where a user who liked both
keeps one like.
"""

from django.dispatch import receiver

from watchb.catalog.models import Person
from watchb.catalog.signals import people_absorbed

from .models import PersonLike


@receiver(people_absorbed, sender=Person)
def move_likes(sender, moves: dict[int, int], **kwargs):
    likes = list(
        PersonLike.objects.filter(person_id__in=moves).order_by("pk").values_list("pk", "user_id", "person_id")
    )
    if not likes:
        return
    liked = set(
        PersonLike.objects.filter(
            person_id__in=set(moves.values()), user_id__in={user for _, user, _ in likes}
        ).values_list("user_id", "person_id")
    )
    moving = {}
    for pk, user, person in likes:
        if (user, moves[person]) not in liked:  # else the user likes that row already: theirs goes
            liked.add((user, moves[person]))
            moving.setdefault(moves[person], []).append(pk)
    for person, pks in moving.items():
        PersonLike.objects.filter(pk__in=pks).update(person_id=person)
