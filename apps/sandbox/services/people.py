"""Users, instructors, groups and group analysts."""

from __future__ import annotations

import secrets
import string
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.sandbox import errors, selectors
from apps.sandbox import models as m
from apps.sandbox.events import payloads
from apps.sandbox.events.emit import event_emit
from apps.sandbox.services.common import TAKEN, assign
from apps.sandbox.validation import Fields, parse_int

USER_COLUMNS = (
    "first_name",
    "last_name",
    "email",
    "company",
    "bio",
    "headline",
    "avatar_url",
    "external_source",
    "affiliate_code",
    "affiliate_commission",
    "affiliate_commission_type",
    "affiliate_payout_email",
)
# A change to one of these fires user.updated (Thinkific: "email, name or role changed").
ANNOUNCED = ("first_name", "last_name", "email", "roles")


# -- users ----------------------------------------------------------------------------------


def user_create(*, school: m.School, data: dict) -> m.User:
    """A user, announced with user.signup."""
    values = _user_values(school, data, user=None)
    with transaction.atomic():
        user = m.User(school=school, has_password=bool(values.get("password")))
        assign(user, values, USER_COLUMNS)
        user.roles = " ".join(values.get("roles", []))
        if "affiliate" in user.role_list:
            user.affiliate_code = user.affiliate_code or secrets.token_hex(3)
            user.affiliate_payout_email = user.affiliate_payout_email or user.email
        user.save()
        _profile_fields_set(user, values.get("custom_profile_fields"))
        if values.get("external_id"):
            m.UserAuthentication.objects.create(
                school=school,
                user=user,
                provider=values.get("provider") or "SSO",
                external_id=values["external_id"],
            )
        event_emit(school=school, topic="user.signup", payload=payloads.user(user))
    return selectors.users(school).get(pk=user.pk)


def user_update(*, instance: m.User, data: dict) -> None:
    """Change the given fields; a new name, email or role is announced (user.updated)."""
    values = _user_values(instance.school, data, user=instance)
    with transaction.atomic():
        changed = assign(instance, values, USER_COLUMNS)
        if "roles" in values and values["roles"] != instance.role_list:
            instance.roles = " ".join(values["roles"])
            changed.append("roles")
        if values.get("password"):
            instance.has_password = True
        instance.updated_at = timezone.now()
        instance.save()
        _profile_fields_set(instance, values.get("custom_profile_fields"))
        if any(name in ANNOUNCED for name in changed):
            event_emit(
                school=instance.school, topic="user.updated", payload=payloads.user(instance)
            )


def user_delete(*, instance: m.User) -> None:
    """Delete the user with their enrollments, orders and memberships."""
    instance.delete()


def _user_values(school: m.School, data: dict, *, user: m.User | None) -> dict:
    fields = Fields(data, partial=user is not None)
    fields.text("first_name", required=True)
    fields.text("last_name", required=True)
    fields.email("email", required=True)
    fields.text("password", min_length=6, max_length=128)
    fields.choices("roles", m.ROLES)
    for name in ("company", "headline", "external_source", "affiliate_code"):
        fields.text(name)
    fields.text("bio", max_length=10_000)
    fields.url("avatar_url")
    fields.email("affiliate_payout_email")
    fields.choice("affiliate_commission_type", ("%", "$"))
    fields.number("affiliate_commission")
    fields.boolean("skip_custom_fields_validation")
    if user is None:
        fields.text("external_id")
        fields.choice("provider", m.PROVIDERS)
    values = fields.cleaned
    email = values.get("email")
    if (
        email
        and m.User.objects.filter(school=school, email=email)
        .exclude(pk=getattr(user, "pk", None))
        .exists()
    ):
        fields.add("email", TAKEN)
    if (
        values.get("external_id")
        and m.UserAuthentication.objects.filter(
            school=school,
            provider=values.get("provider") or "SSO",
            external_id=values["external_id"],
        ).exists()
    ):
        fields.add("external_id", TAKEN)
    _check_affiliate(fields, user)
    _check_profile_fields(fields, school, user)
    fields.raise_if_invalid()
    return values


