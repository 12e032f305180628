"""English formats as the archive writes dates: day, month, year; a 24-hour clock.

Django's own English formats ("Dec. 1, 2026, 12:09 p.m.") are American; the
archive and its sources are European, and its pages already write "1 December
2026, 12:09". Input formats stay Django's, so the admin's date fields and
calendar keep working.
"""
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
