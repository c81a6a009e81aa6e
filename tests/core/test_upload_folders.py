"""Every uploaded file is served only through its app's permission check."""

import pytest
from django.apps import apps
from django.db import models

from zemlyaki.core.protected_files import registered_prefixes


@pytest.mark.django_db
def test_every_upload_folder_is_claimed_by_a_permission_check():
    prefixes = registered_prefixes()
    unclaimed = []
    for model in apps.get_models():
        if not model.__module__.startswith("zemlyaki."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                name = field.generate_filename(model(), "документ.pdf")
                if not any(name.startswith(prefix) for prefix in prefixes):
                    unclaimed.append(f"{model._meta.label}.{field.name}: {name}")
    assert unclaimed == []
