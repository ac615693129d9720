from django.contrib import admin


class ReadOnlyLogAdmin(admin.ModelAdmin):
    """Logs are written by services only: staff read them, nobody adds, edits or deletes by hand."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
