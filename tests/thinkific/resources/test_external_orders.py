from apps.thinkific.resources.external_orders import ExternalOrders

ORDER = {
    "payment_provider": "Stripe",
    "user_id": 1,
    "product_id": 7,
    "order_type": "one-time",
    "transaction": {"amount": 4900, "currency": "USD", "reference": "ch_1", "action": "purchase"},
}


def test_create(api, client):
    api.expect("POST", "/external_orders", sent=ORDER, status=201, json={"id": 12})

    assert client.external_orders.create(**ORDER).id == 12


def test_purchase(api, client):
    api.expect(
        "POST",
        "/external_orders/12/transactions/purchase",
        sent={"amount": 4900, "currency": "USD", "reference": "ch_2"},
        status=200,
    )

    client.external_orders.purchase(12, amount=4900, currency="USD", reference="ch_2")


def test_refund(api, client):
    api.expect(
        "POST",
        "/external_orders/12/transactions/refund",
        sent={"amount": 4900, "currency": "USD"},
        status=200,
    )

    client.external_orders.refund(12, amount=4900, currency="USD", reference=None)


def test_external_orders_are_write_only():
    assert not any(hasattr(ExternalOrders, name) for name in ("list", "get", "update", "delete"))
