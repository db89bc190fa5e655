//! Text folding: the single normalisation applied to indexed text *and* to
//! queries, so that both sides meet on the same spelling.
//!
//! The pipeline, in order (each step explains itself below):
//!
//! 1. **NFKD** decomposition. It splits precomposed letters into base letter +
//!    combining mark (`é` → `e` + U+0301, `ё` → `е` + U+0308, `أ` → `ا` +
//!    U+0654) and maps compatibility forms to their plain equivalents
//!    (full-width `Ａ` → `A`, ligature `ﬁ` → `fi`, Arabic presentation forms →
//!    base letters, NBSP → space).
//! 2. **Lower-casing** (`char::to_lowercase`, which covers Latin, Greek,
//!    Cyrillic, Armenian, …), then per-character mapping:
//!    * Latin/Greek/Cyrillic combining diacritics are dropped (that is what
//!      makes the search accent-insensitive). Cyrillic `й`/`ў` keep their
//!      breve: they are distinct letters, not accented ones (`ё` → `е` is the
//!      only Cyrillic folding the spec asks for).
//!    * Arabic harakat U+064B–U+065F, U+0670 and tatweel U+0640 are dropped.
//!      Because of NFKD, dropping hamza/madda marks also performs
//!      `أ إ آ` → `ا`, `ؤ` → `و`, `ئ` → `ي`; `ٱ` → `ا` and `ى` → `ي` are
//!      mapped explicitly, and the Persian letters `ی` → `ي`, `ک` → `ك` so
//!      that text typed on a Persian keyboard matches Arabic text.
//!    * Letters that carry a "diacritic" but have no Unicode decomposition
//!      are mapped by hand (`ø` → `o`, `ł` → `l`, `ß` → `ss`, `æ` → `ae`, …),
//!      Greek final `ς` → `σ`, Arabic-Indic digits → ASCII digits.
//!    * Invisible formatting characters (bidi marks, zero-width joiners,
//!      soft hyphen, BOM) are removed; they must not split a word. Control
//!      characters become spaces.
//! 3. **NFC** recomposition, so that the marks we keep (Cyrillic breve, kana
//!    voicing marks, Indic vowel signs, Hangul jamo) form normal characters
//!    again.
//! 4. Arabic **teh marbuta at the end of a word** → `ه` (`وزارة` → `وزاره`).
//! 5. **Traditional → simplified Chinese** with OpenCC `t2s` (phrase-aware,
//!    so `網絡` → `网络`), only when the text contains Han characters.
//!
//! `fold` is idempotent (checked by a property test): every mapping produces
//! characters that the pipeline leaves untouched.

use std::sync::LazyLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// OpenCC traditional → simplified converter, built once from the dictionaries
/// embedded in the crate. If it ever fails to load, folding degrades to "no
/// conversion" instead of failing every search: traditional text then only
/// matches traditional queries.
static T2S: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

/// Fold `text` for matching: case, diacritics, Arabic and Chinese variants.
/// See the module documentation for the exact pipeline.
pub fn fold(text: &str) -> String {
    // Fast path: most of the directory is plain ASCII English. For ASCII the
    // full pipeline reduces to lower-casing and turning controls into spaces.
    if text.is_ascii() {
        return text
            .chars()
            .map(|c| {
                if c.is_ascii_control() {
                    ' '
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
    }

    let mut folded = String::with_capacity(text.len());
    for c in text.nfkd() {
        for lower in c.to_lowercase() {
            push_folded(lower, &mut folded);
        }
    }
    let mut out: String = folded.nfc().collect();
    if out.contains('ة') {
        out = final_teh_marbuta(&out);
    }
    if out.chars().any(is_han) {
        out = to_simplified(out);
    }
    out
}

/// Append the folded form of one (already lower-cased, decomposed) character.
fn push_folded(c: char, out: &mut String) {
    match c {
        // Cyrillic breve on и/у makes the distinct letters й/ў: keep it so NFC
        // can recompose them.
        '\u{0306}' if matches!(out.chars().next_back(), Some('и' | 'у')) => out.push(c),
        c if is_removable_mark(c) || is_invisible(c) => {}
        c if c.is_control() => out.push(' '),
        // Arabic letter variants without a canonical decomposition.
        'ٱ' => out.push('ا'),
        'ى' | 'ی' => out.push('ي'),
        'ک' => out.push('ك'),
        // Arabic-Indic and extended (Persian) digits → ASCII digits.
        '\u{0660}'..='\u{0669}' => push_digit(c, 0x0660, out),
        '\u{06F0}'..='\u{06F9}' => push_digit(c, 0x06F0, out),
        // Latin letters whose "diacritic" is not a combining mark.
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        'þ' => out.push_str("th"),
        'ø' => out.push('o'),
        'ł' => out.push('l'),
        'đ' | 'ð' => out.push('d'),
        'ħ' => out.push('h'),
        'ı' => out.push('i'),
        'ŧ' => out.push('t'),
        'ƀ' => out.push('b'),
        // Greek final sigma is the same letter as σ.
        'ς' => out.push('σ'),
        c => out.push(c),
    }
}

fn push_digit(c: char, zero: u32, out: &mut String) {
    let value = u32::from(c) - zero;
    if let Some(d) = char::from_digit(value, 10) {
        out.push(d);
    }
}

/// Combining marks that only carry accents/vowelling and are dropped.
/// Deliberately *not* all combining marks: Indic vowel signs, kana voicing
/// marks etc. are part of the letter and must survive.
fn is_removable_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'   // combining diacritical marks (Latin, Greek, Cyrillic)
        | '\u{1AB0}'..='\u{1AFF}' // combining diacritical marks extended
        | '\u{1DC0}'..='\u{1DFF}' // combining diacritical marks supplement
        | '\u{20D0}'..='\u{20FF}' // combining marks for symbols
        | '\u{FE20}'..='\u{FE2F}' // combining half marks
        | '\u{0483}'..='\u{0489}' // Cyrillic titlo etc.
        | '\u{0591}'..='\u{05BD}' | '\u{05BF}' | '\u{05C1}'..='\u{05C2}'
        | '\u{05C4}'..='\u{05C5}' | '\u{05C7}' // Hebrew points and accents
        | '\u{064B}'..='\u{065F}' // Arabic harakat, hamza/madda above/below
        | '\u{0670}'              // Arabic superscript alef
        | '\u{0640}'              // Arabic tatweel (kashida)
    )
}

/// Invisible format characters that must not split or change a word.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                // soft hyphen
        | '\u{061C}'              // Arabic letter mark
        | '\u{180E}'              // Mongolian vowel separator
        | '\u{200B}'..='\u{200F}' // zero-width space/non-joiner/joiner, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // bidi isolates
        | '\u{FEFF}'              // BOM / zero-width no-break space
    )
}

