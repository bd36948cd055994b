"""The webhook topics Thinkific documents (resource.action)."""

TOPICS = (
    "app.uninstalled",
    "course.created",
    "course.deleted",
    "course.updated",
    "enrollment.completed",
    "enrollment.created",
    "enrollment.progress",
    "enrollment.trial",
    "lead.created",
    "lesson.completed",
    "order.created",
    "order_transaction.failed",
    "order_transaction.refunded",
    "order_transaction.succeeded",
    "plan.updated",
    "product.created",
    "product.deleted",
    "product.updated",
    "quiz.attempted",
    "subscription.cancelled",
    "subscription.past_due",
    "subscription.unpaid",
    "user.signin",
    "user.signup",
    "user.updated",
)

# The newer samples (lesson.completed, quiz.attempted) also carry the site's global id.
WITH_GLOBAL_ID = frozenset({"lesson.completed", "quiz.attempted"})
WITH_TIMESTAMP = frozenset({"quiz.attempted"})
