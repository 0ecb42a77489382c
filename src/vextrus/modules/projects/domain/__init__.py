"""Pure scheduling domain of the projects module: calendars, CPM, EVM, XER/MSPDI."""
