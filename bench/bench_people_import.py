"""Import of a leader's list: rows per second of a 100 000-row XLSX (preview and commit),
next to reading the same file with openpyxl in read-only mode, in the same run.

Runs on a temporary SQLite database and on the PostgreSQL database
``bench_people_import`` (created when missing); BENCH_IMPORT_DB=sqlite or =postgresql
runs only one. BENCH_IMPORT_ROWS changes the size. The upload, the reading into the
preview and the applying run as in production: the upload creates the import and queues
the reading, the commit queues the applying (the tasks run at once here, as with the
ImmediateBackend). Goals: ≥ 5 000 rows/s, ≤ 1.5× the bare read, a re-import of the
unchanged file ≥ 3× faster than the first import, and a peak memory that does not grow
with the file (printed beside the memory after the bare read).
"""

import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PG_URL = os.environ.get(
    "BENCH_IMPORT_PG_URL", "postgresql://postgres@127.0.0.1:5432/bench_people_import"
)
PG_NAME = PG_URL.rsplit("/", 1)[1]

LAST = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
]
FIRST = ["Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Михаил", "Николай", "Игорь"]
PATRONYMIC = ["Александрович", "Сергеевич", "Иванович", "Петрович", "Николаевич"]
JOBS = [
    "юрист",
    "врач",
    "учитель",
    "инженер",
    "экономист",
    "журналист",
    "программист",
    "архитектор",
]
COMPETENCIES = [
    "Корпоративное право",
    "Хирургия",
    "Школьное образование",
    "Энергетика",
    "Аудит",
    "Журналистика",
    "Анализ данных",
    "Градостроительство",
]


