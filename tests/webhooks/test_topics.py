from apps.thinkific.resources.webhooks import TOPICS as CLIENT_TOPICS
from apps.webhooks import topics


def test_every_topic_thinkific_documents_and_no_other():
    assert set(topics.NAMES) == {topic.name for topic in CLIENT_TOPICS}
    assert len(topics.NAMES) == len(set(topics.NAMES)) == 25
    assert not {"user.deleted", "course.completed", "order.completed"} & set(topics.NAMES)


def test_the_six_quick_start_watches_come_first():
    assert [t.watch_name for t in topics.TOPICS[:6]] == [
        "Watch Order Created",
        "Watch Enrollment Created",
        "Watch Enrollment Completed",
        "Watch Enrollment Progress",
        "Watch Enrollment Trial",
        "Watch New User",
    ]
    assert topics.TOPICS[:6] == topics.STARTERS


def test_thinkific_payments_topics_are_marked():
    payments = {t.name for t in topics.TOPICS if t.payments_only}
    assert payments == {
        "order_transaction.succeeded",
        "order_transaction.failed",
        "order_transaction.refunded",
        "subscription.cancelled",
        "subscription.past_due",
        "subscription.unpaid",
    }
    labels = dict(topics.choices())
    assert labels["subscription.unpaid"] == "Subscription unpaid (Thinkific Payments only)"
    assert labels["order.created"] == "Order created"


def test_models_for_adding_a_webhook_by_hand():
    assert topics.BY_NAME["order_transaction.failed"].model == "Transactions"
    assert topics.BY_NAME["enrollment.trial"].model == "Enrollment"


def test_spellings():
    assert topics.canonical(" Subscription.Canceled ") == "subscription.cancelled"
    assert topics.label("user.signup") == "New user"
    assert topics.label("made.up") == "made.up"
