"""Engine acceptance: the canonical sample, the synthetic articles, and one table per reporting construction."""

from __future__ import annotations

import json

import pytest
from conftest import SYNTHETIC_DIR, assert_spans_index_the_text, synthetic_names

ASHTIANI = "محمدرضا آشتیانی"
SHOIGU = "سرگئی شایگو"
MISSION = {"JCPOA", "3+3", "SCO", "BRICS"}


# --- the canonical sample --------------------------------------------------------------------------------
def test_sample_has_twelve_statements_six_each(sample_article):
    speakers = [s.speaker for s in sample_article.statements]
    assert speakers == [ASHTIANI] * 6 + [SHOIGU] * 6


def test_sample_statements_cover_the_sentences_from_isna_to_khabar_dad(sample_article):
    texts = [s.text for s in sample_article.statements]
    assert texts[0].startswith("به نقل از ایسنا")
    assert texts[-1].startswith("وزیر دفاع روسیه") and texts[-1].rstrip(".").endswith("خبرداد")
    assert not any(t.startswith("به گزارش") or t.startswith("در این دیدار طرفین") for t in texts)


def test_sample_sources_in_order(sample_article):
    assert sample_article.sources == ("اکونا پرس", "ایسنا")


@pytest.mark.parametrize(
    ("mention", "speaker"),
    [
        ("وزیر دفاع", ASHTIANI),  # bare role: the current subject, not the participant Shoigu
        ("امیر سرتیپ آشتیانی", ASHTIANI),  # title + family name
        ("وزیر دفاع جمهوری اسلامی ایران", ASHTIANI),  # role with country
        ("وی", SHOIGU),  # pronoun after Shoigu became the subject
        ("ارتشبد شایگو", SHOIGU),  # rank + family name
        ("وزیر دفاع روسیه", SHOIGU),  # role with a shorter country name
    ],
)
def test_sample_mentions_resolve(sample_article, mention, speaker):
    resolved = {s.speaker for s in sample_article.statements if s.mention and s.mention.text == mention}
    assert resolved == {speaker}


def test_sample_mission_topics_per_speaker(sample_article):
    topics = {ASHTIANI: set(), SHOIGU: set()}
    for statement in sample_article.statements:
        topics[statement.speaker] |= set(statement.topics)
    assert topics[ASHTIANI] & MISSION == {"JCPOA", "3+3", "SCO", "BRICS"}
    assert topics[SHOIGU] & MISSION == {"3+3", "SCO"}


def test_sample_entities_have_canonical_names_and_roles(sample_article):
    people = {e.name: e for e in sample_article.entities}
    assert people[ASHTIANI].roles == ("وزیر دفاع جمهوری اسلامی ایران",)
    assert people[SHOIGU].roles == ("وزیر دفاع فدراسیون روسیه",)
    assert people[ASHTIANI].type == people[SHOIGU].type == "person"
    # Shoigu is first met as a participant «در دیدار ارتشبد سرگئی شایگو …»: a mention, not a statement
    first_shoigu = people[SHOIGU].mentions[0]
    assert first_shoigu.sentence == 1 and first_shoigu.text.startswith("ارتشبد سرگئی شایگو")


def test_sample_verbs_include_light_and_glued_forms(sample_article):
    verbs = {v.text for s in sample_article.statements for v in s.verbs}
    assert {"گفت", "افزود", "اظهار کرد", "اظهار داشت", "مورد تاکید قرار داد", "خبرداد", "ارزیابی کرد"} <= verbs


def test_every_span_indexes_the_display_text(sample_article):
    assert_spans_index_the_text(sample_article)
    assert all(s.quote_start < s.quote_end for s in sample_article.statements)


def test_original_span_maps_back(sample_article):
    mention = sample_article.statements[0].mention
    start, end = sample_article.original_span(mention.start, mention.end)
    assert sample_article.original[start:end] == mention.text


