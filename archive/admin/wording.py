"""Counts in the admin's messages, with the noun in the right number: "1 article", "2 articles"."""


def counted(number: int, singular: str, plural: str = "") -> str:
    """The number and the noun that agrees with it ("1 entity", "3 entities")."""
    return f"{number:,} {singular if number == 1 else (plural or singular + 's')}"
