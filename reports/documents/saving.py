"""The one write of a document's texts (ReportText): the memo form and the texts form of the other
documents both save through `report_texts_save`."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from ita_portal import changes
from ita_portal.concurrency import StaleVersion, check_and_bump
from ita_portal.models import Organisation

from ..models import DocumentKind, ReportText


@changes.write
def report_texts_save(
    *,
    organisation: Organisation,
    document: str,
    fiscal_year: int,
    texts: dict,
    expected_version: int | None,
    actor,
) -> ReportText:
    """Store `texts` over the document's saved texts, key by key (a value of None removes the key, so the
    builder prints its default again; keys not named are kept), with `actor` in the history. Refused
    (StaleVersion) when someone saved the document's texts since `expected_version` was loaded: 0 means
    the page showed nothing saved, None skips the check. Too long a text: ValidationError."""
    where = {"organisation": organisation, "fiscal_year": fiscal_year, "kind": DocumentKind(document)}
    row = ReportText.objects.select_for_update().filter(**where).first()
    if row is None:
        row = ReportText(**where)
    else:
        check_and_bump(row, expected_version)
    merged = dict(row.texts)
    for key, value in texts.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    row.texts = merged
    row.full_clean(validate_constraints=False)
    row._history_user = actor
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # someone else saved the first version at the same moment
        raise StaleVersion(ReportText.objects.get(**where)) from None
    changes.organisation_changed(organisation.pk, actor=actor, what="report_texts")
    return row


def report_texts_version(*, organisation: Organisation, document: str, fiscal_year: int) -> int:
    """The version of the saved texts, or 0 when nothing is saved yet."""
    row = ReportText.objects.filter(organisation=organisation, fiscal_year=fiscal_year, kind=document)
    return row.values_list("version", flat=True).first() or 0