def test_to_dict_is_json_with_the_documented_keys(sample_article):
    data = json.loads(json.dumps(sample_article.to_dict(), ensure_ascii=False))
    assert {"text", "sources", "sentences", "people", "statements", "topics"} <= set(data)
    statement = data["statements"][0]
    assert {"speaker", "speaker_type", "mention", "verbs", "topics", "sentence", "start", "end", "text"} <= set(statement)
    assert data["sentences"][statement["sentence"]]["start"] == statement["start"]
    assert {"name", "type", "aliases", "roles", "mentions"} <= set(data["people"][0])


# --- synthetic articles ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", synthetic_names())
def test_synthetic_article(engine, headline_engine, synthetic_expectations, name):
    expected = synthetic_expectations[name]
    text = (SYNTHETIC_DIR / name).read_text(encoding="utf-8")
    # the expectations list headline statements; by default a headline names its speaker but is no statement
    with_headlines = headline_engine.analyze(text, title=expected.get("title"))
    assert [s.speaker for s in with_headlines.statements] == expected["statements"]
    article = engine.analyze(text, title=expected.get("title"))
    assert_spans_index_the_text(article)
    kinds = expected.get("kinds") or [""] * len(expected["statements"])
    assert [s.speaker for s in article.statements] == [
        speaker for speaker, kind in zip(expected["statements"], kinds, strict=True) if kind != "headline"]
    if "kinds" in expected:
        assert [s.kind for s in with_headlines.statements] == expected["kinds"]
        assert [s.kind for s in article.statements] == [k for k in expected["kinds"] if k != "headline"]
    if "speaker_types" in expected:
        assert [s.speaker_type for s in article.statements] == expected["speaker_types"]
    for speaker, topic_ids in expected.get("topics", {}).items():
        found = {t for s in article.statements if s.speaker == speaker for t in s.topics}
        assert set(topic_ids) <= found, (speaker, found)
    for surface, speaker in expected.get("resolves", {}).items():
        resolved = {s.speaker for s in article.statements if s.mention and s.mention.text == surface}
        assert resolved == {speaker}, surface
    if "sources" in expected:
        assert list(article.sources) == expected["sources"]


def test_every_synthetic_article_has_expectations(synthetic_expectations):
    assert set(synthetic_names()) == set(synthetic_expectations)
    assert len(synthetic_names()) >= 10


