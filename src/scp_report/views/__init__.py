"""Views of a plan and its snapshot: terminal tables, problem lists and open data."""
