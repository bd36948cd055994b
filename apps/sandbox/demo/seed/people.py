"""Generated people: users (with roles, sign-in ids, profile fields), instructors, groups."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils.text import slugify

from apps.sandbox import models as m
from apps.sandbox.demo import words
from apps.sandbox.demo.seed.base import HISTORY_START, Demo, save


def add_people(demo: Demo) -> None:
    rng, school = demo.rng, demo.school
    joined = sorted(demo.moment() for _ in range(demo.sizes.users))
    users = []
    for number, created_at in enumerate(joined, start=1):
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        domain = demo.weighted(words.EMAIL_DOMAINS)
        user_roles = _roles(demo, number)
        users.append(
            m.User(
                school=school,
                first_name=first,
                last_name=last,
                email=f"{first}.{last}{number}@{domain}".lower(),
                has_password=demo.chance(0.8),
                roles=" ".join(user_roles),
                company=rng.choice(words.COMPANIES) if demo.chance(0.3) else None,
                headline=rng.choice(words.HEADLINES) if demo.chance(0.2) else None,
                external_source="sso" if demo.chance(0.05) else None,
                created_at=created_at,
                updated_at=created_at,
                **_affiliate(demo, user_roles),
            )
        )
    demo.users = save(m.User, users)
    save(
        m.UserAuthentication,
        (
            m.UserAuthentication(
                school=school, user=user, provider="SSO", external_id=f"sso-{user.pk}"
            )
            for user in demo.users
            if user.external_source == "sso"
        ),
    )
    _profile_fields(demo)
    demo.instructors = save(
        m.Instructor, (_instructor(demo) for _ in range(demo.sizes.instructors))
    )


def _roles(demo: Demo, number: int) -> list[str]:
    if number == 1:
        return ["site_admin"]  # the school's owner
    draw = demo.rng.random()
    if draw < 0.02:
        return ["affiliate"]
    if draw < 0.03:
        return ["course_admin"]
    if draw < 0.035:
        return ["group_analyst"]
    return []


def _affiliate(demo: Demo, roles: list[str]) -> dict:
    if "affiliate" not in roles:
        return {}
    percent = demo.chance(0.8)
    return {
        "affiliate_code": f"{demo.rng.getrandbits(24):06x}",
        "affiliate_commission": Decimal(
            demo.rng.choice((10, 15, 20, 25, 30) if percent else (5, 10, 25))
        ),
        "affiliate_commission_type": "%" if percent else "$",
    }


def _profile_fields(demo: Demo) -> None:
    definitions = save(
        m.CustomProfileFieldDefinition,
        (
            m.CustomProfileFieldDefinition(school=demo.school, label=label, field_type=kind)
            for label, kind, _ in words.PROFILE_FIELDS
        ),
    )
    values = {
        "Country": words.COUNTRIES,
        "Job Title": words.HEADLINES,
        "How did you hear about us?": words.REFERRALS,
    }
    rows = []
    for user in demo.users:
        for definition, (label, _, share) in zip(definitions, words.PROFILE_FIELDS, strict=True):
            if demo.chance(share):
                value = (
                    demo.rng.choice(values[label])
                    if label in values
                    else f"+1-{demo.rng.randint(200, 999)}-555-{demo.rng.randint(0, 9999):04d}"
                )
                rows.append(
                    m.CustomProfileField(
                        school=demo.school, user=user, definition=definition, value=value
                    )
                )
    save(m.CustomProfileField, rows)


def _instructor(demo: Demo) -> m.Instructor:
    first, last = demo.rng.choice(words.FIRST_NAMES), demo.rng.choice(words.LAST_NAMES)
    subject = demo.rng.choice([s for subjects in words.CATALOG.values() for s in subjects])
    return m.Instructor(
        school=demo.school,
        title=demo.rng.choice(words.TITLES) or None,
        first_name=first,
        last_name=last,
        slug=slugify(f"{first} {last} {demo.rng.randint(1, 999)}"),
        email=f"{first}.{last}@instructors.{demo.school.subdomain}.com".lower(),
        bio=f"{first} has taught {subject} for {demo.rng.randint(3, 25)} years.",
        created_at=demo.moment(HISTORY_START, HISTORY_START + timedelta(days=400)),
    )


def add_groups(demo: Demo) -> None:
    rng = demo.rng
    groups = save(
        m.Group,
        (
            m.Group(
                school=demo.school,
                name=f"{rng.choice(words.COMPANIES)} {rng.choice(words.GROUP_NAMES)} {number + 1}",
                token=f"{rng.getrandbits(40):010x}"[:8],
                created_at=demo.moment(),
            )
            for number in range(demo.sizes.groups)
        ),
    )
    save(
        m.GroupMembership,
        (
            m.GroupMembership(group=rng.choice(groups), user=user)
            for user in demo.users
            if demo.chance(0.15)
        ),
    )
    save(
        m.Group.analysts.through,
        (
            m.Group.analysts.through(group_id=group.pk, user_id=user.pk)
            for user in demo.users
            if "group_analyst" in user.role_list
            for group in rng.sample(groups, k=min(len(groups), 2))
        ),
    )
