//! External identifiers: the codes other datasets use for an entity (ISO 3166, NUTS, PIC, ...).
//!
//! They are what lets records from different files and datasets be recognised as one entity:
//! two records that share an external id describe the same thing.

use std::fmt;
use std::str::FromStr;

use super::entity::SourceList;
use super::kinds::UnknownValue;

/// A scheme of external identifiers, spelled in snake_case in data files.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum ExternalIdScheme {
    /// ISO 3166: an ISO 3166-1 alpha-2 country code (`ES`) or an ISO 3166-2 subdivision code
    /// (`ES-CB`).
    Iso3166,
    /// Eurostat's NUTS classification: a country code and zero to three more characters, one
    /// per level (`ES`, `ES1`, `ES13`, `ES130`).
    Nuts,
    /// The EU's Participant Identification Code: nine digits (CORDIS's `organisationID`).
    Pic,
    /// A CORDIS project id: digits (`101056813`).
    CordisProject,
    /// A keep.eu project id: digits.
    KeepProject,
    /// An EU Knowledge Graph item, as Kohesio uses them: `Q` and digits (`Q2546841`).
    Kohesio,
}

impl ExternalIdScheme {
    /// Every scheme, in declaration order.
    pub const ALL: &'static [ExternalIdScheme] = &[
        ExternalIdScheme::Iso3166,
        ExternalIdScheme::Nuts,
        ExternalIdScheme::Pic,
        ExternalIdScheme::CordisProject,
        ExternalIdScheme::KeepProject,
        ExternalIdScheme::Kohesio,
    ];

    /// The scheme's position in [`ExternalIdScheme::ALL`].
    pub fn position(self) -> usize {
        self as usize
    }

    /// The spelling used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            ExternalIdScheme::Iso3166 => "iso_3166",
            ExternalIdScheme::Nuts => "nuts",
            ExternalIdScheme::Pic => "pic",
            ExternalIdScheme::CordisProject => "cordis_project",
            ExternalIdScheme::KeepProject => "keep_project",
            ExternalIdScheme::Kohesio => "kohesio",
        }
    }

    /// The format a value of this scheme must have, in words, for error messages.
    pub fn format(self) -> &'static str {
        match self {
            ExternalIdScheme::Iso3166 => {
                "two capital letters (ISO 3166-1 alpha-2, `ES`), or those, a hyphen and one to \
                 three capital letters or digits (ISO 3166-2, `ES-CB`)"
            }
            ExternalIdScheme::Nuts => {
                "two capital letters and up to three more capital letters or digits (`ES13`)"
            }
            ExternalIdScheme::Pic => "nine digits (`999999999`)",
            ExternalIdScheme::CordisProject | ExternalIdScheme::KeepProject => {
                "one to twelve digits"
            }
            ExternalIdScheme::Kohesio => "`Q` and one to twelve digits (`Q2546841`)",
        }
    }

    /// Whether `value` is well formed in this scheme. Values are compared exactly: codes are
    /// written in capitals, as their publishers write them.
    pub fn accepts(self, value: &str) -> bool {
        let upper_or_digit = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
        let digits = |text: &str, most: usize| {
            (1..=most).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
        };
        let bytes = value.as_bytes();
        let country = bytes.len() >= 2 && bytes[..2].iter().all(u8::is_ascii_uppercase);
        match self {
            ExternalIdScheme::Iso3166 => match value.split_once('-') {
                None => value.len() == 2 && country,
                Some((head, tail)) => {
                    head.len() == 2
                        && country
                        && (1..=3).contains(&tail.len())
                        && tail.bytes().all(upper_or_digit)
                }
            },
            ExternalIdScheme::Nuts => {
                (2..=5).contains(&bytes.len())
                    && country
                    && bytes[2..].iter().all(|&b| upper_or_digit(b))
            }
            ExternalIdScheme::Pic => value.len() == 9 && value.bytes().all(|b| b.is_ascii_digit()),
            ExternalIdScheme::CordisProject | ExternalIdScheme::KeepProject => digits(value, 12),
            ExternalIdScheme::Kohesio => value.strip_prefix('Q').is_some_and(|n| digits(n, 12)),
        }
    }

    /// The accepted spellings, for error messages.
    pub fn expected() -> String {
        Self::ALL
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl FromStr for ExternalIdScheme {
    type Err = UnknownValue;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|scheme| scheme.as_str() == text)
            .ok_or_else(|| UnknownValue {
                what: "external id scheme",
                value: text.to_owned(),
                expected: Self::expected(),
            })
    }
}

impl fmt::Display for ExternalIdScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One external identifier of an entity, with the sources that state it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExternalId {
    /// The scheme.
    pub scheme: ExternalIdScheme,
    /// The code, as the scheme writes it.
    pub value: Box<str>,
    /// The versions of the classification the code belongs to (NUTS: `2021`, `2024`), when the
    /// scheme has versions; empty otherwise.
    pub versions: Box<[Box<str>]>,
    /// The sources that state it.
    #[serde(with = "super::shared::arc")]
    pub sources: SourceList,
}

#[cfg(test)]
mod tests {
    use super::ExternalIdScheme::*;

    #[test]
    fn positions_follow_the_list_of_every_scheme() {
        for (i, scheme) in super::ExternalIdScheme::ALL.iter().enumerate() {
            assert_eq!(scheme.position(), i);
        }
    }

    #[test]
    fn formats_accept_published_codes_and_refuse_others() {
        for (scheme, good, bad) in [
            (
                Iso3166,
                &["ES", "ES-CB", "GB-ENG", "FR-75C", "MX-CHH"][..],
                &["es", "E", "ES-", "ES-ABCD", "ESP"][..],
            ),
            (
                Nuts,
                &["ES", "ES1", "ES13", "ES130", "ESZZZ", "UKC1"],
                &["E", "es13", "ES1300", "1S13"],
            ),
            (
                Pic,
                &["999999999"],
                &["99999999", "9999999999", "99999999a"],
            ),
            (
                CordisProject,
                &["101056813", "1"],
                &["", "10105681a", "1234567890123"],
            ),
            (Kohesio, &["Q2546841"], &["2546841", "Q", "q2546841", "Qx"]),
        ] {
            for value in good {
                assert!(scheme.accepts(value), "{scheme} should accept {value}");
            }
            for value in bad {
                assert!(!scheme.accepts(value), "{scheme} should refuse {value}");
            }
        }
    }
}
