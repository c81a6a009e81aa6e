"""`make prod-check`: the documented production layout (docs/production.md) started on
this machine and exercised end to end.

1. a member list is imported through the API (the import is polled until it reaches its
   final state, whether the upload is handled at once or as a background task);
2. an annual report is uploaded through the proxy and analysed by the worker, which reads
   the file from the shared bucket (no node and not the worker has it on its disk);
3. a strategy section is saved on node A and read back on node B;
4. the shared cache is Redis, and the uploaded file in the bucket has no public grant.

Any failure ends with a clear message (Russian / English) and exit code 1; every process
is stopped and the database dropped in every case.
"""

import csv
import io
import json
import sys
import time
import traceback
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from prod_layout import BUCKET, Layout, LayoutError, say  # noqa: E402

WAIT_SECONDS = 90
IMPORT_FINAL = {"preview", "done", "failed", "undone", "error"}
PEOPLE = [
    ("Ёлкин Пётр Семёнович", "31.12.1980", "elkin@example.org", "юрист"),
    ("Сидорова Анна Павловна", "12.03.1985", "sidorova@example.org", "врач"),
    ("Кузнецов Олег Иванович", "01.02.1979", "", "инженер"),
]
REPORT = (
    "Годовой отчёт Тамбовского землячества за 2024 год.\n"
    "В 2024 году проведено 12 мероприятий, в них участвовали 340 человек.\n"
    "Землячество провело круглый стол с Правительством Москвы и собрало 150 000 рублей "
    "на помощь ветеранам.\n"
)


class CheckFailed(Exception):
    pass


def fail(russian: str, english: str) -> CheckFailed:
    return CheckFailed(f"{russian}\n  ({english})")


def request(
    method: str,
    url: str,
    *,
    token: str = "",
    payload: Any = None,
    body: bytes | None = None,
    content_type: str = "",
) -> tuple[int, Any]:
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if payload is not None:
        body = json.dumps(payload).encode()
        content_type = "application/json"
    if content_type:
        headers["Content-Type"] = content_type
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw or b"null")
    except ValueError:
        return status, raw.decode("utf-8", errors="replace")[:500]


