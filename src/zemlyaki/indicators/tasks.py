"""Background work of the indicators: the refresh of computed values on demand (the daily
run is the command ``zemlyaki indicators refresh``, started by the scheduler)."""

from typing import Any

from django_tasks import task


@task()
def refresh_indicators(
    indicator_ids: list[int] | None = None, all_years: bool = False
) -> dict[str, Any]:
    from .models import Indicator
    from .refresh import indicators_refresh

    chosen = Indicator.objects.filter(pk__in=indicator_ids) if indicator_ids else None
    result = indicators_refresh(indicators=chosen, all_years=all_years)
    return {"refreshed": result.refreshed, "failed": result.failed, "values": result.values}
