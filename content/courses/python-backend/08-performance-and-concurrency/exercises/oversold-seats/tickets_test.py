from tickets import sell_out

BUYERS = [f"buyer-{i}" for i in range(8)]


def test_never_sells_more_seats_than_the_hall_has(concurrency):
    # The payment service holds each call until all 8 buyers are paying at once (or a short
    # grace): if 8 buyers could all see a free seat, they will all be paying together here.
    service = concurrency.slow_service(delay=1.0, release_at=len(BUYERS), grace=0.3)
    sold, free = concurrency.run(sell_out, service, 5, BUYERS)
    assert len(sold) == 5, (
        f"sold {len(sold)} tickets for 5 seats: several threads saw the same free seat before any "
        "of them took it. Checking and taking a seat must be one step, under a lock"
    )
    assert free == 0, f"{free} seats left after 8 buyers wanted 5 seats (0 expected)"


def test_only_buyers_who_get_a_seat_are_charged(concurrency):
    service = concurrency.slow_service(delay=1.0, release_at=len(BUYERS), grace=0.3)
    sold, _ = concurrency.run(sell_out, service, 5, BUYERS)
    assert len(service.calls) == 5, (
        f"{len(service.calls)} cards charged for 5 seats: a buyer without a seat must not be charged"
    )
    assert sorted(service.calls) == sold, "the buyers charged are the buyers who got a seat"


def test_payments_still_run_at_the_same_time(concurrency):
    service = concurrency.slow_service(delay=1.0, release_at=5, expected=5, grace=0.3)
    concurrency.run(sell_out, service, 5, BUYERS)
    service.assert_overlap(
        5,
        "the payments ran one after the other: is the lock held during the slow payment call? Hold "
        "it only while you check and take the seat, then pay outside it",
    )


def test_enough_seats_for_everyone(concurrency):
    service = concurrency.slow_service(delay=1.0, release_at=3, expected=3, grace=0.3)
    sold, free = concurrency.run(sell_out, service, 10, BUYERS[:3])
    assert sold == BUYERS[:3]
    assert free == 7


def test_a_sold_out_concert(concurrency):
    service = concurrency.slow_service(delay=1.0, grace=0.1)
    assert concurrency.run(sell_out, service, 0, BUYERS[:2]) == ([], 0)
    assert service.calls == [], "no seats: nobody may be charged"