def multipart(fields: dict[str, str], name: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def poll(layout: Layout, what: str, get: Any, done: Any) -> Any:
    """Call ``get()`` until ``done(result)``; fail after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        layout.alive()
        result = get()
        if done(result):
            return result
        if time.monotonic() > deadline:
            raise fail(
                f"{what}: не завершилось за {WAIT_SECONDS} с, последний ответ: {result}",
                f"{what}: not finished in {WAIT_SECONDS} s",
            )
        time.sleep(0.5)


def check_import(layout: Layout) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ФИО", "Дата рождения", "Эл. почта", "Профессия"])
    writer.writerows(PEOPLE)
    body, content_type = multipart(
        {"association": layout.fixture["association"]},
        "file",
        "участники.csv",
        out.getvalue().encode("utf-8"),
    )
    token = layout.fixture["leader_token"]
    status, answer = request(
        "POST",
        layout.url + "/api/v1/people/imports",
        token=token,
        body=body,
        content_type=content_type,
    )
    if status not in {201, 202} or not isinstance(answer, dict) or "id" not in answer:
        raise fail(
            f"Загрузка списка участников: ответ {status}: {answer}",
            f"member list upload answered {status}",
        )
    detail = f"{layout.url}/api/v1/people/imports/{answer['id']}"

    def state() -> dict[str, Any]:
        code, found = request("GET", detail, token=token)
        if code != 200:
            raise fail(
                f"Состояние загрузки: ответ {code}: {found}", f"import state answered {code}"
            )
        return found

    found = poll(layout, "Чтение списка", state, lambda r: r["status"] in IMPORT_FINAL)
    if found["status"] == "preview":
        if found["preview"]["new"] != len(PEOPLE):
            raise fail(
                f"Предпросмотр списка: новых {found['preview']['new']} вместо {len(PEOPLE)}: {found}",
                "member list preview is wrong",
            )
        code, committed = request(
            "POST", detail + "/commit", token=token, payload={"on_match": "skip"}
        )
        if code not in {200, 202}:
            raise fail(
                f"Применение списка: ответ {code}: {committed}", f"import commit answered {code}"
            )
        found = poll(
            layout, "Применение списка", state, lambda r: r["status"] in IMPORT_FINAL - {"preview"}
        )
    if found["status"] != "done" or found["created"] != len(PEOPLE):
        raise fail(
            f"Список участников не загружен: состояние {found['status']}, создано "
            f"{found['created']} из {len(PEOPLE)}",
            "member list import did not finish",
        )
    say(f"  список участников загружен: создано {found['created']}")


def check_report(layout: Layout) -> None:
    body, content_type = multipart(
        {"association": layout.fixture["association"], "year": "2024"},
        "file",
        "отчёт-2024.txt",
        REPORT.encode(),
    )
    token = layout.fixture["leader_token"]
    status, answer = request(
        "POST", layout.url + "/api/v1/reports", token=token, body=body, content_type=content_type
    )
    if status != 201:
        raise fail(f"Загрузка отчёта: ответ {status}: {answer}", f"report upload answered {status}")
    if answer["status"] == "analysed":
        raise fail(
            "Отчёт проанализирован прямо в запросе: фоновые задачи не идут через обработчик",
            "the report was analysed inside the web request, not by the worker",
        )
    detail = f"{layout.url}/api/v1/reports/{answer['id']}"

    def state() -> dict[str, Any]:
        code, found = request("GET", detail, token=token)
        if code != 200:
            raise fail(f"Состояние отчёта: ответ {code}: {found}", f"report state answered {code}")
        return found

    found = poll(
        layout,
        "Анализ отчёта",
        state,
        lambda r: r["status"] in {"analysed", "error", "analysis_error"},
    )
    if found["status"] != "analysed":
        raise fail(
            f"Отчёт не проанализирован: {found['status']}: {found['error']}",
            "the worker did not analyse the report",
        )
    if "340 человек" not in found["text"]:
        raise fail("Текст отчёта извлечён неверно", "the report's text is wrong")
    worker_log = layout.log_tail("worker", 400)
    if "zemlyaki.reports.tasks" not in worker_log:
        raise fail(
            "В журнале обработчика задач нет анализа отчёта",
            "the worker's log shows no report task",
        )
    objects = layout.s3().list_objects_v2(Bucket=BUCKET).get("Contents", [])
    keys = [item["Key"] for item in objects if item["Key"].startswith("reports/")]
    if not keys:
        raise fail("Файл отчёта не попал в хранилище S3", "the report file is not in the bucket")
    for key in keys:
        grants = layout.s3().get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        if any(grant["Grantee"].get("Type") == "Group" for grant in grants):
            raise fail(f"Файл {key} открыт публично", f"{key} has a public grant")
    for media in ("node-a", "node-b", "worker"):
        if any((layout.folder / f"media-{media}").rglob("*")):
            raise fail(
                f"Файлы оказались на локальном диске ({media}), а не в S3",
                f"uploads were written to the local disk of {media}",
            )
    say("  отчёт загружен через прокси и проанализирован обработчиком задач из общего хранилища")


def check_section(layout: Layout) -> None:
    section = layout.fixture["section"]
    token = layout.fixture["coordinator_token"]
    node_a, node_b = layout.node_urls["A"], layout.node_urls["B"]
    code, before = request("GET", f"{node_a}/api/v1/sections/{section}", token=token)
    if code != 200:
        raise fail(
            f"Раздел на узле A: ответ {code}: {before}", f"section on node A answered {code}"
        )
    text = f"<p>Проверка установки {uuid.uuid4().hex[:8]}: узел A пишет, узел B читает.</p>"
    code, saved = request(
        "PUT",
        f"{node_a}/api/v1/sections/{section}",
        token=token,
        payload={"text": text, "base_revision": before["revision"]},
    )
    if code != 200:
        raise fail(
            f"Сохранение раздела на узле A: ответ {code}: {saved}", f"section save answered {code}"
        )
    code, read = request("GET", f"{node_b}/api/v1/sections/{section}", token=token)
    if code != 200 or read["revision"] != saved["revision"] or "узел B читает" not in read["text"]:
        raise fail(
            f"Узел B не видит раздел, сохранённый на узле A: {code} {read}",
            "node B does not read the section saved on node A",
        )
    say(f"  раздел сохранён на узле A (редакция {saved['revision']}) и прочитан на узле B")


def check_cache(layout: Layout) -> None:
    import redis

    client = redis.Redis(host="127.0.0.1", port=layout.ports["redis"])
    # The catalogue keeps its results in the cache: asked on node A, kept in Redis.
    code, _answer = request("GET", layout.node_urls["A"] + "/api/v1/associations")
    if code != 200:
        raise fail(f"Каталог на узле A: ответ {code}", f"catalogue on node A answered {code}")
    if not client.dbsize():
        raise fail(
            "Общий кеш Redis пуст: узлы его не используют", "the shared Redis cache is empty"
        )
    say(f"  общий кеш Redis: ключей {client.dbsize()}")


def main() -> int:
    began = time.monotonic()
    try:
        with Layout(node_workers=2) as layout:
            say("Проверяю установку…")
            try:
                check_import(layout)
                check_report(layout)
                check_section(layout)
                check_cache(layout)
                layout.alive()
            except Exception:
                for name in ("node-a", "node-b", "worker", "proxy"):
                    print(f"--- журнал {name} / log of {name}:", file=sys.stderr)
                    print(layout.log_tail(name, 15), file=sys.stderr, flush=True)
                raise
    except (CheckFailed, LayoutError) as error:
        print(
            f"\nПРОВЕРКА НЕ ПРОЙДЕНА / PROD CHECK FAILED:\n  {error}", file=sys.stderr, flush=True
        )
        return 1
    except Exception:
        traceback.print_exc()
        print(
            "\nПРОВЕРКА НЕ ПРОЙДЕНА: непредвиденная ошибка (см. выше) / "
            "PROD CHECK FAILED: unexpected error (see above)",
            file=sys.stderr,
            flush=True,
        )
        return 1
    except KeyboardInterrupt:
        print("\nПрервано / interrupted", file=sys.stderr)
        return 130
    say(f"\nПроверка установки пройдена за {time.monotonic() - began:.0f} с (prod check passed).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
