"""factory_boy factories, one module per app; import them from here."""

from .contests import *  # noqa: F403
from .exemplars import *  # noqa: F403
from .movements import *  # noqa: F403
from .portal import *  # noqa: F403
