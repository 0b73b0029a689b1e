from settings import read_settings, write_settings


def test_reads_one_setting(tmp_path):
    # tmp_path is a fresh, empty folder (a pathlib.Path) that pytest makes for this test.
    path = tmp_path / "app.conf"
    path.write_text("port = 8080\n")
    assert read_settings(path) == {"port": "8080"}