def _check_affiliate(fields: Fields, user: m.User | None) -> None:
    """Affiliates need a commission: 0 < x <= 100 as a percentage, 0 < x < 9999.99 in dollars."""
    values = fields.cleaned
    roles = values.get("roles", user.role_list if user else [])
    commission = values.get("affiliate_commission", user and user.affiliate_commission)
    kind = values.get("affiliate_commission_type") or (user and user.affiliate_commission_type)
    if "affiliate" in roles and commission is None and "affiliate_commission" not in fields.errors:
        fields.add("affiliate_commission", "can't be blank")
    if "affiliate_commission" not in values or commission is None:
        return
    if commission <= 0:
        fields.add("affiliate_commission", "must be greater than 0")
    elif kind == "$" and commission >= Decimal("9999.99"):
        fields.add("affiliate_commission", "must be less than 9999.99")
    elif kind != "$" and commission > 100:
        fields.add("affiliate_commission", "must be less than or equal to 100")


def _check_profile_fields(fields: Fields, school: m.School, user: m.User | None) -> None:
    items = fields.data.get("custom_profile_fields")
    if items is None:
        items = []
    definitions = {row.pk: row for row in selectors.profile_field_definitions(school)}
    given = {}
    for item in items if isinstance(items, list) else [None]:
        number = (
            parse_int(item.get("custom_profile_field_definition_id"))
            if isinstance(item, dict)
            else None
        )
        if number not in definitions:
            fields.add("custom_profile_fields", "is invalid")
            return
        given[number] = str(item.get("value") or "")
    skip = fields.cleaned.get("skip_custom_fields_validation", False)
    if user is None and not skip:
        for definition in definitions.values():
            if definition.required and not given.get(definition.pk):
                fields.add("custom_profile_fields", f"{definition.label} can't be blank")
    if "custom_profile_fields" in fields.data:
        fields.cleaned["custom_profile_fields"] = given


def _profile_fields_set(user: m.User, given: dict[int, str] | None) -> None:
    for definition_id, value in (given or {}).items():
        m.CustomProfileField.objects.update_or_create(
            user=user,
            definition_id=definition_id,
            defaults={"value": value, "school": user.school},
        )


# -- instructors ----------------------------------------------------------------------------

INSTRUCTOR_COLUMNS = (
    "first_name",
    "last_name",
    "slug",
    "title",
    "bio",
    "email",
    "avatar_url",
    "user_id",
)


def instructor_create(*, school: m.School, data: dict) -> m.Instructor:
    """An instructor: first and last name and slug are required."""
    instructor = m.Instructor(school=school)
    assign(instructor, _instructor_values(school, data, partial=False), INSTRUCTOR_COLUMNS)
    instructor.save()
    return instructor


def instructor_update(*, instance: m.Instructor, data: dict) -> None:
    """Change the given fields; none of the required ones may be blanked."""
    assign(instance, _instructor_values(instance.school, data, partial=True), INSTRUCTOR_COLUMNS)
    instance.save()


def instructor_delete(*, instance: m.Instructor) -> None:
    """Delete the instructor (their courses stay, without instructor)."""
    instance.delete()


def _instructor_values(school: m.School, data: dict, *, partial: bool) -> dict:
    fields = Fields(data, partial=partial)
    for name in ("first_name", "last_name", "slug"):
        fields.text(name, required=True)
    fields.text("title")
    fields.text("bio", max_length=10_000)
    fields.email("email")
    fields.url("avatar_url")
    fields.id("user_id")
    user_id = fields.cleaned.get("user_id")
    if user_id is not None and not m.User.objects.filter(school=school, pk=user_id).exists():
        fields.add("user_id", "is invalid")
    fields.raise_if_invalid()
    return fields.cleaned


# -- groups ---------------------------------------------------------------------------------