# --- one table per reporting construction ----------------------------------------------------------------
SPEAKER = "پرویز تابنده"  # fictional
INTRO = "دکتر پرویز تابنده سفیر ایران در ژنو"


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        (f"{INTRO} گفت: همکاری ادامه دارد.", "گفت"),  # simple past before a colon
        (f"{INTRO} می‌گوید: همکاری ادامه دارد.", "می‌گوید"),  # present
        (f"{INTRO} گفته است که همکاری ادامه دارد.", "گفته است"),  # perfect, two words
        (f"{INTRO} گفته‌است که همکاری ادامه دارد.", "گفته‌است"),  # perfect, ZWNJ-joined
        (f"{INTRO} نگفت که همکاری متوقف شده است.", "نگفت"),  # negation
        (f"{INTRO} افزود: همکاری ادامه دارد.", "افزود"),  # «added»
        (f"{INTRO} اظهار کرد: همکاری ادامه دارد.", "اظهار کرد"),  # light verb
        (f"{INTRO} اظهار داشت: همکاری ادامه دارد.", "اظهار داشت"),  # light verb with داشت
        (f"{INTRO} تصریح کرد: همکاری ادامه دارد.", "تصریح کرد"),  # light verb
        (f"{INTRO} تأکید کرد: همکاری ادامه دارد.", "تأکید کرد"),  # hamza spelling
        (f"{INTRO} تاکید کرد: همکاری ادامه دارد.", "تاکید کرد"),  # plain spelling
        (f"{INTRO} خاطرنشان کرد: همکاری ادامه دارد.", "خاطرنشان کرد"),  # light verb
        (f"{INTRO} از ادامه همکاری خبر داد.", "خبر داد"),  # «خبر داد»
        (f"{INTRO} از ادامه همکاری خبرداد.", "خبرداد"),  # glued light verb
        (f"{INTRO} ادامه همکاری را مورد تاکید قرار داد.", "مورد تاکید قرار داد"),  # «مورد … قرار داد»
        (f"{INTRO} این اقدام را نقض تعهدات دانست.", "دانست"),  # evaluative with «را»
        (f"{INTRO} این اقدام را غیرقانونی خواند.", "خواند"),  # evaluative with «را»
        (f"{INTRO} سطح روابط را راهبردی ارزیابی کرد.", "ارزیابی کرد"),  # evaluative light verb
        (f"{INTRO} از این اقدام انتقاد کرد.", "انتقاد کرد"),  # stance
        (f"{INTRO} به تحولات منطقه اشاره کرد که آرام است.", "اشاره کرد"),  # light verb with its content
        (f"{INTRO} در یادداشتی نوشت: همکاری ادامه دارد.", "نوشت"),  # writing
        (f"{INTRO} مدعی شد که همکاری متوقف شده است.", "مدعی شد"),  # claim with شد
        (f"{INTRO} ادعا کرد که همکاری متوقف شده است.", "ادعا کرد"),  # claim
        (f"{INTRO} اضافه کرد: همکاری ادامه دارد.", "اضافه کرد"),  # «added»
        (f"{INTRO} ادامه داد: همکاری ادامه دارد.", "ادامه داد"),  # «continued»
        (f"{INTRO} یادآور شد: همکاری ادامه دارد.", "یادآور شد"),  # «reminded»
        (f"{INTRO} خواستار شد: همکاری ادامه یابد.", "خواستار شد"),  # «demanded»
        (f"{INTRO} هشدار داد: همکاری در خطر است.", "هشدار داد"),  # warning
        (f"{INTRO} توضیح داد: همکاری ادامه دارد.", "توضیح داد"),  # explanation
        (f"{INTRO} در پاسخ به پرسشی پاسخ داد: همکاری ادامه دارد.", "پاسخ داد"),  # answer
        (f"{INTRO} عنوان کرد: همکاری ادامه دارد.", "عنوان کرد"),  # light verb
        (f"{INTRO} اعلام کرد: همکاری ادامه دارد.", "اعلام کرد"),  # announcement
        (f"{INTRO} معتقد است همکاری ادامه دارد.", "معتقد است"),  # belief
        (f"{INTRO} تهدید را تکذیب کرد.", "تکذیب کرد"),  # denial
        (f"{INTRO} فرمودند: همکاری ادامه دارد.", "فرمودند"),  # honorific plural
        (f"{INTRO} تاکید نمود: همکاری ادامه دارد.", "تاکید نمود"),  # «نمود» for «کرد»
        (f"{INTRO} اعلام کرده است که همکاری ادامه دارد.", "اعلام کرده است"),  # perfect light verb
        (f"{INTRO} اظهار نظر کرد که برجام زنده است.", "اظهار نظر کرد"),  # «commented» (with no «که» only a topic)
    ],
)
def test_reporting_construction(engine, text, verb):
    article = engine.analyze(text)
    assert len(article.statements) == 1
    statement = article.statements[0]
    assert statement.speaker == SPEAKER
    assert verb in [v.text for v in statement.verbs]


