"""Every job a module declares is described on the scheduler pages in the reader's language: the page shows
`sched.job.<name>` from the scheduler's catalogue and falls back to the job's English description, so a job
missing there puts English on a Bangla page (stop 34's CI found two crm jobs that way)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from vextrus.modules import scheduler
from vextrus.platform.modules import available_modules

BANGLA = re.compile(r"[\u0980-\u09FF]")
CATALOGUES = Path(scheduler.__file__).parent / "i18n"


def _catalogue(lang: str) -> dict[str, str]:
    return json.loads((CATALOGUES / f"{lang}.json").read_text(encoding="utf-8"))


def test_every_declared_job_is_described_in_english_and_bangla():
    en, bn = _catalogue("en"), _catalogue("bn")
    names = [job.name for m in available_modules().values() for job in (m.load(m.jobs) or [])]
    assert "crm.remind_activities" in names and "finance.post_due_entries" in names
    missing = [n for n in names if not en.get(f"sched.job.{n}") or not BANGLA.search(bn.get(f"sched.job.{n}", ""))]
    assert not missing, f"jobs without an English and a Bangla description in the scheduler's catalogue: {missing}"
