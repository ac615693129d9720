"""Admin of the road from an approved dossier to a signed decision: procedure rules and the calendar,
consultations and their comments, councils and their sessions, decisions and certificates.

Workflow fields are read-only; actions call the services (exemplars.services.council …)."""

from __future__ import annotations

from django.contrib import admin

from .models import CalendarDay, ProcedureRule


@admin.register(ProcedureRule)
class ProcedureRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "value", "valid_from", "valid_until", "legal_basis"]
    list_filter = ["code"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_day_off", "reason"]
    list_filter = ["is_day_off"]
    date_hierarchy = "date"
