"""Commands and queries of interchange: imports (upload → mapping → dry run → commit → result file)
and exports. Importing this package registers the built-in targets (master data's parties, items)."""

from .. import finance_targets as _finance_targets  # noqa: F401  (registers journal entries)
from .. import master_data_targets as _targets  # noqa: F401  (registers the first users)
from ..results import register_result_files
from . import exports
from .exports import EXPORT, export
from .imports import (
    IMPORT,
    MANAGE,
    Upload,
    check,
    commit,
    get_run,
    list_runs,
    result_file,
    run_check,
    run_commit,
    run_job,
    saved_mapping,
    set_mapping,
    targets,
    upload,
)

register_result_files()

__all__ = ["EXPORT", "exports", "IMPORT", "MANAGE", "Upload", "check", "commit", "export", "get_run", "list_runs", "result_file",
           "run_check", "run_commit", "run_job", "saved_mapping", "set_mapping", "targets", "upload"]
