CAUSE = "A seat must be reserved atomically; a semaphore with one permit per seat does that."

import threading


class TicketOffice:
    """Seats of one concert. Many buyers call buy() at the same time, each on its own thread."""

    def __init__(self, seats):
        self._seats = threading.BoundedSemaphore(seats) if seats else None
        self._count_lock = threading.Lock()
        self.free = seats
        self.sold = []

    def buy(self, service, buyer):
        """If a seat is free: charge the buyer's card (slow), take the seat, return True.
        Otherwise return False without charging anyone."""
        if self._seats is None or not self._seats.acquire(blocking=False):
            return False
        with self._count_lock:
            self.free -= 1
        service.fetch_sync(buyer)
        with self._count_lock:
            self.sold.append(buyer)
        return True


def sell_out(service, seats, buyers):
    """Every buyer tries to buy a seat on their own thread, all at once (given: leave as is).

    Returns (the buyers who got a seat, sorted; the seats still free)."""
    office = TicketOffice(seats)
    threads = [threading.Thread(target=office.buy, args=(service, buyer)) for buyer in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(office.sold), office.free

