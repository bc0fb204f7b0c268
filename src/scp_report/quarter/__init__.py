"""The quarterly cycle: expected readings, the readings writer, spreadsheet import and
the diff between quarters."""
