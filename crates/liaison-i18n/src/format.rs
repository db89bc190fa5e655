//! Dates, times and numbers written the way each of the six languages writes them (issue 3
//! item 8). This is locale data (month names, digit grouping, word order, as in CLDR), not
//! interface text, so it lives here rather than in the translation files. Digits stay Western
//! in Arabic, as in the United Nations' Arabic documents.

use crate::UiLanguage;
use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use liaison_core::EntryLanguage;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
/// Genitive forms: "22 ноября".
const MONTHS_RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const MONTHS_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

fn month_name(months: &[&'static str; 12], month: i8) -> &'static str {
    usize::try_from(month - 1)
        .ok()
        .and_then(|i| months.get(i))
        .copied()
        .unwrap_or("")
}

/// A calendar date in the language's long form: "22 November 2026", "2026年11月22日".
fn civil_date(lang: UiLanguage, dt: DateTime) -> String {
    let (y, m, d) = (dt.year(), dt.month(), dt.day());
    match lang {
        EntryLanguage::En => format!("{d} {} {y}", month_name(&MONTHS_EN, m)),
        EntryLanguage::Fr if d == 1 => format!("1er {} {y}", month_name(&MONTHS_FR, m)),
        EntryLanguage::Fr => format!("{d} {} {y}", month_name(&MONTHS_FR, m)),
        EntryLanguage::Es => format!("{d} de {} de {y}", month_name(&MONTHS_ES, m)),
        EntryLanguage::Ru => format!("{d} {} {y} г.", month_name(&MONTHS_RU, m)),
        EntryLanguage::Ar => format!("{d} {} {y}", month_name(&MONTHS_AR, m)),
        EntryLanguage::Zh => format!("{y}年{m}月{d}日"),
    }
}

/// A date and a 24-hour time joined as the language joins them, with a zone label after.
fn civil_date_time(lang: UiLanguage, dt: DateTime, zone: &str) -> String {
    let date = civil_date(lang, dt);
    let time = format!("{:02}:{:02}", dt.hour(), dt.minute());
    match lang {
        EntryLanguage::Fr => format!("{date} à {time} {zone}"),
        EntryLanguage::Zh => format!("{date} {time} {zone}"),
        // The Arabic comma.
        EntryLanguage::Ar => format!("{date}، {time} {zone}"),
        _ => format!("{date}, {time} {zone}"),
    }
}

/// The UTC calendar date of a moment.
pub fn date(lang: UiLanguage, ts: Timestamp) -> String {
    civil_date(lang, ts.to_zoned(TimeZone::UTC).datetime())
}

/// A moment as date and time in UTC, labelled "UTC" (what every reader can compare).
pub fn date_time(lang: UiLanguage, ts: Timestamp) -> String {
    civil_date_time(lang, ts.to_zoned(TimeZone::UTC).datetime(), "UTC")
}

/// A moment as date and time in a time zone, labelled with the zone's abbreviation there and
/// then ("CET", "+03"), e.g. the current local time of a point of contact.
pub fn date_time_in(lang: UiLanguage, ts: Timestamp, tz: &TimeZone) -> String {
    let zoned = ts.to_zoned(tz.clone());
    let abbreviation = tz.to_offset_info(ts).abbreviation().to_owned();
    civil_date_time(lang, zoned.datetime(), &abbreviation)
}

/// Just the local time, "14:05".
pub fn time_in(ts: Timestamp, tz: &TimeZone) -> String {
    let dt = ts.to_zoned(tz.clone()).datetime();
    format!("{:02}:{:02}", dt.hour(), dt.minute())
}

/// A whole number with the language's digit grouping: 10,000 · 10 000 · 10.000.
pub fn number(lang: UiLanguage, n: u64) -> String {
    let digits = n.to_string();
    let (separator, min_digits) = match lang {
        // Narrow no-break space in French, no-break space in Russian: a number never breaks
        // across lines.
        EntryLanguage::Fr => ("\u{202f}", 4),
        EntryLanguage::Ru => ("\u{a0}", 5),
        // Spanish groups from five digits on (1000, but 10.000).
        EntryLanguage::Es => (".", 5),
        EntryLanguage::En | EntryLanguage::Zh | EntryLanguage::Ar => (",", 4),
    };
    if digits.len() < min_digits {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ts() -> Timestamp {
        "2026-11-22T14:05:09Z".parse().unwrap()
    }

    #[test]
    fn dates_in_each_language() {
        let cases = [
            (EntryLanguage::En, "22 November 2026"),
            (EntryLanguage::Fr, "22 novembre 2026"),
            (EntryLanguage::Es, "22 de noviembre de 2026"),
            (EntryLanguage::Ru, "22 ноября 2026 г."),
            (EntryLanguage::Ar, "22 نوفمبر 2026"),
            (EntryLanguage::Zh, "2026年11月22日"),
        ];
        for (lang, want) in cases {
            assert_eq!(date(lang, ts()), want);
        }
        let first: Timestamp = "2026-05-01T00:00:00Z".parse().unwrap();
        assert_eq!(date(EntryLanguage::Fr, first), "1er mai 2026");
    }

    #[test]
    fn date_times_in_each_language() {
        assert_eq!(
            date_time(EntryLanguage::En, ts()),
            "22 November 2026, 14:05 UTC"
        );
        assert_eq!(
            date_time(EntryLanguage::Fr, ts()),
            "22 novembre 2026 à 14:05 UTC"
        );
        assert_eq!(
            date_time(EntryLanguage::Zh, ts()),
            "2026年11月22日 14:05 UTC"
        );
        assert_eq!(
            date_time(EntryLanguage::Ar, ts()),
            "22 نوفمبر 2026، 14:05 UTC"
        );
    }

    #[test]
    fn local_times_follow_the_zone() {
        let paris = TimeZone::get("Europe/Paris").unwrap();
        assert_eq!(
            date_time_in(EntryLanguage::En, ts(), &paris),
            "22 November 2026, 15:05 CET"
        );
        let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
        assert_eq!(time_in(ts(), &tokyo), "23:05");
        // Across midnight the date moves too.
        assert!(date_time_in(EntryLanguage::En, ts(), &tokyo).starts_with("22 November"));
        let auckland = TimeZone::get("Pacific/Auckland").unwrap();
        assert!(date_time_in(EntryLanguage::En, ts(), &auckland).starts_with("23 November"));
    }

    #[test]
    fn numbers_group_digits() {
        assert_eq!(number(EntryLanguage::En, 10_000), "10,000");
        assert_eq!(number(EntryLanguage::En, 999), "999");
        assert_eq!(number(EntryLanguage::En, 1_234_567), "1,234,567");
        assert_eq!(number(EntryLanguage::Fr, 10_000), "10\u{202f}000");
        assert_eq!(number(EntryLanguage::Ru, 1_000), "1000");
        assert_eq!(number(EntryLanguage::Ru, 10_000), "10\u{a0}000");
        assert_eq!(number(EntryLanguage::Es, 1_000), "1000");
        assert_eq!(number(EntryLanguage::Es, 10_000), "10.000");
        assert_eq!(number(EntryLanguage::Zh, 45_514), "45,514");
        assert_eq!(number(EntryLanguage::Ar, 0), "0");
    }
}
