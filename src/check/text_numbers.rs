//! The numbers a sentence writes, read as its language writes them: `3 409` (French),
//! `3,409` (English) and `3.409` (Spanish, German) are all 3409; `88,5 %` and `88.5%` are
//! both 88.5. The separators are the locale's, from ICU4X (`NumberFormat::separators`);
//! spaces of every kind also group digits in every language (ISO style, which English
//! texts use too). Digits of any script count.
//!
//! What is a number: integers, decimals, percentages (the sign is not compared), years,
//! and both ends of a range (`2022–2025`). Dotted references such as `1.1` or `1.2.3`
//! (an output's number) are kept as written, whichever separators the language has.
//! Numbers written as words ("two", "deux") are not read, nor a month written as a number
//! in Chinese, Japanese or Korean dates (`12月`), which other languages write as a word.

use super::numbers::digit_value;

/// How a language writes numbers: its digit-group and decimal separators.
pub(super) struct Separators {
    group: char,
    decimal: char,
}

impl Separators {
    /// From the strings ICU4X writes (`"\u{202f}"`, `","`); any kind of space is a space.
    pub(super) fn new(group: &str, decimal: &str) -> Separators {
        let first = |s: &str, default| s.chars().next().map_or(default, normalize_space);
        Separators {
            group: first(group, ','),
            decimal: first(decimal, '.'),
        }
    }
}

fn normalize_space(c: char) -> char {
    if c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}' {
        ' '
    } else {
        c
    }
}

/// A part of a run of digits: digits (as 0–9) or the separator between two of them.
#[derive(Debug, PartialEq)]
enum Part {
    Digits(String),
    Separator(char),
}

/// The numbers of a text, each in one canonical form (`3409`, `88.5`, `1.1`), in order.
#[cfg(test)]
fn numbers(text: &str, separators: &Separators) -> Vec<String> {
    located_numbers(text, separators)
        .into_iter()
        .map(|(n, _)| n)
        .collect()
}

/// The numbers of a text with the index (in characters) of the run of digits each was
/// read from.
pub(super) fn located_numbers(text: &str, separators: &Separators) -> Vec<(String, usize)> {
    let chars: Vec<char> = text.chars().map(normalize_space).collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit_value(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let mut parts = Vec::new();
        let start = i;
        while i < chars.len() {
            let c = chars[i];
            if let Some(d) = digit_value(c) {
                let digit = char::from_digit(d, 10).unwrap_or('0');
                match parts.last_mut() {
                    Some(Part::Digits(run)) => run.push(digit),
                    _ => parts.push(Part::Digits(digit.to_string())),
                }
            } else if is_joiner(c, separators)
                && chars.get(i + 1).is_some_and(|n| digit_value(*n).is_some())
            {
                parts.push(Part::Separator(c));
            } else {
                break;
            }
            i += 1;
        }
        // Chinese, Japanese and Korean write a date's month as a number (2025年12月,
        // 12월) where other languages write its name: a month is not compared.
        if matches!(chars.get(i), Some('月' | '월')) {
            continue;
        }
        found.extend(read_run(&parts, separators).into_iter().map(|n| (n, start)));
    }
    found
}

fn is_joiner(c: char, s: &Separators) -> bool {
    matches!(c, ',' | '.' | ' ' | '\'' | '’' | '\u{66b}' | '\u{66c}')
        || c == s.group
        || c == s.decimal
}

/// The numbers of one run of digits and separators.
fn read_run(parts: &[Part], s: &Separators) -> Vec<String> {
    let separators: Vec<char> = parts
        .iter()
        .filter_map(|p| match p {
            Part::Separator(c) => Some(*c),
            Part::Digits(_) => None,
        })
        .collect();
    let dotted = !separators.is_empty() && separators.iter().all(|c| *c == '.');
    if dotted && read_number(parts, 0, s).1 < parts.len() {
        // Not one number as the language writes them: an output's or a section's number
        // (1.1, 1.2.3), kept as written.
        let digits: Vec<&str> = parts
            .iter()
            .filter_map(|p| match p {
                Part::Digits(d) => Some(d.as_str()),
                Part::Separator(_) => None,
            })
            .collect();
        return vec![digits.join(".")];
    }
    let mut numbers = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let (number, next) = read_number(parts, i, s);
        numbers.extend(number);
        // Skip the separator that ended the number.
        i = next + 1;
    }
    numbers
}

