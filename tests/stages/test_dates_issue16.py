"""Regression tests for the dates part of issue #16: Hijri dates without a year, a day word
with a weekday, tense-aware weekdays, 12-hour times with periods of the day, names that hold
date words, and the classes the gold misses showed (holidays, Hijri month edges, dual
relative durations, حتى اليوم, a year before punctuation). Sentences written for the tests."""

from __future__ import annotations

import pytest

from khabar.pipeline import make_article
from khabar.stages.dates import Dates

STAGE = Dates()
SAT = "2015-08-08"  # a Saturday; 23 Shawwal 1436
WED = "2023-09-13"  # a Wednesday; 28 Safar 1445


def found(text: str, date: str | None) -> list[tuple[str, str]]:
    art = make_article(text, date)
    STAGE(art)
    assert art.check() == []
    return [(t.text, t.value) for t in art.times]


# ------------------------------------------------------- Hijri dates without a year


@pytest.mark.parametrize(
    "text, date, expected",
    [
        # الجاري: this Hijri month of this Hijri year, even when the day is still to come
        ("تبدأ الدراسة في 27 شوال الجاري", SAT, [("27 شوال الجاري", "2015-08-12")]),
        ("يعود الوفد يوم 29 شوال الجاري", SAT, [("29 شوال الجاري", "2015-08-14")]),
        # المقبل / الماضي: the next or the last occurrence
        ("تنطلق المسابقة في 5 ذي القعدة المقبل", SAT, [("5 ذي القعدة المقبل", "2015-08-20")]),
        ("افتتح المعرض في 10 رمضان الماضي", SAT, [("10 رمضان الماضي", "2015-06-27")]),
        # no relative word: the nearest occurrence (a few days ahead, not a year back)
        ("موعد الاجتماع 2 ذو القعدة", SAT, [("2 ذو القعدة", "2015-08-17")]),
        ("وقعت الحادثة في 20 شوال", SAT, [("20 شوال", "2015-08-05")]),
        # a future clause: on or after the article date
        ("سيفتتح المشروع في 15 شوال", "2015-07-25", [("15 شوال", "2015-07-31")]),
        # a month with a relative word and no day: the interval it covers
        ("خلال رمضان المقبل", SAT, [("رمضان المقبل", "2016-06-06/2016-07-05")]),
    ],
)
def test_hijri_without_year(text, date, expected):
    assert found(text, date) == expected


def test_hijri_year_range_is_the_gregorian_years():
    assert found("استعدادا للعام الدراسي 1436-1437هـ", SAT) == [("1436-1437هـ", "2015/2016")]
    assert found("ميزانية العام المالي 1440 - 1441 هـ", SAT) == [("1440 - 1441 هـ", "2019/2020")]


# ------------------------------------------------------- a day word with a weekday


@pytest.mark.parametrize(
    "text, date, value",
    [
        # the weekday names the day the day word points to
        ("تبدأ المفاوضات بعد غد الاثنين", SAT, "2015-08-10"),
        ("تبدأ المفاوضات بعد غد الاثنين", "2015-08-09", "2015-08-10"),  # a date a day late
        ("وصل الوفد أمس الجمعة", SAT, "2015-08-07"),
        ("وصل الوفد أمس الجمعة", "2015-08-09", "2015-08-07"),
        ("جرت الانتخابات أول أمس الخميس", SAT, "2015-08-06"),
        ("أعلنت الوزارة اليوم السبت", SAT, "2015-08-08"),
        ("أعلنت الوزارة اليوم الجمعة", SAT, "2015-08-07"),  # the nearest Friday
        ("يبدأ الموسم اليوم الاثنين", SAT, "2015-08-10"),  # a future clause: the Monday ahead
        ("وقال الوزير اليوم الاثنين إن", SAT, "2015-08-03"),  # a past clause: the Monday before
        ("الوزير اليوم الاثنين في الرياض", SAT, "2015-08-10"),  # no tense: the nearest Monday
        ("تصل البعثة غدا (الأحد) إلى", SAT, "2015-08-09"),  # the weekday in brackets
    ],
)
def test_day_word_and_weekday_agree(text, date, value):
    got = found(text, date)
    assert len(got) == 1 and got[0][1] == value, got


# ------------------------------------------------------- tense-aware weekdays


@pytest.mark.parametrize(
    "text, value",
    [
        ("سيعقد المجلس جلسته يوم الاثنين", "2023-09-18"),
        ("وستصل الطائرة إلى جدة يوم الجمعة", "2023-09-15"),
        ("سوف يلتقي الوزيران يوم الأحد", "2023-09-17"),
        ("ومن المقرر أن يزور الرئيس باريس يوم السبت", "2023-09-16"),
        ("يزور الرئيس موسكو يوم الثلاثاء", "2023-09-19"),  # a present verb of a scheduled event
        ("قال إنه سيزور القاهرة يوم الخميس", "2023-09-14"),
        # past or no tense: on or before the article date, as before
        ("التقى الوزيران يوم الاثنين", "2023-09-11"),
        ("وقال الأحد إنه سيزور القاهرة", "2023-09-10"),  # the weekday belongs to قال
        ("اشترى سيارة يوم الاثنين", "2023-09-11"),  # سيارة is no future verb
    ],
)
def test_weekday_tense(text, value):
    got = found(text, WED)
    assert len(got) == 1 and got[0][1] == value, got


def test_future_clause_day_of_month():
    assert found("وستقام البطولة في 3 يونيو", WED) == [("3 يونيو", "2024-06-03")]
    assert found("تنطلق المسابقة في 20 سبتمبر", WED) == [("20 سبتمبر", "2023-09-20")]
    assert found("أقيمت البطولة في 20 سبتمبر", WED) == [("20 سبتمبر", "2022-09-20")]