def group_create(*, school: m.School, data: dict) -> m.Group:
    """A group with a random 8-character token."""
    fields = Fields(data)
    fields.text("name", required=True)
    fields.raise_if_invalid()
    alphabet = string.ascii_lowercase + string.digits
    token = "".join(secrets.choice(alphabet) for _ in range(8))
    return m.Group.objects.create(school=school, name=fields.cleaned["name"], token=token)


def group_delete(*, instance: m.Group) -> None:
    """Delete the group (its users stay)."""
    instance.delete()


def group_analysts_add(*, group: m.Group, data: dict) -> None:
    """Thinkific answers these 422s with one string per field, listing the bad ids."""
    user_ids = _id_list(data.get("user_ids"))
    if not user_ids:
        raise errors.ValidationError({"user_ids": "can't be blank"})
    users = _users_by_id(group.school, user_ids)
    problems = {}
    if missing := [uid for uid in user_ids if uid not in users]:
        problems["user_id"] = "Invalid user IDs: " + ", ".join(map(str, missing))
    if lacking := [uid for uid, user in users.items() if "group_analyst" not in user.role_list]:
        problems["group_analysts"] = "User IDs missing group_analysts role: " + ", ".join(
            map(str, lacking)
        )
    if problems:
        raise errors.ValidationError(problems)
    group.analysts.add(*users.values())


def group_analyst_remove(*, school: m.School, group_id: str, user_id: str) -> None:
    """Take a user off a group's analysts; 404 names what is missing."""
    group = m.Group.objects.filter(school=school, pk=parse_int(group_id)).first()
    user = m.User.objects.filter(school=school, pk=parse_int(user_id)).first()
    if group is None or user is None:
        missing = {}
        if user is None:
            missing["user_id"] = [f"Could not find user with ID {user_id}."]
        if group is None:
            missing["group_id"] = [f"Could not find group with ID {group_id}."]
        raise errors.NotFoundError({"error": missing})
    group.analysts.remove(user)


def analyst_groups_add(*, user: m.User, data: dict) -> None:
    """Make a group analyst analyst of the groups of `group_ids`."""
    group_ids = _id_list(data.get("group_ids"))
    if not group_ids:
        raise errors.ValidationError({"group_ids": "can't be blank"})
    groups = {row.pk: row for row in m.Group.objects.filter(school=user.school, pk__in=group_ids)}
    problems = {}
    if "group_analyst" not in user.role_list:
        problems["group_analysts"] = f"User IDs missing group_analysts role: {user.pk}"
    if missing := [gid for gid in group_ids if gid not in groups]:
        problems["group_id"] = "Invalid group IDs: " + ", ".join(map(str, missing))
    if problems:
        raise errors.ValidationError(problems)
    user.analyzed_groups.add(*groups.values())


def analyst_group_remove(*, user: m.User, group_id: str) -> None:
    """Take a group from an analyst's groups."""
    group = m.Group.objects.filter(school=user.school, pk=parse_int(group_id)).first()
    if group is None:
        raise errors.ValidationError({"group_id": [f"Could not find group with ID {group_id}."]})
    user.analyzed_groups.remove(group)


def group_users_add(*, school: m.School, data: dict) -> None:
    """Add an existing user to existing groups, named by name."""
    user = m.User.objects.filter(school=school, pk=parse_int(data.get("user_id"))).first()
    names = data.get("group_names")
    if user is None:
        raise errors.ValidationError(["Invalid user_id"])
    if not isinstance(names, list) or not names:
        raise errors.ValidationError(["Invalid group_names"])
    groups = list(m.Group.objects.filter(school=school, name__in=[str(n) for n in names]))
    if len({group.name for group in groups}) < len(set(map(str, names))):
        raise errors.ValidationError(["Invalid group_names"])
    for group in groups:
        m.GroupMembership.objects.get_or_create(group=group, user=user)


def _id_list(value) -> list[int]:
    if not isinstance(value, list):
        return []
    parsed = [parse_int(item) for item in value]
    return [number for number in dict.fromkeys(parsed) if number is not None]


def _users_by_id(school: m.School, ids: list[int]) -> dict[int, m.User]:
    return {row.pk: row for row in m.User.objects.filter(school=school, pk__in=ids)}