/// One number from `parts[start]` on: its integer part with its digit groups, then its
/// decimals; returns it and the index of the part after it.
fn read_number(parts: &[Part], start: usize, s: &Separators) -> (Option<String>, usize) {
    let Some(Part::Digits(first)) = parts.get(start) else {
        return (None, start);
    };
    let mut integer = first.clone();
    let mut i = start + 1;
    let groups = |c: char| c == s.group || c == ' ';
    while first.len() <= 3 {
        match (parts.get(i), parts.get(i + 1)) {
            (Some(Part::Separator(c)), Some(Part::Digits(group)))
                if groups(*c) && group.len() == 3 && *c != s.decimal =>
            {
                integer.push_str(group);
                i += 2;
            }
            _ => break,
        }
    }
    let mut decimals = String::new();
    if let (Some(Part::Separator(c)), Some(Part::Digits(d))) = (parts.get(i), parts.get(i + 1))
        && *c == s.decimal
    {
        decimals = d.clone();
        i += 2;
    }
    (Some(canonical(&integer, &decimals)), i)
}

/// `0042` → `42`, `88.50` → `88.5`, `3.0` → `3`.
fn canonical(integer: &str, decimals: &str) -> String {
    let integer = integer.trim_start_matches('0');
    let integer = if integer.is_empty() { "0" } else { integer };
    let decimals = decimals.trim_end_matches('0');
    if decimals.is_empty() {
        integer.to_string()
    } else {
        format!("{integer}.{decimals}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, group: &str, decimal: &str) -> Vec<String> {
        numbers(text, &Separators::new(group, decimal))
    }

    #[test]
    fn a_number_reads_the_same_in_every_language_s_writing() {
        let fr = |t: &str| read(t, "\u{202f}", ",");
        let en = |t: &str| read(t, ",", ".");
        let es = |t: &str| read(t, ".", ",");
        assert_eq!(fr("3\u{202f}409 projets"), ["3409"]);
        assert_eq!(fr("3 409 projets"), ["3409"]);
        assert_eq!(en("3,409 projects"), ["3409"]);
        assert_eq!(es("3.409 proyectos"), ["3409"]);
        assert_eq!(fr("88,5\u{a0}%"), ["88.5"]);
        assert_eq!(en("88.5%"), ["88.5"]);
        assert_eq!(es("88,5 %"), ["88.5"]);
        assert_eq!(fr("1 234 567,25"), ["1234567.25"]);
        assert_eq!(en("1,234,567.25"), ["1234567.25"]);
    }

    #[test]
    fn ranges_lists_and_years_are_several_numbers() {
        let en = |t: &str| read(t, ",", ".");
        let fr = |t: &str| read(t, "\u{202f}", ",");
        assert_eq!(en("2022–2025"), ["2022", "2025"]);
        assert_eq!(en("in 2021, 131 offices"), ["2021", "131"]);
        assert_eq!(fr("en 2022 18 projets"), ["2022", "18"]);
        assert_eq!(en("March 15, 2025"), ["15", "2025"]);
        assert_eq!(
            fr("16 %: 21 bureaux sur 131 (août 2021)"),
            ["16", "21", "131", "2021"]
        );
    }

    #[test]
    fn dotted_references_read_alike_in_every_language() {
        assert_eq!(read("Produit 1.1", "\u{202f}", ","), ["1.1"]);
        assert_eq!(read("Output 1.1", ",", "."), ["1.1"]);
        assert_eq!(read("Producto 1.1", ".", ","), ["1.1"]);
        assert_eq!(read("section 1.2.3", ",", "."), ["1.2.3"]);
    }

    #[test]
    fn a_cjk_month_is_not_a_number_to_compare_but_its_year_and_day_are() {
        assert_eq!(read("2025年12月3日", ",", "."), ["2025", "3"]);
        assert_eq!(read("2025년 12월", ",", "."), ["2025"]);
    }

    #[test]
    fn digits_of_other_scripts_and_arabic_separators() {
        assert_eq!(read("٣٬٤٠٩٫٥", "٬", "٫"), ["3409.5"]);
        assert_eq!(read("١٦٪ و ٢١", ",", "."), ["16", "21"]);
    }
}
