from tests.governance.factories import body_user, make_body
from zemlyaki.indicators.services import indicator_create
from zemlyaki.strategy.services import document_create


def make_document(**fields):
    fields.setdefault("title", "Стратегия развития института землячеств")
    fields.setdefault("period_from", 2024)
    fields.setdefault("period_to", 2032)
    return document_create(actor=None, with_sections=False, **fields)


def make_indicator(document, code="П1", **fields):
    fields.setdefault("name", f"Показатель {code}")
    fields.setdefault("unit", "чел.")
    return indicator_create(actor=None, document=document, code=code, **fields)


def recorder(username="recorder"):
    body = make_body("Исполнительный орган", kind="executive", powers=["kpi.record"])
    return body_user(body, username=username)


def controller(username="controller"):
    body = make_body("Контрольный орган", kind="control", powers=["kpi.review"])
    return body_user(body, username=username)
