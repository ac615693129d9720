"""Public pages of movements (the movement page itself is exemplars.views.public.movement_detail)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from tayninh_thidua.lib.pagecache import cache_public_page

from ..models import Bloc, Covenant, Movement
from ..services import blocs


@require_GET
@cache_public_page
def movement_list(request: HttpRequest) -> HttpResponse:
    movements = Movement.objects.published().for_cards()
    page = Paginator(movements, 24).get_page(request.GET.get("trang"))
    return render(request, "movements/movement_list.html", {"page_obj": page, "movements": page.object_list})


@require_GET
@cache_public_page
def bloc_list(request: HttpRequest) -> HttpResponse:
    """The blocs and clusters with their published rankings, newest first."""
    covenants = Covenant.objects.published().select_related("bloc").order_by("bloc__kind", "bloc__name", "-year")
    return render(request, "movements/blocs/bloc_list.html", {"covenants": covenants})


@require_GET
@cache_public_page
def bloc_ranking(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """A bloc's published ranking for a year: final scores, spread, rank, the proposal for the emulation flag.
    An unpublished ranking does not exist for the public (404)."""
    bloc = get_object_or_404(Bloc, slug=slug)
    covenant = get_object_or_404(Covenant.objects.published(), bloc=bloc, year=year)
    context = {"bloc": bloc, "covenant": covenant, "results": blocs.results(covenant), "tie_rule": blocs.TIE_RULE}
    return render(request, "movements/blocs/bloc_ranking.html", context)
