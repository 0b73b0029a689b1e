import unittest

from api_client import build_request, build_traced_request

JSON = {"Accept": "application/json"}


class BuildRequestTest(unittest.TestCase):
    def test_an_anonymous_request(self):
        self.assertEqual(
            build_request("get", "/health"),
            {"method": "GET", "path": "/health", "headers": JSON},
        )

    def test_a_request_with_a_token(self):
        self.assertEqual(
            build_request("post", "/orders", token="t0k3n"),
            {
                "method": "POST",
                "path": "/orders",
                "headers": {"Accept": "application/json", "Authorization": "Bearer t0k3n"},
            },
        )

    def test_extra_headers_are_kept(self):
        request = build_request("get", "/orders", headers={"X-Request-Id": "42"})
        self.assertEqual(request["headers"], {"X-Request-Id": "42", "Accept": "application/json"})

    def test_the_callers_headers_are_not_changed(self):
        extra = {"X-Request-Id": "42"}
        build_request("get", "/orders", token="t0k3n", headers=extra)
        self.assertEqual(extra, {"X-Request-Id": "42"}, "build_request changed the caller's dict")

    def test_a_token_does_not_leak_into_the_next_request(self):
        build_request("get", "/admin/users", token="admin-secret")
        after = build_request("get", "/health")
        self.assertEqual(after["headers"], JSON, "an anonymous request carried an earlier token")

    def test_extra_headers_do_not_leak_into_the_next_request(self):
        build_request("get", "/orders", headers={"X-Request-Id": "42"})
        build_request("get", "/search", headers={"X-Debug": "1"})
        after = build_request("get", "/health")
        self.assertEqual(after["headers"], JSON)

    def test_a_traced_request(self):
        self.assertEqual(
            build_traced_request("get", "/orders", "trace-1", token="t0k3n")["headers"],
            {"Accept": "application/json", "Authorization": "Bearer t0k3n", "X-Trace-Id": "trace-1"},
        )

    def test_a_trace_id_does_not_leak_into_the_next_request(self):
        build_traced_request("get", "/orders", "trace-7")
        after = build_request("get", "/health")
        self.assertEqual(after["headers"], JSON, "a request carried the trace id of an earlier one")

    def test_many_users_in_a_row(self):
        for user in ["ada", "bo", "cy"]:
            with self.subTest(user=user):
                request = build_request("get", "/me", token=f"token-{user}")
                self.assertEqual(request["headers"]["Authorization"], f"Bearer token-{user}")
                anonymous = build_request("get", "/me")
                self.assertNotIn("Authorization", anonymous["headers"])
