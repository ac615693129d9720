"""Admin for exchange events and their photo albums. Imported by exemplars/admin.py."""

from django import forms
from django.contrib import admin

from tayninh_thidua.public_cache import bump_public_cache
from tayninh_thidua.uploads import clean_image

from .models import EventPhoto, ExchangeEvent


class EventPhotoForm(forms.ModelForm):
    class Meta:
        model = EventPhoto
        fields = ["image", "caption", "alt_text", "position"]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and "image" in self.changed_data:
            return clean_image(upload)  # decoded, re-encoded, metadata dropped
        return upload


class EventPhotoInline(admin.TabularInline):
    model = EventPhoto
    form = EventPhotoForm
    extra = 1


@admin.register(ExchangeEvent)
class ExchangeEventAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "place", "movement", "is_published"]
    list_filter = ["is_published", "movement"]
    search_fields = ["title", "place"]
    autocomplete_fields = ["exemplars"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [EventPhotoInline]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        bump_public_cache()
