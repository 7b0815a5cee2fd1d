//! Reading the values of published files: amounts with either decimal mark, dates in the
//! publishers' formats, and empty cells.

use super::rows::{Amount, Refusal};

/// A cell's text, trimmed, or `None` when it is empty.
pub fn cell(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

/// Reads an amount written with `.` or `,` as the decimal mark (`1234.5`, `1234,5`), with
/// an optional thousands separator (`1.234,50`, `1,234.50`, `1 234,50`) and currency sign.
/// An empty cell is `Ok(None)`: the amount is unknown, not zero.
pub fn parse_amount(text: &str) -> Result<Option<f64>, String> {
    let Some(text) = cell(text) else {
        return Ok(None);
    };
    // Publishers write an unknown amount as "n/a", "N.a." or a dash.
    if matches!(
        text.to_ascii_lowercase().as_str(),
        "n/a" | "n.a." | "n.a" | "na" | "-" | "\u{2013}" | "\u{2014}"
    ) {
        return Ok(None);
    }
    let cleaned: String = text
        .trim_start_matches('€')
        .trim_end_matches('€')
        .trim_end_matches("EUR")
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    let last_dot = cleaned.rfind('.');
    let last_comma = cleaned.rfind(',');
    let normalised = match (last_dot, last_comma) {
        // Both marks: the last one is the decimal mark, the other groups thousands.
        (Some(dot), Some(comma)) if dot > comma => cleaned.replace(',', ""),
        (Some(_), Some(_)) => cleaned.replace('.', "").replace(',', "."),
        // Only commas: one is a decimal mark, several group thousands.
        (None, Some(_)) if cleaned.matches(',').count() == 1 => cleaned.replace(',', "."),
        (None, Some(_)) => cleaned.replace(',', ""),
        // Only dots: several group thousands.
        (Some(_), None) if cleaned.matches('.').count() > 1 => cleaned.replace('.', ""),
        _ => cleaned,
    };
    match normalised.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(Some(value)),
        _ => Err(format!("`{text}` is not an amount")),
    }
}

/// Reads a date as a partial ISO date: `2021-09-01` (and `2021-09-01 00:00:00`),
/// `01/09/2021` (day first, as Kohesio and keep.eu write them), `2021-09`, `2021`.
/// An empty cell is `Ok(None)`.
pub fn parse_date(text: &str) -> Result<Option<String>, String> {
    let Some(text) = cell(text) else {
        return Ok(None);
    };
    let bad = || format!("`{text}` is not a date (expected 2021-09-01 or 01/09/2021)");
    let date = text.split([' ', 'T']).next().unwrap_or(text);
    let iso = if let Some((day, rest)) = date.split_once(['/', '.']) {
        let (month, year) = rest.split_once(['/', '.']).ok_or_else(bad)?;
        format!("{year:0>4}-{month:0>2}-{day:0>2}")
    } else {
        date.to_owned()
    };
    iso.parse::<crate::model::PartialDate>()
        .map(|parsed| Some(parsed.to_string()))
        .map_err(|_| bad())
}

/// Reads a date cell for a row: a date that is not one refuses the row, naming `field`.
pub fn row_date(text: &str, field: &str) -> Result<Option<String>, Refusal> {
    parse_date(text).map_err(|error| Refusal::new("not a date", format!("{field}: {error}")))
}

/// Reads an amount cell for a row into `amounts` under `label`: an empty cell adds nothing
/// (the amount is unknown), and one that is not a number refuses the row, naming `field`.
pub fn row_amount(
    text: &str,
    label: &'static str,
    field: &str,
    amounts: &mut Vec<Amount>,
) -> Result<(), Refusal> {
    match parse_amount(text) {
        Ok(Some(value)) => {
            amounts.push(Amount { label, value });
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(error) => Err(Refusal::new(
            "amount not a number",
            format!("{field}: {error}"),
        )),
    }
}

/// Reads coordinates written as `"lat,lon"` (CORDIS's `geolocation`), within range.
pub fn parse_coordinates(text: &str) -> Result<Option<(f64, f64)>, String> {
    let Some(text) = cell(text) else {
        return Ok(None);
    };
    let bad = || format!("`{text}` is not a latitude and longitude (expected `43.46,-3.80`)");
    let (lat, lon) = text.split_once(',').ok_or_else(bad)?;
    let lat: f64 = lat.trim().parse().map_err(|_| bad())?;
    let lon: f64 = lon.trim().parse().map_err(|_| bad())?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(bad());
    }
    Ok(Some((lat, lon)))
}

