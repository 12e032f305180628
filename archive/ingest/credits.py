"""Photo credits: recognising them on a line of their own, and cleaning them up."""
import re

# Who supplies b92's photos, as the part before the first slash of a credit.
_CREDIT_SOURCES = (
    r"EPA|EPA-EFE|EFE|TANJUG|AP|AP Photo|AFP|Reuters|Beta|FoNet|Getty|Getty Images|Shutterstock|"
    r"Depositphotos|B92|Profimedia|Pixabay|Unsplash|Wikipedia|Wikimedia|Wikimedia Commons|Facebook|"
    r"Instagram|Twitter|YouTube|MUP|RTS|Sputnik|Blic|Kurir|Printskrin|Pink|N1|Screenshot|Instagram|iStock"
)
_CREDIT_LINE = re.compile(
    r"^(?:(?:Foto|Photo|Fotografija|Printskrin|Printscreen|Print screen|Screenshot|Ilustracija|Illustration)"
    r"\b\s*:?\s*\S"
    r"|FOTO\s+\S"
    r"|\((?:[^()]{1,60})\)$"
    rf"|(?:{_CREDIT_SOURCES})(?:\s*/|\s*,|\s*$)"
    r"|[A-Z][A-Z-]{1,15}\s*/\s*\S)",
    re.IGNORECASE,
)


def looks_like_credit(line: str) -> bool:
    """True for a short line shaped like a photo credit (`EPA/ NAME`, `Foto: B92, arhiva`)."""
    if not line or len(line) > 100 or len(line.split()) > 10:
        return False
    if line.endswith(".") and not line.lower().endswith(("arhiva.", "file.", "ilustracija.")):
        return False
    return _CREDIT_LINE.match(line) is not None


_INLINE_CREDIT = re.compile(
    rf"^\((?:(?:{_CREDIT_SOURCES}|(?:Foto|Photo|Printskrin|Screenshot)\s*:)[^()]*|[^()]*/[^()]*"
    r"|[^()]*,\s*(?:file|arhiva|archive|ilustracija|illustration))\)$",
    re.IGNORECASE,
)


def is_inline_credit(paragraph: str) -> bool:
    """True for a photo credit standing in the body in brackets, as `(Tanjug/AP Photo/Jane Doe, file)`.

    Such lines credit a photo shown between paragraphs; they are no text of the
    article. An aside in brackets that is a sentence is left alone.
    """
    if len(paragraph) > 100 or len(paragraph.split()) > 10 or ". " in paragraph or paragraph.endswith(".)"):
        return False
    return _INLINE_CREDIT.match(paragraph) is not None


def undouble(text: str) -> str:
    """A credit printed twice in a row (`EPA/ A B EPA/ A B`) kept once."""
    text = " ".join(text.split())
    n = len(text)
    half = n // 2
    if n % 2 == 1 and text[half] == " " and text[:half] == text[half + 1:]:
        return text[:half]
    if n % 2 == 0 and n and text[:half] == text[half:]:
        return text[:half]
    # The second copy can differ in spacing around the slash only.
    squeezed = text.replace(" ", "")
    m = len(squeezed) // 2
    if len(squeezed) % 2 == 0 and squeezed and squeezed[:m] == squeezed[m:]:
        count = 0
        for index, ch in enumerate(text):
            if ch != " ":
                count += 1
                if count == m:
                    return text[: index + 1]
    return text


def join_credits(lines: list[str]) -> str:
    """The credit lines of a page as one credit, repeats dropped."""
    unique, seen = [], set()
    for line in lines:
        line = undouble(line)
        # The copy can differ in spacing around a slash: "EPA/ NAME" and "EPA/NAME".
        key = line.replace(" ", "").lower()
        if line and key not in seen:
            seen.add(key)
            unique.append(line)
    return " ".join(unique)
