"""A page's <title> is plain words: no template puts markup into its title block (two payroll pages once
repeated a note, and then a whole table, inside the title, which the browser shows as text in the tab)."""

from __future__ import annotations

import re
from pathlib import Path

import vextrus

SRC = Path(vextrus.__file__).parent


def test_no_title_block_holds_markup():
    offenders = []
    for path in SRC.rglob("templates/**/*.html"):
        for m in re.finditer(r"{%-?\s*block title\s*-?%}(.*?){%-?\s*endblock", path.read_text(), re.S):
            if "<" in m.group(1):
                offenders.append(str(path.relative_to(SRC)))
    assert offenders == []
