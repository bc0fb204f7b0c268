"""Rendering: the plan as at a quarter into HTML (Jinja) and PDF (WeasyPrint).

Imported only by `scp build`: `scp status` and `scp validate` never load Jinja,
markdown-it or WeasyPrint.
"""
