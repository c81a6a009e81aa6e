"""The search's GIN index keeps a short pending list (PostgreSQL).

A GIN index with ``fastupdate`` (the default) puts new entries into a pending list and
moves them into the index only when the list outgrows ``gin_pending_list_limit`` (4 MB
by default) or at the next vacuum. Every search reads the whole pending list on every
scan of the index, and a search scans it up to four times (the count, the rare ranks,
the filter marks). After 200,000 persons were written, 347 pending pages (3,679 persons)
were left: a scan that finds nothing read 362 buffers and took 3.5–5 ms, the count of
«врачи» 360 buffers instead of 13. With 256 kB the list never passes 32 pages; the
entries are moved as often as eight times more, in smaller batches, which a list import
does not notice (docs/performance.md). After a bulk write the list is also emptied at
once (``people.bulk.flush_search_index``).
"""

from django.db import migrations

from ._postgresql import on_postgresql

FORWARDS = "ALTER INDEX people_person_search_document SET (gin_pending_list_limit = 256)"
BACKWARDS = "ALTER INDEX people_person_search_document RESET (gin_pending_list_limit)"


class Migration(migrations.Migration):
    dependencies = [("people", "0016_lean_indexes_for_list_import")]

    operations = [on_postgresql(FORWARDS, BACKWARDS)]
