"""Users (students, admins, affiliates), their profile fields and sign-ins, instructors, groups."""

from django.db import models
from django.utils import timezone

from apps.sandbox.models.base import optional_char, optional_text, school_field, school_index

ROLES = ("affiliate", "course_admin", "group_analyst", "site_admin")
PROVIDERS = ("SSO", "OPENID_CONNECT")


class User(models.Model):
    school = school_field()
    first_name = models.CharField(max_length=255)
    last_name = models.CharField(max_length=255)
    email = models.CharField(max_length=255)  # stored lower-cased; unique per school
    has_password = models.BooleanField(default=False)  # the sandbox keeps no password
    # Space-separated role names from ROLES; no role name contains another, so `contains` filters.
    roles = models.CharField(max_length=80, blank=True)
    company = optional_char()
    bio = optional_text()
    headline = optional_char()
    avatar_url = optional_char(500)
    affiliate_code = optional_char(64)
    affiliate_commission = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    affiliate_commission_type = models.CharField(max_length=1, default="%")
    affiliate_payout_email = optional_char()
    external_source = optional_char()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [school_index("user"), school_index("user", "external_source")]
        constraints = [
            models.UniqueConstraint(fields=["school", "email"], name="sbx_user_unique_email")
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def role_list(self) -> list[str]:
        return self.roles.split()


class UserAuthentication(models.Model):
    """The user's id in an external identity provider (SSO or OpenID Connect)."""

    school = school_field()
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="authentications")
    provider = models.CharField(max_length=20)
    external_id = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "provider", "external_id"], name="sbx_auth_unique_external"
            ),
            models.UniqueConstraint(fields=["user", "provider"], name="sbx_auth_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.external_id}"


class CustomProfileFieldDefinition(models.Model):
    school = school_field()
    label = models.CharField(max_length=255)
    field_type = models.CharField(max_length=40, default="text")
    required = models.BooleanField(default=False)

    class Meta:
        indexes = [school_index("cpfd")]

    def __str__(self) -> str:
        return self.label


class CustomProfileField(models.Model):
    school = school_field()
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="profile_fields")
    definition = models.ForeignKey(CustomProfileFieldDefinition, on_delete=models.CASCADE)
    value = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = [models.Index(fields=["definition", "value"], name="sbx_cpf_definition_value")]
        constraints = [
            models.UniqueConstraint(fields=["user", "definition"], name="sbx_cpf_unique_field")
        ]

    def __str__(self) -> str:
        return f"{self.definition_id}={self.value}"


class Instructor(models.Model):
    school = school_field()
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    title = optional_char()
    first_name = models.CharField(max_length=255)
    last_name = models.CharField(max_length=255)
    bio = optional_text()
    slug = models.CharField(max_length=255)
    avatar_url = optional_char(500)
    email = optional_char()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [school_index("instructor")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Group(models.Model):
    school = school_field()
    name = models.CharField(max_length=255)
    token = models.CharField(max_length=8)
    users = models.ManyToManyField(User, through="GroupMembership", related_name="member_groups")
    analysts = models.ManyToManyField(User, related_name="analyzed_groups", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [school_index("group")]

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE)
    user = models.ForeignKey(User, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="sbx_group_unique_member")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_id}"
