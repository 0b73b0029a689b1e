from slugify import slugify


def test_slugify_gives_a_string():
    # This test passes, but it would also pass if slugify() were badly wrong.
    # Replace it with tests that check real answers, such as:
    #     assert slugify("Hello World") == "hello-world"
    assert isinstance(slugify("Hello World"), str)