/// A slug of a text for an id: folded words joined by hyphens, at most `max` bytes, cut at
/// a word boundary where possible.
pub fn slug(text: &str, max: usize) -> String {
    let mut slug = String::new();
    for word in crate::text::fold_terms(text) {
        let word: String = word
            .chars()
            .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            .collect();
        if word.is_empty() {
            continue;
        }
        if !slug.is_empty() && slug.len() + 1 + word.len() > max {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
    }
    slug.truncate(max);
    if slug.is_empty() {
        // No folded word keeps a letter or digit (symbols only, or one word longer than the
        // search analyser keeps): the text's own ASCII letters and digits, else a digest, so
        // that an id is never empty and the same text always gives the same one.
        slug = text
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .take(max)
            .collect();
    }
    if slug.is_empty() {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(text.as_bytes());
        slug = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
        slug.insert(0, 'h');
    }
    slug
}

/// Whether a start and an end date are in order (or either is missing or unreadable).
pub fn in_order(start: Option<&str>, end: Option<&str>) -> bool {
    let parse = |date: Option<&str>| date.and_then(|d| d.parse::<crate::model::PartialDate>().ok());
    match (parse(start), parse(end)) {
        (Some(start), Some(end)) => start.earliest() <= end.latest(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_amounts_with_either_decimal_mark() {
        assert_eq!(parse_amount("1234.5"), Ok(Some(1234.5)));
        assert_eq!(parse_amount("1234,5"), Ok(Some(1234.5)));
        assert_eq!(parse_amount("1.234.567,89"), Ok(Some(1_234_567.89)));
        assert_eq!(parse_amount("1,234,567.89"), Ok(Some(1_234_567.89)));
        assert_eq!(parse_amount("€ 1 000"), Ok(Some(1000.0)));
        assert_eq!(parse_amount(""), Ok(None));
        assert_eq!(parse_amount("n/a"), Ok(None));
        assert_eq!(parse_amount("N.a."), Ok(None));
        assert!(parse_amount("tbc").is_err());
        assert!(parse_amount("NaN").is_err());
    }

    #[test]
    fn reads_dates_in_the_publishers_formats() {
        assert_eq!(parse_date("2021-09-01"), Ok(Some("2021-09-01".into())));
        assert_eq!(parse_date("01/09/2021"), Ok(Some("2021-09-01".into())));
        assert_eq!(
            parse_date("2021-09-01 00:00:00"),
            Ok(Some("2021-09-01".into()))
        );
        assert_eq!(parse_date(" "), Ok(None));
        assert!(parse_date("31/02/2021").is_err());
        assert!(parse_date("yesterday").is_err());
    }

    #[test]
    fn reads_coordinates_and_slugs() {
        assert_eq!(parse_coordinates("43.46,-3.8"), Ok(Some((43.46, -3.8))));
        assert!(parse_coordinates("95,0").is_err());
        assert_eq!(
            slug("Universidad de Cantabria (UC)", 60),
            "universidad-de-cantabria-uc"
        );
        assert_eq!(slug("Ñandú Ltd", 4), "nand");
        assert!(slug("***", 60).starts_with('h') && slug("***", 60).len() == 9);
        assert_eq!(slug(&"x".repeat(100), 60), "x".repeat(60));
        assert!(in_order(Some("2020"), Some("2020-12")));
        assert!(!in_order(Some("2021-01-01"), Some("2020-01-01")));
        assert!(in_order(Some("2021"), None));
    }
}
