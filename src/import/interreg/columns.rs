//! The header spellings of the Interreg tables (keep.eu exports and lists of operations): each
//! column is found by any of them, compared without case, spaces or punctuation.

pub(super) const PROGRAMME: &[&str] =
    &["Programme", "Programme name", "Program", "Programme title"];
pub(super) const PERIOD: &[&str] = &["Period", "Programming period", "Programme period"];
/// keep.eu's project id, read only in tables whose rows name their programme.
pub(super) const KEEP_ID: &[&str] = &[
    "keep.eu ID",
    "keep.eu project ID",
    "Keep ID",
    "Project ID",
    "Project ID (2021-2027 only)",
    "Project id in keep.eu",
];
pub(super) const ACRONYM: &[&str] = &[
    "Project acronym",
    "Acronym",
    "Operation acronym",
    "Project short name",
];
pub(super) const PROJECT_NAME: &[&str] = &[
    "Project name in English",
    "Project name",
    "Project title",
    "Operation name",
    "Name of the operation",
    "Project name (English)",
    "Operation name in English",
];
pub(super) const START: &[&str] = &[
    "Project start",
    "Project start date",
    "Start date",
    "Operation start date",
    "Start",
];
pub(super) const END: &[&str] = &[
    "Project end",
    "Project end date",
    "End date",
    "Operation end date",
    "End",
];
/// A project's total budget, in a table of projects.
pub(super) const PROJECT_TOTAL: &[&str] = &[
    "Project's total budget / expenditure",
    "Project total budget",
    "Total project budget",
    "Project budget",
    "Total budget",
];
/// A project's total eligible expenditure, in a table of projects.
pub(super) const PROJECT_ELIGIBLE: &[&str] = &[
    "Total eligible expenditure of the operation",
    "Project total eligible expenditure",
    "Project's total eligible expenditure",
    "Total eligible expenditure",
];
/// A project's EU funding, in a table of projects.
pub(super) const PROJECT_EU: &[&str] = &[
    "Project's EU funding",
    "Project EU funding",
    "EU funding",
    "ERDF funding",
    "Project's programme co-financing",
];
/// The project's figures a table of partners may repeat on each row: only headers that say
/// they are the project's.
pub(super) const PARTNER_TABLE_PROJECT_TOTAL: &[&str] = &[
    "Project's total budget / expenditure",
    "Project total budget",
    "Total project budget",
];
pub(super) const PARTNER_TABLE_PROJECT_ELIGIBLE: &[&str] = &[
    "Total eligible expenditure of the operation",
    "Project total eligible expenditure",
    "Project's total eligible expenditure",
];
pub(super) const PARTNER_TABLE_PROJECT_EU: &[&str] =
    &["Project's EU funding", "Project EU funding"];
pub(super) const PARTNER_BUDGET: &[&str] = &[
    "Partner's total eligible budget / expenditure",
    "Partner's total budget",
    "Partner total budget",
    "Partner budget",
];
pub(super) const PARTNER_ELIGIBLE: &[&str] = &[
    "Eligible expenditure",
    "Partner's eligible expenditure",
    "Partner eligible expenditure",
    "Total eligible expenditure of the partner",
    "Total eligible expenditure",
];
pub(super) const PARTNER_EU: &[&str] = &[
    "Partner's programme co-financing (EUR) (2021-2027 only)",
    "Partner's programme co-financing (EUR)",
    "Partner's programme co-financing",
    "ERDF contribution (2014-2020 only)",
    "ERDF contribution",
    "Partner's EU funding",
    "EU contribution",
    "EU funding",
    "Interreg funding",
];
pub(super) const ORGANISATION: &[&str] = &[
    "Organisation in English",
    "Organisation name in English",
    "Partner name in English",
    "Partner name",
    "Organisation name",
    "Organisation",
    "Name of the partner",
    "Partner organisation",
    "Beneficiary name",
];
pub(super) const ORGANISATION_ORIGINAL: &[&str] = &[
    "Organisation in original language",
    "Partner name in original language",
    "Organisation in language 2",
    "Beneficiary name in original language",
];
pub(super) const SHORT_NAME: &[&str] = &[
    "Partner acronym",
    "Organisation acronym",
    "Partner short name",
    "Abbreviation",
];
pub(super) const ROLE: &[&str] = &[
    "Lead partner",
    "Lead partner (Y/N)",
    "Is lead partner",
    "Has the lead of the operation (Y/N)",
    "Lead",
    "Partner role",
    "Role",
    "Type",
    "Partner status",
];
pub(super) const KIND: &[&str] = &[
    "Type of Organisation",
    "Type of organisation",
    "Organisation type",
    "Partner type",
    "Type of partner",
];
pub(super) const PIC: &[&str] = &[
    "Participant Identification Code",
    "PIC",
    "PIC number",
    "PIC code",
    "Partner PIC",
    "Organisation PIC",
];
pub(super) const COUNTRY_CODE: &[&str] = &[
    "Country code",
    "Partner country code",
    "Country ISO code",
    "NUTS 0",
    "NUTS0",
];
pub(super) const COUNTRY: &[&str] = &["Country", "Partner country", "Country name"];
pub(super) const TOWN: &[&str] = &[
    "Town",
    "City",
    "Town/City",
    "Partner town",
    "Locality",
    "Municipality",
];
pub(super) const POSTCODE: &[&str] = &["Postcode", "Postal code", "Post code", "ZIP code"];
pub(super) const STREET: &[&str] = &["Street", "Address", "Street and number", "Partner address"];
pub(super) const NUTS3: &[&str] = &[
    "NUTS3 code (or equivalent)",
    "NUTS 3 code",
    "NUTS3 code",
    "NUTS3",
    "NUTS 3",
];
pub(super) const NUTS2: &[&str] = &[
    "NUTS2 code (or equivalent)",
    "NUTS 2 code",
    "NUTS2 code",
    "NUTS2",
    "NUTS 2",
];
pub(super) const NUTS1: &[&str] = &[
    "NUTS1 code (or equivalent)",
    "NUTS 1 code",
    "NUTS1 code",
    "NUTS1",
    "NUTS 1",
];
pub(super) const NUTS: &[&str] = &["NUTS code", "NUTS", "NUTS region"];
pub(super) const WEBSITE: &[&str] = &["Partner website", "Organisation website", "Website"];
pub(super) const UPDATED: &[&str] = &[
    "Date of last update",
    "Last update",
    "Update date",
    "Last updated",
];
