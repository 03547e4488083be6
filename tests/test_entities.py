"""Article-level coreference (goftar.entities): one person, one entity, named by the fullest personal name."""

from __future__ import annotations

import pytest

from goftar.entities import roles_compatible, roles_conflict


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ({"سخنگوی"}, {"سخنگوی", "جنبش", "جهاد"}, True),  # a truncated role fits the full one
        ({"وزیر", "دفاع", "ایران"}, {"وزیر", "دفاع", "ایران"}, True),  # the same role
        ({"وزیر", "دفاع", "ایران"}, {"وزیر", "دفاع", "روسیه"}, False),  # the same office in two countries
        (set(), {"وزیر"}, False),  # no role tells nothing
    ],
)
def test_roles_compatible(first, second, expected):
    assert roles_compatible(frozenset(first), frozenset(second)) is expected


@pytest.mark.parametrize(
    ("mine", "theirs", "expected"),
    [
        ([{"کارشناس", "روسیه"}], [{"عضو", "هیئت"}], False),  # different words, no country on one side
        ([{"وزیر", "آمریکا"}], [{"وزیر", "ایران"}], True),  # two countries
        ([{"نماینده", "آمریکا"}], [{"سناتور", "آمریکا"}], False),  # one country, two descriptions
    ],
)
def test_roles_conflict(mine, theirs, expected):
    countries = frozenset({"ایران", "آمریکا", "روسیه"})
    assert roles_conflict([frozenset(k) for k in mine], [frozenset(k) for k in theirs], countries) is expected


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # the lead names the role, the body the person with the role between commas
        ("خبرگزاری نمونه: رئیس دانشگاه ساحل‌نور گفت: همکاری ادامه دارد.\n\n"
         "دکتر «کاوه نیک‌سرشت»، رئیس دانشگاه ساحل‌نور، در این دیدار گفت: آری.",
         ["کاوه نیک‌سرشت", "کاوه نیک‌سرشت"]),
        # the lead's role, then the person with no role at all
        ("خبرگزاری نمونه: عضو حزب آزادی گفت: انتخابات آزاد نبود.\n\n"
         "«بردیا کاشفی» در گفت‌وگو با شبکه نمونه گفت: آری.",
         ["بردیا کاشفی", "بردیا کاشفی"]),
        # «وی» continues the current speaker, not the person named in an adverbial
        ("«سیاوش نامدار» سفیر ایران در گفت‌وگو با «یوهان کلاین» گفت: آری.\n\nوی افزود: نه.",
         ["سیاوش نامدار", "سیاوش نامدار"]),
        # a description of the current speaker is the current speaker
        ("«سیاوش نامدار» عضو هیئت علمی دانشگاه گفت: آری.\n\nکارشناس روس ادامه داد: نه.",
         ["سیاوش نامدار", "سیاوش نامدار"]),
        # «نیز» marks a new speaker
        ("«سیاوش نامدار» عضو هیئت علمی دانشگاه گفت: آری.\n\nسخنگوی وزارت خارجه نیز گفت: نه.",
         ["سیاوش نامدار", "سخنگوی وزارت خارجه"]),
        # the family name alone, and the name written with its parts joined
        ("سید کاوه رستمی گفت: آری.\n\nرستمی افزود: نه.\n\nسیدکاوه‌رستمی تصریح کرد: شاید.",
         ["سید کاوه رستمی"] * 3),
        # a family-name ending written apart belongs to the name, apart or joined later
        ("مهران کیان زاده کارشناس مسائل منطقه گفت: آری.\n\nکیان زاده افزود: نه.\n\nکیان‌زاده تصریح کرد: شاید.",
         ["مهران کیان زاده"] * 3),
        # a given name written together with the family name: the family name alone is the same person
        ("شیخ «سعید‌الحمدانی» مسئول سیاسی جنبش نمونه گفت: آری.\n\nالحمدانی افزود: نه.",
         ["سعید‌الحمدانی", "سعید‌الحمدانی"]),
        # «این نماینده … کویت» points back to the person of Kuwait met before, not to the Iranian speaking last
        ("خبرگزاری نمونه: یک عضو مجلس کویت اظهارات سخنگوی وزارت خارجه ایران را نامناسب خواند.\n\n"
         "«نادر الصباحی» گفت: این واکنش نامناسب بود.\n\n"
         "«بهمن آرامش» سخنگوی وزارت خارجه ایران گفته بود که اعتراض ابلاغ شده است.\n\n"
         "این نماینده مجلس امت کویت گفت: روابط دو کشور مهم است.",
         ["نادر الصباحی", "نادر الصباحی", "بهمن آرامش", "نادر الصباحی"]),
        # one unnamed holder of a role, described more fully the second time
        ("خبرگزاری نمونه: یک دیپلمات اروپایی گفت: نشست مفید بود.\n\n"
         "روزنامه نمونه نوشت: یک دیپلمات ارشد اروپایی تاکید کرد که گفت‌وگوها ادامه دارد.",
         ["دیپلمات اروپایی", "دیپلمات اروپایی"]),
        # «در همین حال» turns to someone else: a role nobody holds is not the current speaker, «این سخنگو» is them
        ("فرانک هولدرلی، وزیر خارجه نروژ، گفته است که نشست مفید بود.\n\n"
         "در همین حال، سخنگوی کاخ سفید گفته است پیشنهادی نرسیده است.\n\nبه گفته این سخنگو، تحریم‌ها ادامه دارد.",
         ["فرانک هولدرلی", "سخنگوی کاخ سفید", "سخنگوی کاخ سفید"]),
        # «این دیپلمات روس» is the Russian met before, though an official of no named country spoke last; the role
        # whose head only one named person holds («معاون سیاسی …») is that person, not the Russian speaking last
        ("ایگور ساوین سفیر روسیه در تهران در دیدار با کاوه رزمجو معاون سیاسی وزیر امور خارجه گفت: روابط خوب است.\n\n"
         "رزمجو نیز اظهار داشت: همکاری ادامه دارد.\n\nاین دیپلمات روس در ادامه خاطرنشان کرد که مسکو حامی است.\n\n"
         "معاون سیاسی وزارت خارجه همچنین تصریح کرد: تحریم‌ها مانع نیست.",
         ["ایگور ساوین", "کاوه رزمجو", "ایگور ساوین", "کاوه رزمجو"]),
        # «امیر» before a family name met already is the army's title; before a new one, a given name
        ("امیر سرتیپ نادر کیان‌مهر فرمانده نیروی زمینی ارتش گفت: آماده‌ایم.\n\nامیر کیان‌مهر افزود: مرزها امن است.\n\n"
         "امیر تهرانی‌فر نماینده مجلس نیز گفت: آری.",
         ["نادر کیان‌مهر", "نادر کیان‌مهر", "امیر تهرانی‌فر"]),
        # a person named as the subject of a sentence that reports nothing is the next «او»
        ("نرگس افشارنیا، عضو هیئت علمی دانشگاه نمونه، معتقد است که شانگهای فرصت است.\n\n"
         "اما محمدرضا کاشانی‌پور، اقتصاددان، نظر دیگری دارد. او می‌گوید عضویت تاثیری ندارد.",
         ["نرگس افشارنیا", "محمدرضا کاشانی‌پور"]),
        # an official who asked not to be named is not the person the article names next
        ("یک مقام ارشد دولت بریتانیا که خواست نامش فاش نشود گفت: سازوکار ماشه فعال می‌شود.\n\n"
         "پیش‌تر دیوید هارتلی، وزیر خارجه بریتانیا، گفته بود که دیپلماسی گزینه اول است.",
         ["مقام ارشد دولت بریتانیا", "دیوید هارتلی"]),
        # …while an indefinite alone introduces the person the body names («یک استاد دانشگاه» … «X»)
        ("خبرگزاری نمونه: یک استاد دانشگاه مصر گفت: زرادخانه‌ها خطرناک است.\n\n"
         "«سامر المنیری» استاد دانشگاه مصر در گفت‌وگو با رادیو نمونه گفت: صلح ممکن است.",
         ["سامر المنیری", "سامر المنیری"]),
    ],
)
def test_one_person_one_entity(engine, text, speakers):
    article = engine.analyze(text)
    assert [s.speaker for s in article.statements] == speakers
    assert len({s.speaker_id for s in article.statements if s.speaker == speakers[0]}) == 1


