"""Record options shared by ``khabar ingest`` and ``khabar batch``: which JSON keys hold what."""

from __future__ import annotations

from khabar.io import RecordFields


def add_record_arguments(p) -> None:
    """Add ``--text-field``, ``--title-field``, ``--date-field``, ``--url-field``, ``--id-field``."""
    g = p.add_argument_group("record fields (JSON/JSONL input)")
    g.add_argument("--text-field", default="content", metavar="KEY", help="article text (default: content)")
    g.add_argument("--title-field", default="title", metavar="KEY", help="title (default: title)")
    g.add_argument("--date-field", default="date", metavar="KEY",
                   help="date; a full timestamp is fine (default: date, else date_extracted, published, pubdate)")
    g.add_argument("--url-field", default="url", metavar="KEY", help="URL (default: url)")
    g.add_argument("--id-field", default=None, metavar="KEY",
                   help="unique id (default: none; the hash of the normalized text)")


def record_fields(args) -> RecordFields:
    """The :class:`RecordFields` the record options name."""
    return RecordFields(text=args.text_field, title=args.title_field, date=args.date_field,
                        url=args.url_field, id=args.id_field)
