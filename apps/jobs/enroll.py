"""Bulk enroll: every (user, course) pair of a list of emails, one enrollment per row."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from apps.core import display
from apps.core.cached import per_school
from apps.jobs.csvfile import rows_of
from apps.jobs.kinds import Kind, Outcome, Planned, register
from apps.thinkific.resources.base import encode

MAX_EMAILS = 1000
EMAIL_HEADERS = ("email", "e-mail", "email address")
_SEPARATORS = re.compile(r"[\s,;]+")


@register
class EnrollBulk(Kind):
    name = "enroll_bulk"
    label = "Bulk enroll"
    permission = "core.add_enrollments"
    plan_inline = False  # looks each email and enrollment up
    csv_header = ("email", "course_id", "status", "message", "user_id", "enrollment_id")

    @staticmethod
    def params(*, emails, courses, activated_at, expiry_date, create_unknown):
        return {
            "emails": emails,
            "courses": [{"id": course_id, "name": name} for course_id, name in courses],
            "activated_at": encode(activated_at),  # as the client would send it
            "expiry_date": encode(expiry_date),
            "create_unknown": create_unknown,
        }

    def plan(self, job, client) -> Iterator[Planned]:
        courses, create = job.params["courses"], job.params["create_unknown"]
        for email in job.params["emails"]:
            problem = email_problem(email)
            if problem:
                yield Planned({"email": email}, f"Bad row: {problem}", runnable=False)
                continue
            user = user_find(client, email)
            for course in courses:
                row = {"email": email, "course_id": course["id"]}
                name = course["name"]
                if user is None:
                    yield Planned(
                        row,
                        f"Unknown email: will create the user, then enroll in {name}."
                        if create
                        else f"Unknown email: not enrolled in {name} (no such user).",
                        runnable=create,
                    )
                    continue
                found = enrollment_find(client, user.id, course["id"])
                if found is None:
                    yield Planned({**row, "user_id": user.id}, f"Will enroll in {name}.")
                else:
                    until = display.date(found.expiry_date) if found.expiry_date else "never"
                    yield Planned(
                        row, f"Already enrolled in {name} (expires: {until}).", runnable=False
                    )

    def run_row(self, job, row, client) -> Outcome:
        params = job.params
        user_id = row.input.get("user_id")
        if user_id is None:
            user = user_find(client, row.input["email"]) or user_create(client, row.input["email"])
            user_id = user.id
        enrollment = client.enrollments.create(
            course_id=row.input["course_id"],
            user_id=user_id,
            activated_at=params["activated_at"],
            expiry_date=params["expiry_date"],
        )
        return Outcome(
            f"Enrolled as #{enrollment.id}.", {"user_id": user_id, "enrollment_id": enrollment.id}
        )

    def recover(self, job, row, client) -> Outcome | None:
        """The row's enrollment, if its user is now enrolled in its course."""
        user = user_find(client, row.input["email"])
        found = user and enrollment_find(client, user.id, row.input["course_id"])
        if not found:
            return None
        return Outcome(
            f"Enrolled as #{found.id} (found after an interruption).",
            {"user_id": user.id, "enrollment_id": found.id},
        )

    def csv_rows(self, job, row) -> Iterator[list]:
        result = row.result or {}
        yield [
            row.input.get("email"),
            row.input.get("course_id", ""),
            row.status,
            row.message or row.verdict,
            result.get("user_id", ""),
            result.get("enrollment_id", ""),
        ]


def emails_parse(text: str) -> list[str]:
    """The emails of pasted text or a CSV's lines, in order, once each; a header cell named
    "email" is dropped. Anything else stays, for the dry run to call a bad row."""
    seen: dict[str, None] = {}
    for token in _SEPARATORS.split(text):
        token = token.strip().strip("\"'")
        if token and token.lower() not in EMAIL_HEADERS:
            seen.setdefault(token.lower() if "@" in token else token, None)
    return list(seen)


def emails_column(text: str) -> str:
    """A CSV's emails, one a line: its "email" column, else its first (`csvfile.BadFile`
    for a file past its limits)."""
    rows = rows_of(text)
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    column = next((i for i, cell in enumerate(header) if cell in EMAIL_HEADERS), 0)
    return "\n".join(row[column] for row in rows if len(row) > column)


def email_problem(email: str) -> str:
    try:
        validate_email(email)
    except ValidationError:
        return f"“{email[:80]}” is not an email address."
    return ""


def user_find(client, email: str):
    page = client.users.list(email=email, limit=1)
    return next((user for user in page if user.email.lower() == email.lower()), None)


def user_create(client, email: str):
    """A user for an unknown email, named from its local part (ann.lee@ → Ann Lee)."""
    parts = [part.capitalize() for part in re.split(r"[._+-]+", email.split("@")[0]) if part]
    first, last = (parts[0], " ".join(parts[1:])) if len(parts) > 1 else (parts[0], parts[0])
    return client.users.create(first_name=first, last_name=last, email=email)


def enrollment_find(client, user_id: int, course_id: int):
    page = client.enrollments.list(user_id=user_id, course_id=course_id, limit=1)
    return next(iter(page), None)


def course_choices(*, connection, client) -> list[tuple[int, str]]:
    """The school's courses for checkboxes, cached a few minutes."""
    return per_school(
        "jobs:courses",
        connection.pk,
        lambda: [(course.id, course.name) for course in client.courses.all()],
    )
