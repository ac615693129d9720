"""The production static files storage: WhiteNoise's hashed names and gzip copies, without brotli.

In both production shapes nginx serves /static/ itself (deploy/nginx.conf): `gzip_static` sends the .gz copies,
and neither Debian's nginx nor the official image has a brotli module, so .br copies would never be read. Brotli
at its default quality was also most of collectstatic's time (about 100 s of 110 s here), which the web
container and `make prod` pay at every start.
"""

from typing import Any

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class GzipManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs: Any) -> Compressor:
        return Compressor(use_brotli=False, **kwargs)
