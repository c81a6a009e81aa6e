"""How the API writes JSON: datetimes as RFC 3339 with a whole-minute offset."""

import datetime
import json
from typing import Any

from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder


def rfc3339(value: datetime.datetime) -> str:
    """``2026-10-16T13:28:34+03:00``; ``Z`` for UTC; milliseconds at most.

    Time zones of old dates carry local mean time (Moscow before 1880 is +02:30:17), which
    RFC 3339 cannot write: such a moment is written in UTC instead."""
    offset = value.utcoffset()
    if offset is not None and offset % datetime.timedelta(minutes=1):
        value = value.astimezone(datetime.UTC)
    text = value.isoformat(timespec="milliseconds" if value.microsecond else "seconds")
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class Encoder(NinjaJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            return rfc3339(o)
        return super().default(o)


class Renderer(JSONRenderer):
    encoder_class: type[json.JSONEncoder] = Encoder
