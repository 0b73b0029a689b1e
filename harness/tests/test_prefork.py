"""The pre-forked host's start: what it keeps of the judge's descriptors, and the C library
it reaches through ctypes."""
import os
import unittest

from pydojo_harness.isolation import prefork


def _is_open(fd):
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


class CloseAllButTest(unittest.TestCase):
    def test_closes_every_descriptor_in_range_but_the_kept_ones(self):
        fds = []
        for _ in range(5):
            fds.extend(os.pipe())
        low, high = min(fds), max(fds) + 1
        keep = {fds[1], fds[4], fds[-1]}  # the last one is high - 1: the range's edge
        try:
            prefork._close_all_but(keep | {2, high + 50}, low, high)  # outside the range: ignored
            self.assertEqual({fd for fd in fds if _is_open(fd)}, keep)
            self.assertTrue(_is_open(2))
        finally:
            for fd in fds:
                if _is_open(fd):
                    os.close(fd)

    def test_nothing_kept(self):
        fds = list(os.pipe()) + list(os.pipe())
        prefork._close_all_but(set(), min(fds), max(fds) + 1)
        self.assertEqual([fd for fd in fds if _is_open(fd)], [])


class LibcTest(unittest.TestCase):
    def test_loaded_once_with_the_functions_the_host_calls(self):
        self.assertIsNotNone(prefork.LIBC)
        PR_GET_DUMPABLE = 3
        self.assertIn(prefork.LIBC.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), (0, 1, 2))
        self.assertIs(prefork._prctl(PR_GET_DUMPABLE, 0), prefork.LIBC)


def _in_child(work):
    """Runs `work` in a forked child (which sees this process's memory copy-on-write) and
    returns the integers it returned."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        try:
            os.write(write_end, " ".join(str(n) for n in work()).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    numbers = [int(n) for n in os.read(read_end, 100).split()]
    os.close(read_end)
    os.waitpid(pid, 0)
    return numbers


def _child_writes_inherited_pages(pages, copy_ahead):
    """A forked child, told `copy_ahead`, starts as a host does (`populate_host_pages`) and then
    writes each of `pages` pages its parent wrote before the fork: (bytes it populated, page
    faults its writes took)."""
    import resource

    inherited = bytearray(b"x") * (pages * 4096)  # written, so shared with the child below

    def work():
        prefork.copy_ahead(copy_ahead)
        populated = prefork.populate_host_pages()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        for offset in range(0, len(inherited), 4096):
            inherited[offset] = 0
        return populated, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

    return _in_child(work)


class PopulateTest(unittest.TestCase):
    def test_a_forked_child_writes_its_inherited_pages_without_faulting(self):
        pages = 2048
        populated, faults = _child_writes_inherited_pages(pages, copy_ahead=True)
        if populated == 0:
            self.skipTest("this kernel has no MADV_POPULATE_WRITE (Linux 5.14)")
        self.assertGreaterEqual(populated, pages * 4096)
        # Without it, each of the 2048 pages is a copy-on-write fault here.
        self.assertLess(faults, pages // 10)

    def test_a_host_told_not_to_copy_ahead_copies_only_what_it_writes(self):
        # The host of a slot forked while grades overlap (prefork.copy_ahead(False), from the
        # fork server): no copy before the job; each page is copied when the grade writes it.
        pages = 2048
        populated, faults = _child_writes_inherited_pages(pages, copy_ahead=False)
        self.assertEqual(populated, 0)
        self.assertGreaterEqual(faults, pages * 9 // 10)

    def test_the_judge_copies_ahead_whatever_its_host_is_told(self):
        # The judge (serve_grade) watches the grade's memory from inside the grade's cgroup: its
        # own pages are copied before the learner runs, whatever the slot says of its host, so a
        # learner filling that memory cannot stall the watch on copy-on-write faults.
        pages = 2048
        inherited = bytearray(b"x") * (pages * 4096)

        def work():
            prefork.copy_ahead(False)
            return [prefork.populate_private_pages()]

        [populated] = _in_child(work)
        del inherited
        if populated == 0:
            self.skipTest("this kernel has no MADV_POPULATE_WRITE (Linux 5.14)")
        self.assertGreaterEqual(populated, pages * 4096)

    def test_a_large_reservation_is_left_alone(self):
        import mmap

        size = 64 << 20  # more than any mapping populate commits
        reserved = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        try:
            populated = prefork.populate_private_pages()
            if populated == 0:
                self.skipTest("this kernel has no MADV_POPULATE_WRITE (Linux 5.14)")
            # The reservation itself stays unbacked. (How much else this process holds depends
            # on what ran in it before: freed memory malloc kept mapped is populated too, up to
            # the total bound, so the process's own growth says nothing here.)
            self.assertLess(_resident_kb_of(reserved), (size >> 10) // 8)
            self.assertLessEqual(populated, prefork._POPULATE_MAX_TOTAL)
        finally:
            reserved.close()


def _resident_kb_of(mapping):
    """Resident kB of the mapping that holds `mapping`'s first byte (/proc/self/smaps)."""
    import ctypes

    view = ctypes.c_char.from_buffer(mapping)
    address = ctypes.addressof(view)
    del view  # an exported buffer would keep the mmap from closing
    inside = False
    with open("/proc/self/smaps") as smaps:
        for line in smaps:
            head = line.split()[0]
            if "-" in head and not head.endswith(":"):
                low, high = (int(x, 16) for x in head.split("-"))
                inside = low <= address < high
            elif inside and head == "Rss:":
                return int(line.split()[1])
    raise AssertionError("the mapping is not in /proc/self/smaps")


if __name__ == "__main__":
    unittest.main()