def test_pronoun_before_any_statement_is_the_person_named_last(engine):
    article = engine.analyze("«نگار خورسندی» نماینده سازمان محیط زیست در نشست حاضر بود.\n\nاو گفت: آری.")
    assert [s.speaker for s in article.statements] == ["نگار خورسندی"]


def test_an_unnamed_official_stays_unnamed(engine):
    # «یک مقام …» introduces someone new: never the current speaker, never a named person
    article = engine.analyze("«سیاوش نامدار» سفیر ایران گفت: آری.\n\nیک مقام ارشد اروپایی گفت: نه.")
    assert [s.speaker for s in article.statements] == ["سیاوش نامدار", "مقام ارشد اروپایی"]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # «از جمله» before a given name is no part of the name
        ("برخی مقامات از جمله بهرام کیانی وزیر دفاع نمونه با این طرح مخالف بودند.", ["بهرام کیانی"]),
        # a document noun after a name is the object, not the family name
        ("بهرام کیانی سند همکاری منطقه‌ای را امضا کرد.", ["بهرام کیانی"]),
        # words before a group role («اعضای») are no person's name
        ("این طرح نیازمند تامین حدنصاب اعضای مجلس است.", []),
        # a newspaper in guillemets inside the agency lead-in is a source, not a person
        ("به گزارش خبرگزاری نمونه به نقل از «نووایا روستوکا»، انتخابات برگزار شد.", []),
    ],
)
def test_no_person_from_ordinary_words(engine, text, people):
    article = engine.analyze(text)
    assert [e.name for e in article.entities if e.type == "person"] == people


@pytest.mark.parametrize(
    "text",
    [
        # the Kremlin's spokesman is not the foreign ministry's, though both speak for Russia
        "سخنگوی کرملین گفت: مذاکرات ادامه دارد.\nسخنگوی وزارت خارجه روسیه نیز گفت: ما آماده‌ایم.\n"
        "سخنگوی کرملین افزود: تحریم‌ها بی‌اثر است.",
        # the same of the White House and the State Department
        "سخنگوی کاخ سفید گفت: آری.\nسخنگوی وزارت خارجه آمریکا گفت: نه.\nسخنگوی کاخ سفید افزود: شاید.",
    ],
)
def test_spokespeople_of_two_bodies_of_one_country_are_two_speakers(engine, text):
    statements = engine.analyze(text).statements
    assert len({s.speaker_id for s in statements}) == 2
    assert statements[0].speaker_id == statements[2].speaker_id != statements[1].speaker_id


def test_a_group_role_is_no_mention_of_one_holder(engine):
    text = ("«بهرام کیانی» نایب‌رئیس مجلس نمایندگان عراق گفت: جلسه برگزار می‌شود.\n\n"
            "نمایندگان عراق در این جلسه حاضر شدند.")
    holder = next(e for e in engine.analyze(text).entities if e.name == "بهرام کیانی")
    assert [m.text for m in holder.mentions] == ["«بهرام کیانی» نایب‌رئیس مجلس نمایندگان عراق"]

