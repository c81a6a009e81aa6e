from zemlyaki.core.models import Region
from zemlyaki.registry.services import association_create, stakeholder_create


def make_association(name: str = "Тамбовское землячество", codes=("68",), actor=None, **fields):
    """Create through the service, as the application does (search column, audit)."""
    return association_create(
        actor=actor, name=name, regions=list(Region.objects.filter(code__in=codes)), **fields
    )


def make_stakeholder(name: str = "Фонд «Родные края»", kind: str = "business", codes=(), **fields):
    return stakeholder_create(
        actor=None,
        name=name,
        kind=kind,
        regions=list(Region.objects.filter(code__in=codes)),
        **fields,
    )