@pytest.mark.parametrize(
    "text",
    [
        "در این دیدار طرفین آخرین وضعیت همکاری‌ها را مورد بررسی قرار دادند.",  # an action, not speech
        "گفته شد که نشست بعدی در تهران برگزار می‌شود.",  # impersonal passive, no agent
        "اعلام شد که رزمایش هفته آینده آغاز می‌شود.",  # passive «اعلام شد»
        "به گزارش خبرگزاری نمونه، نشست سران فردا برگزار می‌شود.",  # agency lead-in only
        "قرار است این نشست فردا برگزار شود.",  # «قرار است»: not a light verb of speech
        "ارتش اسرائیل به حملات خود در غزه ادامه داد.",  # «ادامه داد» = went on doing, no colon or quote
        "وزارت نیرو دو نیروگاه جدید را به شبکه اضافه کرد.",  # «اضافه کرد» = added something
        "رئیس‌جمهور روسیه در فرودگاه از همتای ایرانی خود استقبال کرد.",  # a welcome, no issue named
        "پرویز تابنده سفیر ایران در ژنو از قالب ۳+۳ استقبال کرد.",  # an attitude, even on a named issue
        "وی از موضع وزارت امور خارجه در این باره قدردانی کرد.",  # (the annotation rules: attitudes report nothing)
        "هیچ‌کس نمی‌دانست که نشست لغو شده است.",  # «دانست» = knew, without «را»
        "متن کامل این گفت‌وگو را در ادامه می‌خوانید.",  # second person plural («می‌خوانید»), not «می‌گوید»
        "در این نشست تاکید شد که همکاری ادامه می‌یابد.",  # a passive outside a document frame has no agent
        "یادآور می‌شود، قرارداد همکاری سال گذشته امضا شد.",  # the reporter's aside
        "کاخ سفید هنوز درباره این اظهارات موضعی اعلام نکرده است.",  # a negated verb with nothing said
    ],
)
def test_not_a_statement(engine, text):
    assert engine.analyze(text).statements == ()


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        ("«همکاری ادامه دارد.» پرویز تابنده سفیر ایران در ژنو این را گفت.", SPEAKER, "quote"),  # quote first
        ("پرویز تابنده سفیر ایران در ژنو گفت: «همکاری ادامه دارد.»", SPEAKER, "colon"),  # quote after a colon
        ("به گفته پرویز تابنده سفیر ایران در ژنو، همکاری ادامه دارد.", SPEAKER, "according_to"),  # «به گفته»
        ("به اعتقاد دکتر پرویز تابنده همکاری ادامه دارد.", SPEAKER, "according_to"),  # «به اعتقاد»
        ("از نظر دکتر پرویز تابنده همکاری ادامه دارد.", SPEAKER, "according_to"),  # «از نظر»
        ("طبق اعلام وزارت امور خارجه همکاری ادامه دارد.", "وزارت امور خارجه", "according_to"),  # organisation
        ("سپاه پاسداران در بیانیه‌ای اعلام کرد: رزمایش آغاز شد.", "سپاه پاسداران انقلاب اسلامی", "colon"),  # org alias
        ("به گفته منابع آگاه نشست به تعویق افتاد.", "منابع آگاه", "according_to"),  # unnamed sources, a group
        ("به اعتقاد کارشناسان، گسترش بریکس به نفع ایران است.", "کارشناسان", "according_to"),  # experts, a group
        # a given name hazm counts as a very common word, before an unknown family name
        ("محسن کاویانی‌پور همچنین گفت: همکاری ادامه دارد.", "محسن کاویانی‌پور", "colon"),
        # a foreign given name that is also a known word, set apart by an appositive role
        ("فرانک هولدرلی، وزیر خارجه نروژ، به خبرنگاران گفت اروپا آماده است.", "فرانک هولدرلی", "verb"),
        # a time adverb before the subject is no part of it
        ("پیش‌تر رئیس دفتر ریاست‌جمهوری اوکراین نیز گفته بود مذاکره ممکن نیست.", "رئیس دفتر ریاست‌جمهوری اوکراین", "verb"),
        # an organisation head the lexicon did not list («بنیاد»)
        ("بنیاد پژوهش‌های نمونه گزارش داد که دست‌کم ۱۲ نفر کشته شده‌اند.", "بنیاد پژوهش‌های نمونه", "verb"),
        # a listed organisation known by its short name
        ("عفو بین‌الملل در بیانیه‌ای خواستار توقف این حکم شد.", "سازمان عفو بین‌الملل", "verb"),
        # a qualifier of unnamed sources stays in the group's name
        ("منابع محلی اعلام کردند که درگیری‌ها از سر گرفته شده است.", "منابع محلی", "verb"),
        # the reporter's aside before the statement is skipped like a lead-in
        ("گفتنی است پرویز تابنده سفیر ایران در ژنو نیز بر ادامه همکاری تاکید کرد.", SPEAKER, "verb"),
        # a meeting noun's adjective after «در این …» is no name
        ("در این نشست خبری سخنگوی وزارت امور خارجه گفت: همکاری ادامه دارد.", "سخنگوی وزارت امور خارجه", "colon"),
        # a given name that is also a noun («پیمان»)
        ("پیمان قربان‌زاده، اقتصاددان، معتقد است تورم موقتی است.", "پیمان قربان‌زاده", "verb"),
        # a role head of several words, up to its city
        ("خطیب نماز جمعه تهران گفت: وحدت ضروری است.", "خطیب نماز جمعه تهران", "colon"),
        # an organisation inside a role ends before the reporting verb's nominal
        ("معاون سیاسی استانداری نمونه خاطرنشان کرد: انتخابات آرام بود.", "معاون سیاسی استانداری نمونه", "colon"),
        # hazm writes «خلیج‌فارس» as one word: still part of the group's role
        ("دبیرکل شورای همکاری خلیج فارس گفت: آری.", "دبیرکل شورای همکاری خلیج\u200cفارس", "colon"),
    ],
)
def test_attribution_shapes(engine, text, speaker, kind):
    statements = engine.analyze(text).statements
    assert [(s.speaker, s.kind) for s in statements] == [(speaker, kind)]


