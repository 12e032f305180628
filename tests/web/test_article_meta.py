"""The line under each article of a list: date (and time where asked), section, agencies by name, site."""
from datetime import datetime

import pytest
from django.template import Context, Template

from archive.web import selectors
from tests.factories import BELGRADE, make_article

pytestmark = pytest.mark.django_db

META = Template("{% load archive_tags %}{% article_meta article show_time=show_time show_site=show_site %}")


def _meta(article, show_time=False, show_site=False):
    listed = next(selectors.articles_in_order([article.pk], defer=selectors.LISTING_DEFER))
    return META.render(Context({"article": listed, "show_time": show_time, "show_site": show_site}))


def test_the_line_links_section_agencies_by_name_and_site_with_names_escaped(settings):
    article = make_article(section="Economy & <Money>", agencies=("Tanjug", "Beta"), site="b92.net")
    line = _meta(article, show_site=True)
    assert '<time datetime="2020-06-12">12 June 2020</time>' in line
    assert '· <a href="/sections/economy-money/">Economy &amp; &lt;Money&gt;</a>' in line
    assert '· <a href="/agencies/beta/">Beta</a>, <a href="/agencies/tanjug/">Tanjug</a>' in line
    assert '· <a href="/sites/b92net/">b92.net</a>' in line
    assert "b92.net" not in _meta(article)  # the site only where asked


def test_a_timed_article_shows_its_time_in_the_sites_time_zone_where_asked(settings):
    article = make_article(published=datetime(2020, 6, 12, 23, 45, tzinfo=BELGRADE), section=None, agencies=())
    settings.TIME_ZONE = "Europe/Belgrade"
    line = _meta(article, show_time=True)
    assert '<time datetime="2020-06-12T23:45:00+02:00">12 June 2020, 23:45</time>' in line
    assert "23:45</time>" not in _meta(article)
    assert "<a " not in line  # no section, agency or site to link
