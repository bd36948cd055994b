"""Each record as the Admin API v1 shows it: field names, order and JSON types as live data.

The live API sends some numbers as strings (`percentage_completed`, `amount_dollars`,
`amount`, `price`, `affiliate_commission`); so does the sandbox. Related ids come from the
cheap loading (`with_ids`, `with_values`) that `selectors` adds to the querysets.
"""

from __future__ import annotations

from django.utils.text import slugify

from apps.sandbox import models as m
from apps.sandbox.formats import cents_text, decimal_text, stamp
from apps.sandbox.related import ids, values

# A user's custom profile fields, read as columns (`with_values`) rather than as records.
PROFILE_FIELD_COLUMNS = ("id", "value", "definition__label", "definition_id")


def user(row: m.User) -> dict:
    affiliate = row.affiliate_commission is not None
    return {
        "id": row.pk,
        "created_at": stamp(row.created_at),
        "first_name": row.first_name,
        "last_name": row.last_name,
        "full_name": row.full_name,
        "company": row.company,
        "email": row.email,
        "roles": row.role_list,
        "avatar_url": row.avatar_url,
        "bio": row.bio,
        "headline": row.headline,
        "affiliate_code": row.affiliate_code,
        "affiliate_commission": str(row.affiliate_commission) if affiliate else None,
        "affiliate_commission_type": row.affiliate_commission_type if affiliate else None,
        "affiliate_payout_email": row.affiliate_payout_email,
        "external_source": row.external_source,
        "administered_course_ids": ids(row, "administered_courses"),
        "custom_profile_fields": [
            {
                "id": field["id"],
                "value": field["value"],
                "label": field["definition__label"],
                "custom_profile_field_definition_id": field["definition_id"],
            }
            for field in values(row, "profile_fields", *PROFILE_FIELD_COLUMNS)
        ],
    }


def authentication(row: m.UserAuthentication) -> dict:
    return {"provider": row.provider, "external_id": row.external_id}


def instructor(row: m.Instructor) -> dict:
    return {
        "id": row.pk,
        "user_id": row.user_id,
        "title": row.title,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "bio": row.bio,
        "slug": row.slug,
        "avatar_url": row.avatar_url,
        "email": row.email,
        "created_at": stamp(row.created_at),
    }


def collection(row: m.Collection) -> dict:
    return {
        "id": row.pk,
        "name": row.name,
        "description": row.description,
        "slug": row.slug,
        "created_at": stamp(row.created_at),
        "product_ids": ids(row, "products"),
        "default": row.default,
    }


def promotion(row: m.Promotion) -> dict:
    return {
        "id": row.pk,
        "name": row.name,
        "description": row.description,
        "starts_at": stamp(row.starts_at),
        "expires_at": stamp(row.expires_at),
        "discount_type": row.discount_type,
        "amount": decimal_text(row.amount),
        "coupon_ids": ids(row, "coupons"),  # no `product_ids`: the spec's answer has none
        "duration": row.duration,
        "created_at": stamp(row.created_at),
    }


def coupon(row: m.Coupon) -> dict:
    return {
        "id": row.pk,
        "code": row.code,
        "note": row.note,
        "quantity_used": row.quantity_used,
        "quantity": row.quantity,
        "promotion_id": row.promotion_id,
        "created_at": stamp(row.created_at),
    }


def order(row: m.Order) -> dict:
    return {
        "id": row.pk,
        "created_at": stamp(row.created_at),
        "user_id": row.user_id,
        "user_email": row.user.email,
        "user_name": row.user.full_name,
        "product_id": row.product_id,
        "product_name": row.product.name,
        "amount_dollars": cents_text(row.amount_cents),
        "amount_cents": row.amount_cents,
        "subscription": row.subscription,
        "coupon_code": row.coupon_code,
        "coupon_id": row.coupon_id,
        "affiliate_referral_code": row.affiliate_referral_code,
        "status": row.status,
        "items": [
            {
                "product_id": row.product_id,
                "product_name": row.product.name,
                "amount_dollars": row.amount_cents / 100,
                "amount_cents": row.amount_cents,
            }
        ],
    }


def enrollment(row: m.Enrollment) -> dict:
    return {
        "id": row.pk,
        "created_at": stamp(row.created_at),
        "user_email": row.user.email,
        "user_name": row.user.full_name,
        "user_id": row.user_id,
        "course_name": row.course.name,
        "course_id": row.course_id,
        "product_id": row.course.product_id,
        "percentage_completed": decimal_text(row.percentage_completed),
        "expired": row.expired,
        "is_free_trial": row.is_free_trial,
        "completed": row.completed,
        "started_at": stamp(row.started_at),
        "activated_at": stamp(row.activated_at),
        "completed_at": stamp(row.completed_at),
        "updated_at": stamp(row.updated_at),
        "expiry_date": stamp(row.expiry_date),
    }


