from hello_world import hello


def test_greets_the_world_by_default():
    assert hello() == "Hello, World!"


def test_greets_a_person_by_name():
    assert hello("Ada") == "Hello, Ada!"


def test_greets_another_person_by_name():
    assert hello("Grace Hopper") == "Hello, Grace Hopper!"


def test_spaces_around_a_name_are_dropped():
    assert hello("  Alan ") == "Hello, Alan!"


def test_an_empty_name_greets_the_world():
    assert hello("") == "Hello, World!"


def test_a_blank_name_greets_the_world():
    assert hello("   ") == "Hello, World!"

