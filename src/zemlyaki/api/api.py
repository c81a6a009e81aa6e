"""The REST API at /api/v1/: the router of every app, mounted here.

``api`` is the top layer: it may import every app, and no app imports it. A new app with
an API adds its router to ``ROUTERS`` below.
"""

from zemlyaki.events.api import router as events_router
from zemlyaki.events.api_manage import router as events_manage_router
from zemlyaki.governance.api import router as governance_router
from zemlyaki.indicators.api import router as indicators_router
from zemlyaki.indicators.api_manage import router as indicators_manage_router
from zemlyaki.people.api import router as people_router
from zemlyaki.plan.api import router as plan_router
from zemlyaki.plan.api_changes import router as plan_changes_router
from zemlyaki.portal.api import router as portal_router
from zemlyaki.portal.api_manage import router as portal_manage_router
from zemlyaki.programs.api import router as programs_router
from zemlyaki.programs.api_directions import router as programs_directions_router
from zemlyaki.registry.api import router as registry_router
from zemlyaki.reports.api import router as reports_router
from zemlyaki.reports.api_lexicon import router as reports_lexicon_router
from zemlyaki.standard.api import router as standard_router
from zemlyaki.standard.api_answers import router as standard_answers_router
from zemlyaki.strategy.api import router as strategy_router
from zemlyaki.strategy.api_documents import router as strategy_documents_router
from zemlyaki.strategy.api_sections import router as strategy_sections_router
from zemlyaki.surveys.api import router as surveys_router
from zemlyaki.surveys.api_builder import router as surveys_builder_router
from zemlyaki.workspace.api import router as workspace_router
from zemlyaki.workspace.api_actions import router as workspace_actions_router

from .base import ZemlyakiAPI

# In the order of ZEMLYAKI_APPS, so the OpenAPI document lists them as before.
ROUTERS = [
    registry_router,
    people_router,
    surveys_router,
    surveys_builder_router,
    reports_router,
    reports_lexicon_router,
    governance_router,
    plan_router,
    plan_changes_router,
    events_router,
    events_manage_router,
    programs_router,
    programs_directions_router,
    strategy_documents_router,
    strategy_router,
    strategy_sections_router,
    standard_router,
    standard_answers_router,
    indicators_router,
    indicators_manage_router,
    portal_router,
    portal_manage_router,
    workspace_router,
    workspace_actions_router,
]

api = ZemlyakiAPI(
    title="Земляки API",
    version="1",
    description="REST API платформы землячеств Москвы. Запись — с заголовком "
    "`Authorization: Bearer <токен>`.",
    urls_namespace="api",
    docs_url="/docs",
)

for router in ROUTERS:
    api.add_router("", router)
