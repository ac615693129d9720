from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Models whose rows appear on public pages: saving or deleting any of them refreshes the page cache.
PUBLIC_MODELS = (
    "exemplars.Exemplar",
    "exemplars.Honour",
    "exemplars.ExemplarPhoto",
    "exemplars.AwardType",
    "exemplars.ExchangeEvent",
    "exemplars.EventPhoto",
    "exemplars.Replication",
    "exemplars.Initiative",  # the public list of recognised initiatives
    "movements.Movement",
    "movements.Agency",
    "movements.Field",
    "movements.PlanPhase",
    "movements.Bloc",  # the published rankings of blocs
    "movements.Covenant",
    "movements.CovenantCriterion",
    "tayninh_thidua.NewsArticle",
    "tayninh_thidua.WebsiteLink",
    "contests.Edition",  # the home page's contest slot
)


class SiteConfig(AppConfig):
    name = "tayninh_thidua.portal"
    label = "tayninh_thidua"  # the label its tables and migrations were made under
    verbose_name = _("Cổng thông tin")

    def ready(self) -> None:
        self.register_mail_renderers()
        self.connect_page_cache()
        self.connect_sign_in()

    def connect_sign_in(self) -> None:
        # Notes the idle clock and the two-factor state at sign-in (middleware.py); imported here because the
        # middleware module loads models, which need the app registry ready.
        from django.contrib.auth.signals import user_logged_in

        from .middleware import remember_sign_in

        user_logged_in.connect(remember_sign_in, dispatch_uid="portal-remember-sign-in")

    def register_mail_renderers(self) -> None:
        # Reminder bodies are written when sent (the planner stores only their items): the outbox's hook.
        from movements.reminders import MAIL_KIND
        from tayninh_thidua.lib.outbox import register_renderer

        from .reminders import render_reminder

        register_renderer(MAIL_KIND, render_reminder)

    def connect_page_cache(self) -> None:
        # Cache busting only (see lib/pagecache.py): these hooks change no data and start no workflow.
        # Imported here, not at the top: the app registry must be ready before models and signals load.
        from django.apps import apps
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from tayninh_thidua.lib.pagecache import bump_public_cache

        for label in PUBLIC_MODELS:
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            post_save.connect(bump_public_cache, sender=model, dispatch_uid=f"public-cache-save-{label}")
            post_delete.connect(bump_public_cache, sender=model, dispatch_uid=f"public-cache-delete-{label}")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    bump_public_cache,
                    sender=field.remote_field.through,
                    dispatch_uid=f"public-cache-m2m-{label}-{field.name}",
                )
