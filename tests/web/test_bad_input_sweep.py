"""No parameter value, however odd, makes any page fail: each answers 200 (with a message) or 404."""
import pytest

pytestmark = pytest.mark.django_db

PATHS = [
    "/",
    "/search/",
    "/search/help/",
    "/browse/",
    "/browse/2020/",
    "/browse/2020/06/",
    "/browse/2020/06/12/",
    "/sections/politics/",
    "/agencies/tanjug/",
    "/sites/b92net/",
    "/entities/",
    "/entities/nis/",
    "/articles/2020/06/12/vucic-and-ministers-meet-on-energy-deal/",
]

ODD_VALUES = [
    "", "%00", "%FF%FE", "x" * 3000, "-1", "1e400", "NaN", "9" * 40, "%27%3B+DROP+TABLE+archive_article%3B--",
    "%3Cscript%3E", "(", "*", "Вучић", "2020-06-31", "0000-01-01", "9999-12-31",
]
PARAMETERS = ["q", "section", "agency", "site", "entity", "kind", "date_from", "date_to", "sort", "page",
              "order", "letter", "format"]


@pytest.mark.parametrize("path", PATHS)
def test_odd_values_of_every_parameter_never_fail(client, sample, path):
    for name in PARAMETERS:
        for value in ODD_VALUES:
            response = client.get(f"{path}?{name}={value}")
            assert response.status_code in (200, 404), (path, name, value[:20], response.status_code)


def test_repeated_and_combined_parameters(client, sample):
    query = "q=a&q=b&page=2&page=1&sort=oldest&sort=x&date_from=2020-01-01&date_from=bad&section=politics&section=politics"
    assert client.get(f"/search/?{query}").status_code == 200