@pytest.mark.parametrize(
    ("text", "speakers", "verbs"),
    [
        ("ایران و روسیه در بیانیه مشترکی خواستار لغو تحریم‌ها شدند.", ["ایران", "روسیه"],
         ["خواستار لغو تحریم‌ها شدند"]),  # coordinated subjects; a predicate split by its complement
        ("پرویز تابنده سفیر ایران در ژنو گفت که مسکو از این طرح حمایت می‌کند.", [SPEAKER], ["گفت"]),  # «که» clause
        ("پرویز تابنده سفیر ایران در ژنو گفت ترکیه از روند آستانه حمایت می‌کند.", [SPEAKER], ["گفت"]),  # bare clause
        ("پرویز تابنده سفیر ایران در ژنو این اقدام را نقض تعهدات دانست و افزود: باید پاسخ داد.", [SPEAKER],
         ["دانست", "افزود"]),  # two verbs chained by «و», one statement
        ("سردار سرلشکر پرویز تابنده گفت: آماده‌ایم.", [SPEAKER], ["گفت"]),  # stacked titles
        ("پرویز تابنده که در جمع خبرنگاران سخن می‌گفت، افزود: آماده‌ایم.", [SPEAKER], ["افزود"]),  # relative clause
        ("مقامات چینی بر حمایت از چندجانبه‌گرایی تاکید کردند.", ["مقامات چینی"], ["تاکید کردند"]),  # a group
    ],
)
def test_clause_structure(engine, text, speakers, verbs):
    statements = engine.analyze(text).statements
    assert [s.speaker for s in statements] == speakers
    assert [v.text for v in statements[0].verbs] == verbs


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("وزارت امور خارجه روسیه اعلام کرد: مسکو آماده است.", "وزارت امور خارجه روسیه"),  # not Iran's ministry
        ("وزارت امور خارجه جمهوری اسلامی ایران اعلام کرد: تهران آماده است.", "وزارت امور خارجه"),  # Iran's
        ("پرویز تابنده سفیر ایران در ژنو از قالب ۳+۳ انتقاد کرد.", SPEAKER),  # a speech act on a named issue
        ("پرویز تابنده سفیر ایران در ژنو اضافه کرد که مرزها امن است.", SPEAKER),  # «اضافه کرد که»
    ],
)
def test_speaker_disambiguation(engine, text, speaker):
    assert [s.speaker for s in engine.analyze(text).statements] == [speaker]


