import datetime

from ninja import Schema
from pydantic import Field

from zemlyaki.core.api_schemas import Id


class ThreadIn(Schema):
    title: str = Field(max_length=300)
    text: str = Field(max_length=20_000)
    audience: str = "body"
    target: str = Field("", max_length=100, description="Объект: «strategy.section:12».")
    attachments: list[Id] = Field(default_factory=list, max_length=50)


class ThreadOut(Schema):
    id: int
    space: int
    title: str
    audience: str
    target: str | None
    last_post_at: datetime.datetime | None


class PostIn(Schema):
    text: str = Field(max_length=20_000)
    quote_of: Id | None = None
    attachments: list[Id] = Field(default_factory=list, max_length=50)


class PostOut(Schema):
    id: int
    thread: int
    author: str | None
    text: str
    html: str
    quote_of: int | None
    mentions: list[str]
    attachments: list[int]
    reactions: dict[str, int]
    created_at: datetime.datetime
    edited_at: datetime.datetime | None


class VersionOut(Schema):
    id: int
    number: int
    author: str | None
    created_at: datetime.datetime
    size: int
    content_type: str
    note: str
    restored_from: int | None
    url: str


class FileOut(Schema):
    id: int
    space: int
    folder: int | None
    title: str
    current: VersionOut | None
