"""Path converters shared by every app's urls.py (registered once, in CoreConfig.ready)."""

import re

MAX_ID = 2**63 - 1  # Thinkific's ids, like the database's, are signed 64-bit integers


class ThinkificIdConverter:
    """`<thinkific_id:user_id>`: a record's id. One past 64 bits answers 404 here, rather
    than reaching Thinkific (which answers it with a 500), and no link is built to it."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("past 64 bits")  # Django's URL resolver: no match, a 404
        return number

    def to_url(self, value: int) -> str:
        # reverse() checks only the regex: 2**63 has 19 digits too. A ValueError is no match.
        text = str(value)
        if isinstance(value, bool) or not re.fullmatch(self.regex, text):
            raise ValueError("not an id a URL takes")
        self.to_python(text)
        return text