@pytest.mark.parametrize(
    ("second_paragraph", "speakers"),
    [
        ("رستگار افزود: نه.", [SPEAKER, "رستگار"]),  # a surname that is also a word («saved») is a new person
        ("شرکت‌کنندگان در همایش گفتند: نه.", [SPEAKER]),  # an unidentified subject: no guess
        # member states speak as a group (a listed alliance: the group's full name)
        ("کشورهای عضو پیمان امنیت جمعی گفتند: نه.", [SPEAKER, "کشورهای عضو پیمان امنیت جمعی"]),
        ("یک مقام ارشد اروپایی به رویترز گفت: نه.", [SPEAKER, "مقام ارشد اروپایی"]),  # indefinite official
        ("همچنین در ادامه افزود: نه.", [SPEAKER, SPEAKER]),  # no subject at all: the last speaker goes on
    ],
)
def test_unknown_subjects_are_not_the_previous_speaker(engine, second_paragraph, speakers):
    article = engine.analyze(f"پرویز تابنده سفیر ایران گفت: آری.\n\n{second_paragraph}")
    assert [s.speaker for s in article.statements] == speakers


def test_group_and_unnamed_official_types(engine):
    article = engine.analyze("این مقام آمریکایی که نخواست نامش فاش شود گفت: تحریم‌ها ادامه می‌یابد.")
    assert [(s.speaker, s.speaker_type) for s in article.statements] == [("مقام آمریکایی", "person")]
    group = engine.analyze("مقامات چینی بر حمایت از چندجانبه‌گرایی تاکید کردند.").statements[0]
    assert group.speaker_type == "group"


def test_source_chain_with_nested_agencies(engine):
    text = "به گزارش ایرنا به نقل از ریانووستی، سرگئی لاوروف گفت: بریکس گسترش می‌یابد."
    assert engine.analyze(text).sources == ("ایرنا", "ریانووستی")
    assert engine.analyze("به گزارش ایسنا از رویترز، لاوروف گفت: آری.").sources == ("ایسنا", "رویترز")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("پرویز تابنده سفیر ایران گفت:\n\n«همکاری ادامه دارد.»\n\nاین در حالی است که گزارش‌ها خلاف آن است.",
         ["colon", "continuation"]),  # the colon ends its paragraph; the quote is the next one; then narration
        ("پرویز تابنده سفیر ایران گفت: «همکاری ادامه دارد.\n\nما آماده‌ایم.»\n\nنشست فردا برگزار می‌شود.",
         ["colon", "continuation"]),  # a «…» quote spanning two paragraphs
        ("پرویز تابنده سفیر ایران تاکید کرد:\n- همکاری ادامه دارد\n- مرزها امن است\nنشست فردا برگزار می‌شود.",
         ["colon", "continuation", "continuation"]),  # a list after a colon, then narration
        ("پرویز تابنده سفیر ایران گفت: همکاری ادامه دارد.\n\nنشست فردا برگزار می‌شود.",
         ["colon"]),  # a finished colon quote does not run into the next paragraph
    ],
)
def test_quotes_across_paragraphs(engine, text, kinds):
    statements = engine.analyze(text).statements
    assert [s.kind for s in statements] == kinds
    assert {s.speaker for s in statements} == {SPEAKER}


