"""`parameters_of` reads a test's parameters off its code object: it must agree with
`inspect.signature` on every shape of function a test or fixture can have."""
import functools
import inspect
import unittest

from pydojo_harness.execute import parameters_of


def _expected(func):
    empty = inspect.Parameter.empty
    return [(name, p.default is empty) for name, p in inspect.signature(func).parameters.items()]


def _decorated(f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)

    return wrapper


class Holder:
    def method(self, tmp_path, capsys, flag=False):
        pass

    def only_varargs(*args):
        pass

    @classmethod
    def klass(cls, monkeypatch, *, n=1):
        pass

    @staticmethod
    def static(a, b=2):
        pass


class ParametersOf(unittest.TestCase):
    def test_agrees_with_inspect_on_every_shape(self):
        def nothing():
            pass

        def fixtures(tmp_path, capsys):
            pass

        def defaults(a, b=1, c=None):
            pass

        def star(a, *rest, key, other=3, **extra):
            pass

        def kwonly_only(*, a, b=2):
            pass

        def positional_only(a, b, /, c, d=4):
            pass

        async def coroutine(client, n=1):
            pass

        def generator(x):
            yield x

        def with_locals(a, b=2):
            c = a + b
            d = c * 2
            return d

        holder = Holder()
        cases = [
            nothing,
            fixtures,
            defaults,
            star,
            kwonly_only,
            positional_only,
            coroutine,
            generator,
            with_locals,
            lambda x, y=1: None,
            holder.method,
            holder.only_varargs,
            holder.klass,
            Holder.klass,
            holder.static,
            Holder.method,
            _decorated(defaults),
            functools.partial(defaults, 1),
            print,
        ]
        for func in cases:
            with self.subTest(func=func):
                self.assertEqual(parameters_of(func), _expected(func))

    def test_defaults_changed_after_definition_are_seen(self):
        def f(a, b):
            pass

        f.__defaults__ = (5,)
        f.__kwdefaults__ = None
        self.assertEqual(parameters_of(f), [("a", True), ("b", False)])
        self.assertEqual(parameters_of(f), _expected(f))

    def test_a_signature_set_by_hand_is_respected(self):
        def f(a, b):
            pass

        f.__signature__ = inspect.Signature([inspect.Parameter("z", inspect.Parameter.POSITIONAL_OR_KEYWORD)])
        self.assertEqual(parameters_of(f), [("z", True)])


if __name__ == "__main__":
    unittest.main()