def bundle(row: m.Bundle) -> dict:
    return {
        "id": row.pk,
        "name": row.name,
        "description": row.description,
        "tagline": row.tagline,
        "banner_image_url": row.banner_image_url,
        "course_ids": ids(row, "courses"),
        "bundle_card_image_url": row.bundle_card_image_url,
    }


def course(row: m.Course) -> dict:
    return {
        "id": row.pk,
        "name": row.name,
        "slug": row.slug,
        "subtitle": row.subtitle,
        "product_id": row.product_id,
        "description": row.description,
        "course_card_text": row.course_card_text,
        "intro_video_youtube": row.intro_video_youtube,
        "contact_information": row.contact_information,
        "keywords": row.keywords,
        "duration": row.duration,
        "banner_image_url": row.banner_image_url,
        "course_card_image_url": row.course_card_image_url,
        "intro_video_wistia_identifier": row.intro_video_wistia_identifier,
        "administrator_user_ids": ids(row, "administrators"),
        "chapter_ids": ids(row, "chapters"),
        "reviews_enabled": row.reviews_enabled,
        "user_id": row.user_id,
        "instructor_id": row.instructor_id,
    }


def chapter(row: m.Chapter) -> dict:
    return {
        "id": row.pk,
        "name": row.name,
        "position": row.position,
        "description": row.description,
        "duration_in_seconds": row.duration_in_seconds,
        "content_ids": ids(row, "contents"),
    }


def content(row: m.Content) -> dict:
    course = row.chapter.course
    kind = "quizzes" if row.contentable_type == "Quiz" else "lessons"
    return {
        "id": row.pk,
        "name": row.name,
        "position": row.position,
        "chapter_id": row.chapter_id,
        "contentable_type": row.contentable_type,
        "free": row.free,
        "take_url": f"https://{row.school.subdomain}.thinkific.com/courses/take/{course.slug}"
        f"/{kind}/{row.pk}-{slugify(row.name)}",
    }


def product(row: m.Product) -> dict:
    productable = row.course if row.productable_type == "Course" else row.bundle
    instructor = getattr(productable, "instructor", None)
    return {
        "id": row.pk,
        "created_at": stamp(row.created_at),
        "productable_id": productable.pk,
        "productable_type": row.productable_type,
        "price": decimal_text(row.price),
        "position": row.position,
        "status": row.status,
        "name": row.name,
        "private": row.private,
        "hidden": row.hidden,
        "subscription": row.subscription,
        "days_until_expiry": row.days_until_expiry,
        "has_certificate": row.has_certificate,
        "keywords": row.keywords,
        "seo_title": row.seo_title,
        "seo_description": row.seo_description,
        "collection_ids": ids(row, "collections"),
        "related_product_ids": ids(row, "related"),
        "description": row.description,
        "card_image_url": row.card_image_url,
        "slug": row.slug,
        "instructor_names": str(instructor) if instructor else "",
        "product_prices": [product_price(price, row) for price in row.prices.all()],
    }


def product_price(row: m.ProductPrice, owner: m.Product) -> dict:
    def text(value) -> str | None:
        return None if value is None else str(value)

    return {
        "id": row.pk,
        "is_primary": row.is_primary,
        "payment_type": row.payment_type,
        "label": row.label,
        "price": decimal_text(row.price),
        "days_until_expiry": text(row.days_until_expiry),
        "pay_button_text": row.pay_button_text,
        "number_of_payments": text(row.number_of_payments),
        "interval": row.interval,
        "interval_count": text(row.interval_count),
        "trial_interval": row.trial_interval,
        "trial_interval_count": text(row.trial_interval_count),
        "custom_first_price": decimal_text(row.custom_first_price),
        "price_name": owner.name if row.is_primary else f"{owner.name} - {row.label}",
        "currency": row.currency,
    }


def group(row: m.Group) -> dict:
    return {
        "id": row.pk,
        "name": row.name,
        "token": row.token,
        "created_at": stamp(row.created_at),
    }


def profile_field_definition(row: m.CustomProfileFieldDefinition) -> dict:
    return {
        "id": row.pk,
        "label": row.label,
        "field_type": row.field_type,
        "required": row.required,
    }


def course_review(row: m.CourseReview) -> dict:
    return {
        "id": row.pk,
        "rating": row.rating,
        "title": row.title,
        "review_text": row.review_text,
        "user_id": row.user_id,
        "course_id": row.course_id,
        "approved": row.approved,
        "created_at": stamp(row.created_at),
    }
