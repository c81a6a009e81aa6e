import io

from zemlyaki.people.services import person_create


def make_person(last="Иванов", first="Иван", patronymic="Иванович", association=None, **data):
    consent = data.pop("consent", {"form": "paper"})
    return person_create(
        actor=None,
        data={"last_name": last, "first_name": first, "patronymic": patronymic, **data},
        association=association,
        consent=consent,
    )


def csv_bytes(rows, encoding="utf-8", delimiter=";"):
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
