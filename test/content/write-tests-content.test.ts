/**
 * Write-the-tests content: a plausible thin suite (the instructions' examples turned into one
 * or two tests) passes on the subject and every equivalent but does not catch every variant,
 * so the variants make a learner test each stated rule. Runs in the sandbox.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeExercise } from "../../src/app/grade-exercise.js";
import { loadExercise } from "../../src/content/exercise-loader.js";
import { createRunner } from "../../src/runners/create-runner.js";
import type { Runner } from "../../src/runners/runner.js";

const CONTENT = path.resolve(import.meta.dirname, "../../content");
const MODULE = "courses/python-backend/04-testing-and-debugging/exercises";

/** Exercise folder -> [learner test file, a thin suite built from the instructions' examples]. */
const THIN: Record<string, [string, string]> = {
  [`${MODULE}/slugify-tests`]: [
    "test_slugify.py",
    `from slugify import slugify

def test_examples():
    assert slugify("Hello, World!") == "hello-world"
    assert slugify("???") == "untitled"
`,
  ],
  [`${MODULE}/median-edge-cases`]: [
    "test_stats.py",
    `from stats import median

def test_examples():
    assert median([3, 1, 2]) == 2
    assert median([40, 10, 30, 20]) == 25
`,
  ],
  [`${MODULE}/duration-errors`]: [
    "test_durations.py",
    `import pytest
from durations import parse_duration

def test_example():
    assert parse_duration("1h30m") == 5400

def test_bare_number():
    with pytest.raises(ValueError):
        parse_duration("90")
`,
  ],
  [`${MODULE}/cache-tests`]: [
    "test_cache.py",
    `from cache import LRUCache

def test_example():
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    cache.put("c", 3)
    assert ("b" in cache, "a" in cache, len(cache)) == (False, True, 2)
`,
  ],
  [`${MODULE}/password-reset-mocks`]: [
    "test_reset.py",
    `from types import SimpleNamespace
from unittest.mock import Mock
from reset import request_reset

def test_example():
    users, mailer = Mock(), Mock()
    users.find_by_email.return_value = SimpleNamespace(id=7, email="Ada@Example.com", active=True)
    assert request_reset("ada@example.com", users, mailer, lambda: "t1", lambda: 1000) is True
    users.save_reset.assert_called_once_with(7, "t1", 2800)
`,
  ],
  [`${MODULE}/settings-file-tests`]: [
    "test_settings.py",
    `from settings import read_settings, write_settings

def test_example(tmp_path):
    path = tmp_path / "app.conf"
    path.write_text("# orders service\\nhost = localhost\\nport = 8080\\n")
    assert read_settings(path) == {"host": "localhost", "port": "8080"}

def test_write(tmp_path):
    path = tmp_path / "out.conf"
    write_settings(path, {"port": "80", "host": "example.org"})
    assert path.read_text() == "host = example.org\\nport = 80\\n"
`,
  ],
  [`${MODULE}/order-pricing-tests`]: [
    "test_pricing.py",
    `from pricing import price_order

def test_examples():
    order = [
        {"sku": "mug", "unit_cents": 1200, "quantity": 2},
        {"sku": "tea", "unit_cents": 450, "quantity": 10},
    ]
    assert price_order(order) == {"subtotal": 6900, "discount": 450, "shipping": 0, "tax": 323, "total": 6773}
    desk = [{"sku": "desk", "unit_cents": 5200, "quantity": 1}]
    assert price_order(desk, coupon="FIVEOFF")["total"] == 5459
`,
  ],
  "courses/python-backend/07-auth-and-security/exercises/permission-checker-tests": [
    "test_permissions.py",
    `from permissions import may

def user(name, admin=False, suspended=False):
    return {"name": name, "admin": admin, "suspended": suspended}

def doc(owner="ada", shared_with=None, public=False, locked=False):
    return {"owner": owner, "shared_with": shared_with or {}, "public": public, "locked": locked}

def test_the_owner_may_read():
    assert may(user("ada"), "read", doc()) is True

def test_a_reader_may_not_write():
    assert may(user("bo"), "write", doc(shared_with={"bo": "read"})) is False
`,
  ],
  "courses/python-backend/08-performance-and-concurrency/exercises/ttl-cache-tests": [
    "test_ttl_cache.py",
    `from ttl_cache import TTLCache

class FakeClock:
    def __init__(self, now):
        self.now = now
    def __call__(self):
        return self.now

def test_example():
    clock = FakeClock(1000.0)
    cache = TTLCache(10, clock)
    cache.set("price:42", 1999)
    clock.now += 9.5
    assert cache.get("price:42") == 1999
    clock.now += 0.5
    assert cache.get("price:42") is None
`,
  ],
  "courses/python-backend/06-databases/exercises/user-store-tests": [
    "test_user_store.py",
    `from user_store import UserStore

def test_example():
    store = UserStore()
    assert store.register(" Ada@Example.org ", "Ada") == 1
    assert store.find("ADA@example.org") == {"id": 1, "email": "ada@example.org", "name": "Ada", "active": True}
`,
  ],
  "courses/python-backend/05-http-and-apis/exercises/shortlink-api-tests": [
    "test_shortlinks.py",
    `from shortlinks import make_app

def test_redirect():
    app = make_app()
    app.handle("POST", "/links", {"code": "docs", "url": "https://docs.python.org/3/"})
    status, headers, data = app.handle("GET", "/docs")
    assert status == 302
    assert headers.get("Location") == "https://docs.python.org/3/"
`,
  ],
  "sample/test-the-stack": [
    "test_stack.py",
    `import pytest
from stack import Stack

def test_order():
    s = Stack()
    s.push(1)
    s.push(2)
    assert s.pop() == 2

def test_empty():
    with pytest.raises(IndexError):
        Stack().pop()
`,
  ],
};

describe("write-tests content: a thin suite does not catch every bug (sandbox)", () => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await createRunner("sandbox");
  });
  afterAll(async () => {
    await runner?.close();
  });
  for (const [dir, [file, suite]] of Object.entries(THIN)) {
    it(dir, async () => {
      const exercise = await loadExercise(path.join(CONTENT, dir));
      const result = await gradeExercise(exercise, [{ path: file, content: suite }], runner);
      const correct = result.tests.filter((t) => !t.name.startsWith("catches: "));
      // It is a correct suite: it passes on the subject and on every equivalent ...
      expect(correct.map((t) => [t.name, t.status, t.message])).toEqual(
        correct.map((t) => [t.name, "pass", null]),
      );
      // ... but misses at least a third of the bugs.
      const missed = result.tests.filter((t) => t.name.startsWith("catches: ") && t.status === "fail");
      expect(missed.length).toBeGreaterThanOrEqual(Math.ceil(exercise.meta!.variants.length / 3));
      expect(result.status).toBe("fail");
    });
  }
});