/// Han ideographs (CJK unified, extensions, compatibility ideographs).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{323AF}'
        | '\u{3007}'
    )
}

/// Word character after folding: letters, digits and the combining marks
/// that folding keeps (Indic vowel signs…).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// `ة` at the end of a word → `ه`. "End of a word" means the next character
/// is not a word character (or there is none). Runs after mark removal so
/// harakat or bidi marks after the letter do not hide the word end.
fn final_teh_marbuta(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == 'ة' && !chars.peek().is_some_and(|&next| is_word_char(next)) {
            out.push('ه');
        } else {
            out.push(c);
        }
    }
    out
}

/// Traditional → simplified Chinese. Conversion is repeated until it stops
/// changing the text (at most a few rounds) so `fold` stays idempotent even
/// if a conversion output is itself convertible.
fn to_simplified(text: String) -> String {
    let Some(converter) = T2S.as_ref() else {
        return text;
    };
    let mut current = text;
    for _ in 0..4 {
        let next = converter.convert(&current);
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// Force the lazily built converter (used at index creation so the first
/// search does not pay for it).
pub(crate) fn warm_up() {
    LazyLock::force(&T2S);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::fold;

    #[test]
    fn case_and_latin_diacritics() {
        assert_eq!(
            fold("Ministère des Affaires étrangères"),
            "ministere des affaires etrangeres"
        );
        assert_eq!(fold("MÜNCHEN Señor Ñandú"), "munchen senor nandu");
        assert_eq!(
            fold("Łódź Øresund Straße Œuvre"),
            "lodz oresund strasse oeuvre"
        );
        assert_eq!(fold("İstanbul Dışişleri"), "istanbul disisleri");
        assert_eq!(fold("ＦＵＬＬ ｗｉｄｔｈ ﬁnance"), "full width finance");
    }

    #[test]
    fn cyrillic_and_greek() {
        assert_eq!(
            fold("Министерство иностранных дёл"),
            "министерство иностранных дел"
        );
        assert_eq!(fold("ЁЛКА"), "елка");
        // й is a letter of its own, not an accented и.
        assert_eq!(fold("Сергей Лавров"), "сергей лавров");
        assert_eq!(
            fold("ΥΠΟΥΡΓΕΊΟ Εξωτερικών ΟΔΟΣ"),
            "υπουργειο εξωτερικων οδοσ"
        );
    }

    #[test]
    fn arabic_normalisation() {
        // hamza forms, teh marbuta at the end of a word.
        assert_eq!(fold("وزارة الخارجية"), "وزاره الخارجيه");
        assert_eq!(fold("الأمن"), "الامن");
        assert_eq!(fold("إدارة"), "اداره");
        assert_eq!(fold("آمنة"), "امنه");
        assert_eq!(fold("ٱلله"), "الله");
        // alef maqsura, waw/yeh with hamza.
        assert_eq!(fold("مصطفى"), "مصطفي");
        assert_eq!(fold("مؤتمر رئيس"), "موتمر رييس");
        // harakat, superscript alef and tatweel.
        assert_eq!(fold("وَزَارَةُ"), "وزاره");
        assert_eq!(fold("الخـــارجية"), "الخارجيه");
        assert_eq!(fold("هٰذا"), "هذا");
        // teh marbuta inside a word (before a suffix) stays.
        assert_eq!(fold("ةب"), "ةب");
        // RTL mark after the word does not hide the end of the word.
        assert_eq!(fold("وزارة\u{200F}"), "وزاره");
    }

    #[test]
    fn chinese_traditional_to_simplified() {
        assert_eq!(fold("外交部網絡安全辦公室"), "外交部网络安全办公室");
        assert_eq!(fold("外交部网络安全办公室"), "外交部网络安全办公室");
        assert_eq!(fold("國家"), "国家");
    }

    #[test]
    fn invisible_and_control_characters() {
        assert_eq!(fold("Minis\u{00AD}try\u{200E}"), "ministry");
        assert_eq!(fold("a\u{0000}b\tc"), "a b c");
        assert_eq!(fold("a\u{0007}b"), "a b");
    }

    #[test]
    fn idempotent_on_samples() {
        for s in [
            "Ministère",
            "وزارة الخارجية",
            "外交部網絡",
            "дёл",
            "ß",
            "İ",
            "가나다",
            "がぎぐ",
            "हिन्दी",
            "ﷺ",
            "ﻻ",
        ] {
            let once = fold(s);
            assert_eq!(fold(&once), once, "{s}");
        }
    }
}
