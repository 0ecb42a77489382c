"""A large CSV on the import page becomes a background run: the browser lands on the run's page, htmx
polls its progress bar, and the report replaces it when the run ends (a dry run: the demo's data is not
changed). Runs against `vextrus serve --demo`, whose embedded consumer runs the job."""

from __future__ import annotations

import re


def test_a_background_import_shows_progress_then_the_report(live_server, signed_in_page):
    page = signed_in_page
    rows = ["legal_name,roles,mobile"] + [f"Browser Traders {i},customer,0191{i:07d}" for i in range(1500)]
    page.goto(live_server.url + "/master_data/import?lang=bn")
    page.select_option("select[name=kind]", "parties")
    page.set_input_files("input[name=file]", files=[{"name": "parties.csv", "mimeType": "text/csv",
                                                     "buffer": ("\n".join(rows) + "\n").encode()}])
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r"/master_data/import/runs/[0-9a-f-]+"))
    page.wait_for_selector("#import-run")  # the progress bar (or, on a fast machine, the report already)
    page.wait_for_selector('#import-run[data-status="done"] #import-summary', timeout=120_000)
    summary = page.inner_text("#import-summary")
    assert summary.startswith("1500 / 1500 / 0") and "শুধু যাচাই" in summary
    assert page.locator("#import-run[hx-get]").count() == 0  # polling stopped
