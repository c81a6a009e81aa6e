"""Uploaded files on an S3-compatible bucket, shared by several application nodes.

The bucket is private: objects are written without any ACL (the bucket's owner alone may
read them), and the storage never hands out a bucket address, signed or not. A file's
``url`` is the platform's own ``/media/<name>``, which asks the app that owns the file
whether this reader may have it (:mod:`zemlyaki.core.protected_files`) and then streams
it from the bucket.
"""

from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """S3 storage whose addresses are the platform's permission-checked ``/media/``."""

    def url(
        self,
        name: str | None,
        parameters: Any = None,
        expire: Any = None,
        http_method: Any = None,
    ) -> str:
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name or ""))
