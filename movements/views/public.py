"""Public pages of movements (the movement page itself is exemplars.views.public.movement_detail)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tayninh_thidua.lib.pagecache import cache_public_page

from ..models import Movement


@require_GET
@cache_public_page
def movement_list(request: HttpRequest) -> HttpResponse:
    movements = Movement.objects.published().for_cards()
    page = Paginator(movements, 24).get_page(request.GET.get("trang"))
    return render(request, "movements/movement_list.html", {"page_obj": page, "movements": page.object_list})
