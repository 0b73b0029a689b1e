CAUSE = "Threads race on free, so the whole purchase runs under one lock."

import threading


class TicketOffice:
    """Seats of one concert. Many buyers call buy() at the same time, each on its own thread."""

    def __init__(self, seats):
        self.free = seats
        self.sold = []
        self._lock = threading.Lock()

    def buy(self, service, buyer):
        """If a seat is free: charge the buyer's card (slow), take the seat, return True.
        Otherwise return False without charging anyone."""
        with self._lock:
            if self.free > 0:
                service.fetch_sync(buyer)
                self.free -= 1
                self.sold.append(buyer)
                return True
            return False


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

