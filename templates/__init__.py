"""The bundled templates: this file makes the folder the package `scp_report.templates`
(see pyproject.toml), so that `importlib.resources` finds the templates wherever
scp-report is installed. `scp build --templates DIR` uses another folder instead."""
