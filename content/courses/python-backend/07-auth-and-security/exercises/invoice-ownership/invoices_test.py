import pytest
from pydojo_harness.http_client import client_for

import invoices

INVOICES = [
    {"id": 1, "owner": "ada", "amount": 120},
    {"id": 2, "owner": "bo", "amount": 75},
    {"id": 3, "owner": "ada", "amount": 30},
    {"id": 7, "owner": "cy", "amount": 990},
]
ADA = {"Authorization": "Bearer token-ada"}
BO = {"Authorization": "Bearer token-bo"}


@pytest.fixture
def client():
    return client_for(invoices.make_app(INVOICES, {"token-ada": "ada", "token-bo": "bo", "token-cy": "cy"}))


def test_logging_in_is_required(client):
    assert client.get("/invoices/1").status == 401
    assert client.get("/invoices/1", headers={"Authorization": "Bearer nope"}).status == 401


def test_each_user_lists_their_own(client):
    assert [inv["id"] for inv in client.get("/invoices", headers=ADA).json()] == [1, 3]
    assert [inv["id"] for inv in client.get("/invoices", headers=BO).json()] == [2]


def test_an_owner_reads_their_invoice(client):
    response = client.get("/invoices/3", headers=ADA)
    assert response.status == 200
    assert response.json() == {"id": 3, "owner": "ada", "amount": 30}


@pytest.mark.parametrize("user, invoice_id", [("bo", 1), ("bo", 3), ("bo", 7), ("ada", 2), ("cy", 1)])
def test_nobody_reads_someone_elses_invoice(client, user, invoice_id):
    response = client.get(f"/invoices/{invoice_id}", headers={"Authorization": f"Bearer token-{user}"})
    assert response.status != 200, f"{user} read invoice {invoice_id}, which is not theirs: check the owner, not just the login"
    assert response.status == 404, (
        f"someone else's invoice must get 404, the same answer as for an invoice that doesn't exist: a 403 "
        f"tells {user} that invoice {invoice_id} exists, so ids can be probed"
    )
    assert response.json() == client.get("/invoices/999", headers={"Authorization": f"Bearer token-{user}"}).json(), (
        "the body must be the same as for a missing invoice too"
    )


def test_nobody_deletes_someone_elses_invoice(client):
    response = client.delete("/invoices/1", headers=BO)
    assert response.status == 404, f"bo may not delete ada's invoice 1 (got {response.status}): DELETE needs the ownership check too"
    assert [inv["id"] for inv in client.get("/invoices", headers=ADA).json()] == [1, 3], (
        "ada's invoice 1 was deleted by bo: every route that takes an id must check the owner"
    )


def test_an_owner_deletes_their_invoice(client):
    assert client.delete("/invoices/2", headers=BO).status == 204
    assert client.get("/invoices/2", headers=BO).status == 404
    assert client.get("/invoices", headers=BO).json() == []


def test_unknown_paths(client):
    assert client.get("/invoices/abc", headers=ADA).status == 404
    assert client.get("/invoices/999", headers=ADA).status == 404