@pytest.mark.parametrize(
    ("first_line", "speaker"),
    [
        ("سرلشکر پرویز تابنده: آماده‌ایم", SPEAKER),  # rank + name
        ("تابنده در گفت‌وگو با الجزیره: برجام زنده است", "تابنده"),  # name, adverbial, colon
        ("سرگئی لاوروف پس از دیدار با همتای خود: همکاری ادامه دارد", "سرگئی لاوروف"),  # gazetteer, adverbial
        ("نکات مهم: همکاری و امنیت", None),  # a label, not a speaker
        ("نکات مهم این نشست: همکاری و امنیت", None),  # a label with more words
    ],
)
def test_headline_shapes(headline_engine, first_line, speaker):
    statements = headline_engine.analyze(first_line + "\n\nمتن خبر در اینجا آمده.").statements
    assert [s.speaker for s in statements if s.kind == "headline"] == ([speaker] if speaker else [])


def test_headline_from_title(engine, headline_engine):
    article = headline_engine.analyze("متن خبر بدون نقل قول.", title="پرویز تابنده: همکاری ادامه دارد")
    assert [(s.speaker, s.kind) for s in article.statements] == [(SPEAKER, "headline")]
    assert article.text.startswith("پرویز تابنده:")
    by_default = engine.analyze("متن خبر بدون نقل قول.", title="پرویز تابنده: همکاری ادامه دارد")
    assert by_default.statements == ()  # the annotation rules leave headlines out
    assert [e.name for e in by_default.entities] == [SPEAKER]  # the headline still names its speaker


def test_quote_spanning_sentences_is_one_unit(engine):
    article = engine.analyze("«همکاری ادامه دارد. ما آماده‌ایم.» پرویز تابنده سفیر ایران در ژنو گفت.")
    assert len(article.sentences) == 1
    assert [s.speaker for s in article.statements] == [SPEAKER]


def test_reporting_verb_inside_a_quote_is_not_the_attribution(engine):
    article = engine.analyze("پرویز تابنده سفیر ایران در ژنو گفت: «وزیر خارجه اعلام کرد که نشست لغو شد.»")
    assert [s.speaker for s in article.statements] == [SPEAKER]


def test_empty_and_whitespace_give_an_empty_article(engine):
    for text in ("", "   \n\n  "):
        article = engine.analyze(text)
        assert article.text == "" and article.statements == () and article.sentences == ()


def test_non_text_is_rejected(engine):
    from goftar import AnalysisError

    with pytest.raises(AnalysisError):
        engine.analyze(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": "کوتاه"}, "span"),  # a display text the spans do not index
        ({"topic_mentions": ()}, None),  # dropping spans keeps the rest valid
    ],
)
def test_article_is_validated_on_construction(sample_article, change, message):
    from dataclasses import replace

    if message is None:
        assert replace(sample_article, **change).topic_mentions == ()
    else:
        with pytest.raises(ValueError, match=message):
            replace(sample_article, **change)


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        # «این سازمان» refers back to the organisation issue named just before
        ("ایران به سازمان همکاری شانگهای پیوست. بهرام سپهری گفت: این سازمان آینده دارد.", [("SCO",)]),
        # …not across another use of its head noun: there «این سازمان» is the UN
        ("ایران به سازمان شانگهای پیوست. دبیرکل سازمان ملل گفت: این سازمان آینده دارد.", [()]),
        # …nor from further than ANAPHORA_REACH sentences
        ("برجام امضا شد. الف آمد. ب رفت. ج ماند. د نشست. بهرام سپهری گفت: این توافق مهم است.", [()]),
        # a phrase resolved is an antecedent itself, over an issue of another kind in between («قفقاز»)
        ("بهرام سپهری گفت که قالب ۳+۳ یعنی این قالب به قفقاز آرامش می‌دهد. او افزود: نشست این قالب در مسکو است.",
         [("3+3", "caucasus"), ("3+3",)]),
        ("ایران به بریکس پیوست. بهرام سپهری گفت: این گروه آینده دارد.", [("BRICS",)]),  # «این گروه»
    ],
)
def test_topic_anaphora(engine, text, topics):
    assert [tuple(sorted(s.topics)) for s in engine.analyze(text).statements] == [tuple(sorted(t)) for t in topics]
