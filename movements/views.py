from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Movement


@require_GET
def movement_list(request: HttpRequest) -> HttpResponse:
    movements = Movement.objects.published().with_agencies()
    page = Paginator(movements, 24).get_page(request.GET.get("trang"))
    return render(request, "movements/movement_list.html", {"page_obj": page, "movements": page.object_list})


@require_GET
def movement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    movement = get_object_or_404(
        Movement.objects.published().with_agencies().prefetch_related("coordinating_agencies__successor"), slug=slug
    )
    return render(request, "movements/movement_detail.html", {"movement": movement})
