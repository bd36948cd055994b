"""Path converters shared by every app's urls.py (registered once, in CoreConfig.ready)."""

MAX_ID = 2**63 - 1  # Thinkific's ids, like the database's, are signed 64-bit integers


class ThinkificIdConverter:
    """`<thinkific_id:user_id>`: a record's id. One past 64 bits answers 404 here, rather
    than reaching Thinkific (which answers it with a 500)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("past 64 bits")  # Django's URL resolver: no match, a 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)
