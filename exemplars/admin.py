from . import admin_events  # noqa: F401  (issue 4: exchange events; the exemplars admin lives beside it)
