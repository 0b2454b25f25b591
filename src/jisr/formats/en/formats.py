"""English: ISO 8601 order (year, month, day), unambiguous for partners on both sides.

The long formats are the day-first languages'; the short ones put the year first.
"""

from jisr.formats.day_first import *  # noqa: F403
from jisr.formats.day_first import DATETIME_INPUT_FORMATS as _DAY_FIRST_INPUTS

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = [f for f in _DAY_FIRST_INPUTS if f != "%d/%m/%Y %H:%M:%S"]