# ------------------------------------------------------- clock times and periods of the day


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("وقع الانفجار في الحادية عشرة مساءً", "الحادية عشرة مساءً", "T23:00"),
        ("يفتح المعرض حتى الحادية عشرة من مساء كل يوم", "الحادية عشرة من مساء", "T23:00"),
        ("أقلعت الطائرة الساعة 5،42 عصراً", "الساعة 5،42 عصراً", "T17:42"),
        ("تبدأ المباراة الساعة 8٫30 مساء", "الساعة 8٫30 مساء", "T20:30"),
        ("وصل الساعة 9.15 صباحا", "الساعة 9.15 صباحا", "T09:15"),
        ("انطلقت القافلة الساعة 4 فجرا", "الساعة 4 فجرا", "T04:00"),
        ("توقف القصف الساعة 2 بعد منتصف الليل", "الساعة 2 بعد منتصف الليل", "T02:00"),
        ("عقد المؤتمر الساعة الواحدة ظهرا", "الساعة الواحدة ظهرا", "T13:00"),
        ("أغلق السوق الساعة 6 ليلا", "الساعة 6 ليلا", "T18:00"),
        ("الساعة 12 ليلا", "الساعة 12 ليلا", "T00:00"),
        ("الساعة 20:15 مساء", "الساعة 20:15 مساء", "T20:15"),  # a 24-hour time stays
    ],
)
def test_periods_of_the_day(text, span, value):
    assert (span, value) in found(text, WED)


@pytest.mark.parametrize("text", ["ارتفع المؤشر 5.42 بالمئة", "بلغت النسبة 8،5 في المئة"])
def test_decimal_numbers_are_not_times(text):
    assert [v for _, v in found(text, WED) if v.startswith("T")] == []


# ------------------------------------------------------- names that hold date words


@pytest.mark.parametrize(
    "text",
    [
        "وقالت صحيفة عين اليوم إن الوزارة",
        "وذكرت عين اليوم أن المشروع",
        "وقال المتحدث لـ «اليوم» إن الخطة",
        "ونشرت صحيفة المصري اليوم تقريرا",
        "وجاءت القائمة وفقا لـ«المصري اليوم» كما يلي",
        "وقالت قناة روسيا اليوم إن",
    ],
)
def test_names_with_date_words_are_not_times(text):
    assert found(text, WED) == []


def test_date_words_outside_names_still_found():
    assert found("وقال الوزير اليوم إن", WED) == [("اليوم", WED)]
    # روسيا اليوم / المصري اليوم without a head word or quotes is also "Russia / the Egyptian ... today"
    assert found("تواجه روسيا اليوم عقوبات", WED) == [("اليوم", WED)]
    assert found("أصيب جنود من الأمن المركزي المصري اليوم في", WED) == [("اليوم", WED)]


# ------------------------------------------------------- from the gold misses


@pytest.mark.parametrize(
    "text, date, expected",
    [
        ("احتفل الأهالي في عيد الفطر الحالي", "2015-07-22", [("عيد الفطر الحالي", "2015-07-17")]),
        ("ازدحمت الحدائق منذ أول أيام العيد", "2015-07-22", [("أول أيام العيد", "2015-07-17")]),
        ("سافر في ثاني أيام العيد", "2015-07-22", [("ثاني أيام العيد", "2015-07-18")]),
        ("عادت الكهرباء مع نهاية رمضان", "2015-07-22", [("نهاية رمضان", "2015-07-16")]),
        ("يصوم الناس مع بداية شهر رمضان", "2015-06-10", [("بداية شهر رمضان", "2015-06-18")]),
        ("يتوقع الإقبال في عيد الأضحى المقبل", "2015-07-22", [("عيد الأضحى المقبل", "2015-09-23")]),
        ("يقف الحجاج بعرفة يوم عرفة", "2015-09-10", [("يوم عرفة", "2015-09-22")]),
    ],
)
def test_holidays_and_month_edges(text, date, expected):
    assert found(text, date) == expected


@pytest.mark.parametrize("text", ["عمت فرحة العيد في المدينة", "قال طارق رمضان", "في شهر رمضان"])
def test_holiday_words_alone_are_not_dates(text):
    assert found(text, "2015-07-22") == []


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("لم تسجل إصابات خلال اليومين الماضيين", "اليومين الماضيين", "P2D"),
        ("وخلال العامين الماضيين تضاعف العدد", "العامين الماضيين", "P2Y"),
        ("سيصل الوفد خلال الأسبوعين المقبلين", "الأسبوعين المقبلين", "P2W"),
        ("ارتفعت الأسعار في الشهرين الأخيرين", "الشهرين الأخيرين", "P2M"),
    ],
)
def test_dual_relative_durations(text, span, value):
    assert found(text, WED) == [(span, value)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("لم يتغير الوضع حتى اليوم من حيث", [("اليوم", WED)]),
        ("وقال في بيان الليلة قبل الماضية إن", [("الليلة قبل الماضية", "2023-09-11")]),
        ("يستعد المرشح لانتخابات الرئاسة 2024، ويأمل", [("2024", "2024")]),
        ("تستضيف قطر مونديال 2022: الاستعدادات", [("2022", "2022")]),
    ],
)
def test_gold_miss_classes(text, expected):
    assert found(text, WED) == expected


@pytest.mark.parametrize("text", ["بلغ عدد الزوار 2016.", "وصل عدد المشاركين إلى 1998،", "ارتفع إلى 2010."])
def test_counts_before_punctuation_are_not_years(text):
    assert found(text, WED) == []
