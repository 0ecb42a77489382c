"""Result files (refused rows) are files attached to the import run, guarded by interchange's permission."""

from __future__ import annotations


def register_result_files() -> None:
    from vextrus.modules.files import api as files

    files.register_object_type(files.ObjectType("interchange.import_run", "interchange.import.run",
                                                "interchange.import.run", "Import", "আমদানি"))
