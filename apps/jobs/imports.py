"""Import users from a CSV laid out as Thinkific's own user import: one user per row."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator

from apps.core.cached import per_school
from apps.jobs.csvfile import BadFile, rows_of
from apps.jobs.enroll import user_find
from apps.jobs.kinds import Kind, Outcome, Planned, register
from apps.thinkific import errors
from apps.thinkific.resources.base import encode
from apps.users.forms import AFFILIATE_FIELDS, CUSTOM_FIELD_PREFIX, ROLE_CHOICES, UserCreateForm

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
    "affiliate_commission": "Affiliate commission",
    "affiliate_commission_type": "Affiliate commission type",
    "affiliate_payout_email": "Affiliate payout email",
    "affiliate_code": "Affiliate code",
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
        definitions = custom_fields(connection=job.connection, client=client)
        # Thinkific asks for the required profile fields when it creates a user only.
        optional = [dataclasses.replace(d, required=False) for d in definitions]
        claimed: set[str] = set()  # the external ids of the users to create so far
        for row in job.params["rows"]:
            email = row.get("email", "")
            form = row_form(row, optional)
            problem = row_problem(row, form, definitions)
            user = None if problem else user_find(client, email)
            if user is None and not problem:
                form = row_form(row, definitions)
                problem = row_problem(row, form, definitions) or external_id_problem(
                    client, form, claimed
                )
            if problem:
                yield Planned({"email": email}, f"Invalid: {problem}", runnable=False)
            elif user is None:
                yield Planned({"body": user_body(form)}, f"Will create {email}.")
            elif update:
                body = user_body(form)
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


_ROLES = {_key(name): role for role, label in ROLE_CHOICES for name in (role, label)}


def roles_of(cell: str) -> list[str]:
    """A Roles cell's roles, separated by "," or ";", by Thinkific's name or the form's
    label ("course_admin", "Course admin"); an unknown one kept, for the form to refuse."""
    return [_ROLES.get(_key(name), name.strip()) for name in re.split("[,;]", cell) if name.strip()]


def row_form(row: dict[str, str], definitions) -> UserCreateForm:
    """The user create form filled with a row: the one set of Thinkific's rules, checked."""
    data: dict = {}
    for field, value in row.items():
        if field.startswith(CUSTOM):
            data[f"{CUSTOM_FIELD_PREFIX}{field.removeprefix(CUSTOM)}"] = value
        else:
            data[field] = roles_of(value) if field == "roles" else value
    if "affiliate" in data.get("roles", ()) and not data.get("affiliate_payout_email"):
        # Thinkific wants one for an affiliate: their own email unless the file gives another.
        data["affiliate_payout_email"] = data.get("email", "")
    return UserCreateForm(data, definitions=definitions)


def row_problem(row: dict[str, str], form: UserCreateForm, definitions) -> str:
    """Why Thinkific would refuse the row's user, in the form's words ("" when it would not)."""
    known = {str(d.id) for d in definitions}
    gone = [f for f in row if f.startswith(CUSTOM) and f.removeprefix(CUSTOM) not in known]
    if gone:
        return "A column is mapped to a custom profile field the school no longer has."
    if form.is_valid():
        return ""
    problems = []
    for name, refusals in form.errors.as_data().items():
        label = form.fields[name].label if name in form.fields else ""
        for error in refusals:
            message = " ".join(error.messages)
            if error.code == "required":
                problems.append(f"{label} is missing.")
            else:
                problems.append(f"{label}: {message}" if label else message)
    return " ".join(problems)


def external_id_problem(client, form: UserCreateForm, claimed: set[str]) -> str:
    """Why Thinkific would refuse a new user's external id: another user has it already."""
    external_id = form.cleaned_data.get("external_id")
    if not external_id:
        return ""
    if external_id in claimed:
        return "External ID: an earlier row of the file has it too."
    claimed.add(external_id)
    try:
        client.users.get(external_id, provider="SSO")
    except errors.NotFoundError:
        return ""
    return "External ID: another user of the school has it already."


def user_body(form: UserCreateForm) -> dict:
    """The checked row's user as Thinkific takes it: its blank cells left out (an update
    leaves those fields alone), an affiliate's fields only for an affiliate, custom fields
    by definition id."""
    data = form.cleaned_data
    body = {
        name: data[name]
        for name in FIELDS
        if form.data.get(name) and data.get(name) not in (None, "", [])
    }
    if "affiliate" not in body.get("roles", ()):
        body = {name: value for name, value in body.items() if name not in AFFILIATE_FIELDS}
    answers = form.custom_profile_fields(n for n in form.custom_field_names if data.get(n))
    if answers:
        body["custom_profile_fields"] = [
            {"custom_profile_field_definition_id": number, "value": value}
            for number, value in answers.items()
        ]
    return encode(body)
