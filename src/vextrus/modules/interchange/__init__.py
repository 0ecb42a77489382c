"""Import and export: the one mechanism every module uses to bring rows in from CSV/XLSX (upload →
column mapping saved per user → dry run with every row's problems in words → all-or-nothing or
valid-rows-only commit → a file of the refused rows) and to export any registered list to CSV/XLSX.
Targets are declared by the module owning the rows (`api.register_target`), which keeps its rules."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.interchange"

MODULE = Module(
    name="interchange",
    title="Import and export",
    title_bn="আমদানি ও রপ্তানি",
    depends_on=("files", "documents"),
    optional=("master_data", "finance"),
    uses=("files.file.create", "files.file.view"),  # the result file of refused rows, attached to the run
    permissions=(
        Permission("interchange.import.run", "Import rows from CSV or Excel files",
                   "CSV বা এক্সেল ফাইল থেকে সারি আমদানি"),
        Permission("interchange.import.manage", "See other users' imports and their result files",
                   "অন্য ব্যবহারকারীদের আমদানি ও ফলাফল ফাইল দেখা"),
        Permission("interchange.export.run", "Export lists to CSV or Excel files",
                   "তালিকা CSV বা এক্সেল ফাইলে রপ্তানি"),
    ),
    # shown to whoever may import, or export one of the lists (the export targets' read permissions)
    nav=(NavItem("Import and export", "আমদানি ও রপ্তানি", "/interchange",
                 ("interchange.import.run", "master_data.party.read", "master_data.item.read")),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    jobs=f"{_P}.jobs:JOBS",
)
