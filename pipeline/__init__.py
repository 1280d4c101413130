"""The stages after page reading, in data-path order: assembly → validation → batch → outputs,
plus evaluation against labelled truth, and the command line (``cli``) and Python API (``api``)."""
