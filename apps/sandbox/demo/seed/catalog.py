"""The generated catalogue: categories, courses with chapters and contents, bundles."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils.text import slugify

from apps.sandbox import models as m
from apps.sandbox.demo import words
from apps.sandbox.demo.seed.base import HISTORY_START, Demo, save

PRICES = ("0", "19", "29", "49", "79", "99", "149", "199", "299")


def add_catalog(demo: Demo) -> None:
    topics = list(words.CATALOG)[: demo.sizes.categories - 1]
    categories = _categories(demo, topics)
    names = _course_names(demo, topics)
    products = save(
        m.Product, (_product(demo, name, position) for position, (_, name) in enumerate(names))
    )
    save(m.ProductPrice, (_price(demo, product) for product in products))
    demo.courses = save(
        m.Course,
        (_course(demo, product, name) for product, (_, name) in zip(products, names, strict=True)),
    )
    demo.price_of = {
        course.pk: product.price for course, product in zip(demo.courses, products, strict=True)
    }
    _file(categories, products, [topic for topic, _ in names])
    _relate(demo, products)
    _administer(demo)
    _lessons(demo)
    _bundles(demo, products)


def _categories(demo: Demo, topics: list[str]) -> list[m.Collection]:
    """The default "All Courses" category, then one per topic."""
    everything = m.Collection(
        school=demo.school,
        name="All Courses",
        slug="all",
        default=True,
        description="Every course in the school.",
        created_at=HISTORY_START,
    )
    return save(
        m.Collection,
        [
            everything,
            *(
                m.Collection(
                    school=demo.school,
                    name=topic,
                    slug=slugify(topic),
                    description=f"Courses about {topic.lower()}.",
                    created_at=HISTORY_START + timedelta(days=index),
                )
                for index, topic in enumerate(topics, start=1)
            ),
        ],
    )


def _course_names(demo: Demo, topics: list[str]) -> list[tuple[str, str]]:
    """(topic, unique course name) pairs, like "Mastering Pottery"."""
    rng, names, seen = demo.rng, [], set()
    while len(names) < demo.sizes.courses:
        topic = rng.choice(topics)
        name = rng.choice(words.COURSE_PATTERNS).format(rng.choice(words.CATALOG[topic]))
        if name in seen:
            name = f"{name} {len(names) + 1}"
        seen.add(name)
        names.append((topic, name))
    return names


def _file(categories: list[m.Collection], products: list[m.Product], topics: list[str]) -> None:
    """Every product in "All Courses" and in its topic's category."""
    Membership = m.Collection.products.through
    by_name = {category.name: category for category in categories}
    save(
        Membership,
        [
            *(Membership(collection_id=categories[0].pk, product_id=p.pk) for p in products),
            *(
                Membership(collection_id=by_name[topic].pk, product_id=product.pk)
                for product, topic in zip(products, topics, strict=True)
            ),
        ],
    )


def _relate(demo: Demo, products: list[m.Product]) -> None:
    Related = m.Product.related.through
    pairs = []
    for product in products:
        for other in demo.rng.sample(products, k=min(len(products), demo.rng.randint(0, 3))):
            if other.pk != product.pk:
                pairs.append(Related(from_product_id=product.pk, to_product_id=other.pk))
    save(Related, pairs)


def _administer(demo: Demo) -> None:
    """Zero to two course admins per course."""
    Admin = m.Course.administrators.through
    admins = [user for user in demo.users if "course_admin" in user.role_list]
    save(
        Admin,
        (
            Admin(course_id=course.pk, user_id=admin.pk)
            for course in demo.courses
            for admin in demo.rng.sample(admins, k=min(len(admins), demo.rng.randint(0, 2)))
        ),
    )


def _product(demo: Demo, name: str, position: int) -> m.Product:
    price = Decimal(demo.rng.choice(PRICES))
    return m.Product(
        school=demo.school,
        name=name,
        slug=slugify(name),
        price=price,
        position=position,
        status="draft" if demo.chance(0.08) else "published",
        hidden=demo.chance(0.05),
        private=demo.chance(0.05),
        has_certificate=demo.chance(0.6),
        days_until_expiry=365 if demo.chance(0.15) else None,
        description=f"<p>Learn {name.lower()} step by step.</p>",
        seo_title=name,
        created_at=demo.moment(HISTORY_START, HISTORY_START + timedelta(days=700)),
    )


def _price(demo: Demo, product: m.Product) -> m.ProductPrice:
    return m.ProductPrice(
        school=demo.school,
        product=product,
        payment_type="one-time" if product.price else "free",
        price=product.price,
        days_until_expiry=product.days_until_expiry,
        pay_button_text="Enroll now",
    )


def _course(demo: Demo, product: m.Product, name: str) -> m.Course:
    instructor = demo.rng.choice(demo.instructors)
    return m.Course(
        school=demo.school,
        product=product,
        name=name,
        slug=product.slug,
        description=product.description,
        keywords=", ".join(name.lower().split()[:3]),
        reviews_enabled=demo.chance(0.8),
        user=demo.users[0],
        instructor=instructor,
        created_at=product.created_at,
    )


def _lessons(demo: Demo) -> None:
    rng = demo.rng
    chapters = []
    for course in demo.courses:
        count = rng.randint(3, 8)
        chapters += [
            m.Chapter(
                school=demo.school,
                course=course,
                name=words.CHAPTER_NAMES[position % len(words.CHAPTER_NAMES)],
                position=position,
                description=None,
                duration_in_seconds=rng.randint(5, 60) * 60,
            )
            for position in range(count)
        ]
    chapters = save(m.Chapter, chapters)
    contents = []
    for chapter in chapters:
        for position in range(rng.randint(2, 7)):
            contents.append(
                m.Content(
                    school=demo.school,
                    chapter=chapter,
                    name=f"{words.LESSON_NAMES[position % len(words.LESSON_NAMES)]}",
                    position=position,
                    contentable_type=demo.weighted(words.CONTENT_TYPES),
                    free=chapter.position == 0 and position == 0,
                )
            )
    save(m.Content, contents)
    demo.content_count = {course.pk: 0 for course in demo.courses}
    course_of = {chapter.pk: chapter.course_id for chapter in chapters}
    for content in contents:
        demo.content_count[course_of[content.chapter_id]] += 1


def _bundles(demo: Demo, products: list[m.Product]) -> None:
    for number in range(demo.sizes.bundles):
        courses = demo.rng.sample(demo.courses, k=min(len(demo.courses), demo.rng.randint(2, 4)))
        name = f"{courses[0].name.split(':')[0]} Bundle {number + 1}"
        total = sum(demo.price_of[course.pk] for course in courses)
        product = m.Product.objects.create(
            school=demo.school,
            productable_type="Bundle",
            name=name,
            slug=slugify(name),
            price=(total * Decimal("0.7")).quantize(Decimal("1")),
            position=len(products) + number,
            created_at=max(course.created_at for course in courses),
        )
        bundle = m.Bundle.objects.create(
            school=demo.school,
            product=product,
            name=name,
            tagline="Save 30% on the set",
            created_at=product.created_at,
        )
        bundle.courses.set(courses)
