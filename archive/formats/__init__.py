"""Date and time formats of the site and the admin (FORMAT_MODULE_PATH), one style everywhere: 12 Jun 2020, 13:05."""