def make_xlsx(rows: int) -> bytes:
    import datetime

    import openpyxl

    rng = random.Random(7)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Члены")
    sheet.append(
        ["ФИО", "Дата рождения", "Моб. тел.", "E-mail", "Профессия", "Место работы", "Компетенции"]
    )
    for n in range(rows):
        birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randint(0, 20000))
        job = rng.randrange(len(JOBS))
        sheet.append(
            [
                f"{rng.choice(LAST)} {rng.choice(FIRST)} {rng.choice(PATRONYMIC)}",
                birth if n % 3 else birth.strftime("%d.%m.%Y"),
                f"8 (9{n % 100:02d}) {n // 10000 % 1000:03d}-{n % 100:02d}-{n // 100 % 100:02d}",
                f"member{n}@example.org" if n % 2 else "",
                JOBS[job],
                "ООО «Ромашка»",
                COMPETENCIES[job],
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def clean() -> None:
    """The database as the measured run needs it: migrated, without the people of a
    previous run, one association. A process of its own, so that the deletion (which
    loads the people it cascades from) does not count in the measured peak memory."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from zemlyaki.people.models import Person
    from zemlyaki.registry.models import Association

    call_command("migrate", verbosity=0)
    Person.objects.all().delete()
    if connection.vendor == "postgresql":
        # The people of the previous run are dead rows until vacuumed: without this each
        # run would match against more of them than the last (as autovacuum would have).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    if not Association.objects.exists():
        call_command("gen-data", associations=1, verbosity=0, stdout=io.StringIO())


def child(rows: int) -> None:
    import django

    django.setup()
    import openpyxl
    from django.contrib.auth import get_user_model

    from zemlyaki.people import importing
    from zemlyaki.registry.models import Association

    association = Association.objects.order_by("pk").first()
    user, _ = get_user_model().objects.get_or_create(
        username="bench-coordinator", defaults={"role": "coordinator"}
    )
    started = time.perf_counter()
    content = make_xlsx(rows)
    print(
        f"Файл XLSX: {rows} строк, {len(content) / 1e6:.1f} МБ (создан за {time.perf_counter() - started:.1f} с)",
        flush=True,
    )

    def bare_read() -> tuple[float, float]:
        t, cpu = time.perf_counter(), cpu_time()
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        n = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        assert n == rows + 1
        return time.perf_counter() - t, cpu_time() - cpu

    bare, bare_cpu = min(bare_read() for _ in range(2))
    rss_bare = peak_rss_mb()
    t, cpu = time.perf_counter(), cpu_time()
    member_import = importing.import_create(
        actor=user, association=association, file_name="list.xlsx", content=content
    )
    member_import.refresh_from_db()
    assert member_import.status == "preview", (member_import.status, member_import.failure)
    preview, preview_cpu = time.perf_counter() - t, cpu_time() - cpu
    t, cpu = time.perf_counter(), cpu_time()
    member_import = importing.import_commit(
        actor=user, member_import=member_import, on_match="fill"
    )
    member_import.refresh_from_db()
    assert member_import.status == "done", (member_import.status, member_import.failure)
    commit, commit_cpu = time.perf_counter() - t, cpu_time() - cpu
    total = preview + commit
    rss_import = peak_rss_mb()

    def rate(seconds: float) -> str:
        return f"{rows / seconds:,.0f}".replace(",", " ")

    print(f"Чтение openpyxl (read-only), голое: {bare:.2f} с — {rate(bare)} строк/с")
    print(
        f"Загрузка: предпросмотр {preview:.2f} с + применение {commit:.2f} с = {total:.2f} с"
        f" — {rate(total)} строк/с"
    )
    print(
        f"Процессорное время этого процесса и его процессов чтения (машина общая, оно шумит"
        f" меньше):"
        f" голое чтение {bare_cpu:.2f} с; предпросмотр {preview_cpu:.2f} с + применение"
        f" {commit_cpu:.2f} с = {preview_cpu + commit_cpu:.2f} с"
        f" ({(preview_cpu + commit_cpu) / bare_cpu:.2f}× голого чтения)"
    )
    print(
        f"Итог загрузки: создано {member_import.created}, совпало {member_import.matched},"
        f" ошибок {member_import.errors}"
    )
    t, cpu = time.perf_counter(), cpu_time()
    again = importing.import_create(
        actor=user, association=association, file_name="list.xlsx", content=content
    )
    again = importing.import_commit(actor=user, member_import=again, on_match="fill")
    again.refresh_from_db()
    repeat, repeat_cpu = time.perf_counter() - t, cpu_time() - cpu
    print(
        f"Повторная загрузка того же файла: {repeat:.2f} с (процессор {repeat_cpu:.2f} с)"
        f" — {rate(repeat)} строк/с;"
        f" создано {again.created}, совпало {again.matched}, изменено {again.updated}"
    )
    print(
        f"Пиковая память процесса: после голого чтения {rss_bare:.0f} МБ, после загрузки"
        f" {rss_import:.0f} МБ, после повторной {peak_rss_mb():.0f} МБ; процесс чтения большого"
        f" файла — до {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} МБ"
    )
    fast, close, quick = rows / total >= 5000, total / bare <= 1.5, total / repeat >= 3
    print(
        f"Отношение к голому чтению: {total / bare:.2f}× (цель ≤ 1.5×: "
        f"{'да' if close else 'нет'}); скорость {rate(total)} строк/с (цель ≥ 5 000: "
        f"{'да' if fast else 'нет'}); повторная быстрее первой в {total / repeat:.1f} раза"
        f" (цель ≥ 3: {'да' if quick else 'нет'})",
        flush=True,
    )


def cpu_time() -> float:
    """The CPU time of this process and of its children that have ended: a large list
    is read for its preview by a child process (``importing.reader``)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--clean":
        clean()
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
        return 0
    rows = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
    only = os.environ.get("BENCH_IMPORT_DB", "")
    failed = 0
    for database in ("sqlite", "postgresql"):
        if not only or only == database:
            failed += run(rows, database)
    return 1 if failed else 0


def create_pg_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_NAME]).fetchone():
            conn.execute(f"CREATE DATABASE \"{PG_NAME}\" TEMPLATE template0 ENCODING 'UTF8'")


def child_env(data: str, database: str) -> dict[str, str]:
    """The environment of the measured processes: the development settings with their
    data under ``data``, on SQLite or on the PostgreSQL database of the benchmark."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zemlyaki.settings.dev",
        "ZEMLYAKI_DATA": data,
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DATABASE_URL", None)
    if database == "postgresql":
        create_pg_database()
        env["DATABASE_URL"] = PG_URL
    return env


def run(rows: int, database: str) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-import-") as data:
        env = child_env(data, database)
        print(
            f"База: {'PostgreSQL' if 'DATABASE_URL' in env else 'SQLite'}; строк: {rows}",
            flush=True,
        )
        cleaned = subprocess.run([sys.executable, __file__, "--clean"], env=env).returncode
        if cleaned:
            return cleaned
        return subprocess.run([sys.executable, __file__, "--child", str(rows)], env=env).returncode


if __name__ == "__main__":
    raise SystemExit(main())
