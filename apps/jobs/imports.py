"""Import users from a CSV laid out as Thinkific's own user import: one user per row."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from apps.core.cached import per_school
from apps.jobs.csvfile import BadFile, rows_of
from apps.jobs.enroll import email_problem, user_find
from apps.jobs.kinds import Kind, Outcome, Planned, register
from apps.thinkific.resources.base import encode

MAX_ROWS = 10_000
PREVIEW_ROWS = 5
CUSTOM = "custom:"  # a mapped column's field: "custom:<definition id>"
# Thinkific's import columns, in its order; a header cell is matched ignoring case, spaces,
# "_" and "-".
FIELDS = {
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "password": "Password",
    "roles": "Roles",
    "company": "Company",
    "headline": "Headline",
    "bio": "Bio",
    "external_id": "External id",
}


class BadMapping(ValueError):
    """The columns' mapping cannot make users; `columns` are the indexes at fault."""

    def __init__(self, message: str, columns: list[int] | None = None):
        super().__init__(message)
        self.columns = columns or []


def _key(cell: str) -> str:
    return "".join(cell.lower().split()).replace("_", "").replace("-", "")


def file_read(text: str) -> tuple[list[str], list[list[str]]]:
    """The header's cells and the rows of a CSV (see `csvfile.rows_of`), blank rows left
    out; `BadFile` for a file that cannot make users, saying why."""
    header, *rows = rows_of(text) or [[]]
    header = [cell.strip() for cell in header]
    if not any(header):
        raise BadFile("The file is empty.")
    if "@" in "".join(header):
        raise BadFile("The first line must be a header naming the columns, not a user.")
    if not rows:
        raise BadFile("The file has a header but no rows.")
    if len(rows) > MAX_ROWS:
        raise BadFile(f"The file has {len(rows):,} rows; up to {MAX_ROWS:,} at a time.")
    for number, row in enumerate(rows, start=2):  # the header is row 1, as in a spreadsheet
        if any(cell.strip() for cell in row[len(header) :]):
            raise BadFile(
                f"Row {number:,} has {len(row)} cells, but the header names {len(header)} "
                "columns: name every column in the header, or remove the extra cells."
            )
    return header, rows


def column_guess(cell: str, custom_fields) -> str:
    """The field a header cell names: one of Thinkific's, a custom profile field (of
    `custom_fields`, Thinkific's definitions) by its label, or "" (ignored)."""
    key = _key(cell)
    for field, label in FIELDS.items():
        if key in (_key(field), _key(label)):
            return field
    for definition in custom_fields:
        if definition.label and key == _key(definition.label):
            return f"{CUSTOM}{definition.id}"
    return ""


def rows_mapped(
    header: list[str], rows: list[list[str]], mapping: list[str]
) -> list[dict[str, str]]:
    """Each row as its mapped fields (`mapping[i]` is column i's field, "" to ignore it).
    `BadMapping` without an Email column, with a field chosen twice, or when an email
    appears twice in the file."""
    if "email" not in mapping:
        raise BadMapping("Choose the column that holds the emails: every user needs one.")
    chosen = [field for field in mapping if field]
    twice = sorted({field for field in chosen if chosen.count(field) > 1})
    if twice:
        columns = [i for i, field in enumerate(mapping) if field in twice]
        names = " and ".join(f"“{header[i]}”" for i in columns)
        raise BadMapping(
            f"Columns {names} are mapped to the same field: one column a field.", columns
        )
    users = [
        {field: cell.strip() for field, cell in zip(mapping, row, strict=False) if field}
        for row in rows
    ]
    emails = Counter(user.get("email", "").lower() for user in users)
    seen = sorted(email for email, count in emails.items() if email and count > 1)
    if seen:
        raise BadMapping(f"Emails appear more than once in the file: {', '.join(seen[:5])}.")
    return users


def custom_fields(*, connection, client) -> list:
    """The school's custom profile field definitions, to map columns to (cached a few
    minutes, as the courses)."""
    return per_school(
        "jobs:custom_fields", connection.pk, lambda: list(client.custom_profile_fields.all())
    )


@register
class UserImport(Kind):
    name = "user_import"
    label = "Import users"
    permission = "core.add_users"
    plan_inline = False  # looks each email up
    csv_header = ("email", "status", "message", "user_id")

    @staticmethod
    def params(*, rows, on_existing, courses, send_welcome_email, activated_at=None):
        return {
            "rows": rows,
            "on_existing": on_existing,  # "skip" or "update"
            "courses": [{"id": course_id, "name": name} for course_id, name in courses],
            "send_welcome_email": send_welcome_email,
            "activated_at": encode(activated_at),
        }

    def plan(self, job, client) -> Iterator[Planned]:
        update = job.params["on_existing"] == "update"
        for row in job.params["rows"]:
            problem = row_problem(row)
            email = row.get("email", "")
            if problem:
                yield Planned({"email": email}, f"Invalid: {problem}", runnable=False)
                continue
            body = user_body(row)
            user = user_find(client, email)
            if user is None:
                yield Planned({"body": body}, f"Will create {email}.")
            elif update:
                yield Planned({"body": body, "user_id": user.id}, f"Exists: will update {email}.")
            else:
                yield Planned({"email": email}, f"Already exists: skipped ({email}).", False)

    def run_row(self, job, row, client) -> Outcome:
        body, user_id = row.input["body"], row.input.get("user_id")
        if user_id is not None:
            client.users.update(user_id, **{k: v for k, v in body.items() if k != "password"})
            return Outcome("Updated.", {"user_id": user_id})
        user = client.users.create(**body, send_welcome_email=job.params["send_welcome_email"])
        for course in job.params["courses"]:
            client.enrollments.create(
                course_id=course["id"], user_id=user.id, activated_at=job.params["activated_at"]
            )
        enrolled = len(job.params["courses"])
        more = f", enrolled in {enrolled} course{'s' if enrolled != 1 else ''}" if enrolled else ""
        return Outcome(f"Created as #{user.id}{more}.", {"user_id": user.id})

    def recover(self, job, row, client) -> Outcome | None:
        """The row's user, if one with its email now exists (its enrollments are not
        retried: the row says so)."""
        if row.input.get("user_id") is not None:
            return None
        user = user_find(client, row.input["body"]["email"])
        if user is None:
            return None
        return Outcome(
            f"Created as #{user.id} (found after an interruption; check its enrollments).",
            {"user_id": user.id},
        )

    def csv_rows(self, job, row) -> Iterator[list]:
        email = row.input.get("email") or row.input.get("body", {}).get("email", "")
        yield [email, row.status, row.message or row.verdict, (row.result or {}).get("user_id", "")]


def row_problem(row: dict[str, str]) -> str:
    for field in ("first_name", "last_name"):
        if not row.get(field):
            return f"{FIELDS[field]} is missing."
    problem = email_problem(row.get("email", ""))
    if problem:
        return f"Email: {problem}"
    if row.get("password") and len(row["password"]) < 6:
        return "Password: at least 6 characters."
    return ""


def user_body(row: dict[str, str]) -> dict:
    """The user as Thinkific takes it: roles as a list, custom fields by definition id."""
    body = {f: v for f, v in row.items() if v and not f.startswith(CUSTOM)}
    if "roles" in body:
        body["roles"] = [
            role.strip() for role in body["roles"].replace(";", ",").split(",") if role.strip()
        ]
    custom = [
        {"custom_profile_field_definition_id": int(f.removeprefix(CUSTOM)), "value": v}
        for f, v in row.items()
        if f.startswith(CUSTOM) and v
    ]
    if custom:
        body["custom_profile_fields"] = custom
    return body
