"""One date and time format per interface language (FORMAT_MODULE_PATH).

Arabic and French read day first; English uses ISO 8601 so that an officer
abroad never mistakes 1 December for 12 January. Templates reach these through
``|date:"SHORT_DATE_FORMAT"`` and ``|moment`` only (tests/core/test_formats.py).
"""
