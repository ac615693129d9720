from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from exemplars.models import Exemplar
from tayninh_thidua.public_cache import cache_public_page

from .models import Movement

MOVEMENT_EXEMPLARS = 12


@require_GET
@cache_public_page
def movement_list(request: HttpRequest) -> HttpResponse:
    movements = Movement.objects.published().with_agencies()
    page = Paginator(movements, 24).get_page(request.GET.get("trang"))
    return render(request, "movements/movement_list.html", {"page_obj": page, "movements": page.object_list})


@require_GET
@cache_public_page
def movement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    movement = get_object_or_404(
        Movement.objects.published().with_agencies().prefetch_related("coordinating_agencies__successor__successor"),
        slug=slug,
    )
    exemplars = Exemplar.objects.published().filter(movements=movement)
    per_phase = {
        row["phase"]: row["n"] for row in exemplars.order_by().values("phase").annotate(n=Count("pk", distinct=True))
    }
    phases = [(phase, per_phase.get(phase.pk, 0)) for phase in movement.phases.all()]
    context = {
        "movement": movement,
        "exemplars": exemplars.select_related("agency", "field")[:MOVEMENT_EXEMPLARS],
        "exemplar_total": sum(per_phase.values()),
        "phases_with_counts": phases,
        "unphased_count": per_phase.get(None, 0),
    }
    return render(request, "movements/movement_detail.html", context)
