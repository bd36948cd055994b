"""Import users from a CSV laid out as Thinkific's own user import: one user per row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from apps.jobs.enroll import _moment, email_problem, user_find
from apps.jobs.kinds import Kind, Outcome, Planned, register

MAX_ROWS = 10_000
# Thinkific's import columns, matched to a header cell ignoring case, spaces and "_".
COLUMNS = {
    "firstname": "first_name",
    "lastname": "last_name",
    "email": "email",
    "password": "password",
    "roles": "roles",
    "company": "company",
    "headline": "headline",
    "bio": "bio",
    "externalid": "external_id",
}


class BadFile(ValueError):
    """The file as a whole is refused; nothing is planned."""


def _key(cell: str) -> str:
    return "".join(cell.lower().split()).replace("_", "").replace("-", "")


def rows_read(text: str) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The header's mapping (cell -> field, `custom:<label>` for the rest) and the rows."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise BadFile("The file is empty.")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader)
    mapping = {cell: COLUMNS.get(_key(cell), f"custom:{cell.strip()}") for cell in header}
    if "email" not in mapping.values():
        raise BadFile("The first line must be a header naming the columns, with an Email column.")
    rows = [dict(zip(header, row, strict=False)) for row in reader if any(c.strip() for c in row)]
    if len(rows) > MAX_ROWS:
        raise BadFile(f"The file has {len(rows):,} rows; up to {MAX_ROWS:,} at a time.")
    fields = [{mapping[cell]: value.strip() for cell, value in row.items()} for row in rows]
    emails = [row.get("email", "").lower() for row in fields]
    twice = sorted({email for email in emails if email and emails.count(email) > 1})
    if twice:
        raise BadFile(f"Emails appear more than once in the file: {', '.join(twice[:5])}.")
    return mapping, fields


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
            "activated_at": _moment(activated_at),
        }

    def plan(self, job, client) -> Iterator[Planned]:
        labels = {_key(f.label): f.id for f in client.custom_profile_fields.all()}
        update = job.params["on_existing"] == "update"
        for row in job.params["rows"]:
            problem = row_problem(row, labels)
            email = row.get("email", "")
            if problem:
                yield Planned({"email": email}, f"Invalid: {problem}", runnable=False)
                continue
            body = user_body(row, labels)
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


def row_problem(row: dict[str, str], labels: dict[str, int]) -> str:
    for field, name in (("first_name", "First name"), ("last_name", "Last name")):
        if not row.get(field):
            return f"{name} is missing."
    problem = email_problem(row.get("email", ""))
    if problem:
        return f"Email: {problem}"
    if row.get("password") and len(row["password"]) < 6:
        return "Password: at least 6 characters."
    unknown = [
        f[7:] for f, v in row.items() if f.startswith("custom:") and v and _key(f[7:]) not in labels
    ]
    if unknown:
        return f"No custom profile field is labelled “{unknown[0]}”."
    return ""


def user_body(row: dict[str, str], labels: dict[str, int]) -> dict:
    body = {f: v for f, v in row.items() if v and not f.startswith("custom:")}
    if "roles" in body:
        body["roles"] = [
            role.strip() for role in body["roles"].replace(";", ",").split(",") if role.strip()
        ]
    custom = [
        {"custom_profile_field_definition_id": labels[_key(f[7:])], "value": v}
        for f, v in row.items()
        if f.startswith("custom:") and v
    ]
    if custom:
        body["custom_profile_fields"] = custom
    return body
