"""Server-rendered pages for people (the API in `views.py` is for programs)."""

from django.shortcuts import render

from .models import DailyRanking
from .serializers import ranking_payload

# The home page shows the head of the ranking; the API serves all of it.
HOME_PAGE_ENTRIES = 100


def home(request):
    """The home page: the latest published ranking's top HOME_PAGE_ENTRIES movies, or a note that
    nothing has been published yet."""
    ranking = DailyRanking.objects.order_by("-date").first()
    context = {"ranking": ranking_payload(ranking, HOME_PAGE_ENTRIES) if ranking else None}
    return render(request, "rankings/home.html", context)
