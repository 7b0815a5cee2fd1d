//! Sources, figures and addresses as GraphQL objects.

use super::*;

/// A document that states facts: a news item, a case study, a partner profile.
#[derive(Clone, Description)]
pub struct Source {
    data: Arc<Dataset>,
    index: SourceIndex,
}

impl Source {
    /// Wraps the source at `index`.
    pub fn new(data: Arc<Dataset>, index: SourceIndex) -> Self {
        Source { data, index }
    }

    fn record(&self) -> &model::Source {
        self.data.graph.source(self.index)
    }
}

#[Object(use_type_description)]
impl Source {
    /// The stable id, `source:<slug>`.
    async fn id(&self) -> ID {
        ID(self.record().id.clone())
    }

    /// The document's title.
    async fn title(&self) -> String {
        self.record().title.clone()
    }

    /// Who published it, where known.
    async fn publisher(&self) -> Option<String> {
        self.record().publisher.clone()
    }

    /// Who wrote it, where known.
    async fn author(&self) -> Option<String> {
        self.record().author.clone()
    }

    /// When it was published, where known.
    async fn date(&self) -> Option<PartialDate> {
        date(self.record().date)
    }

    /// What sort of document it is.
    async fn kind(&self) -> Option<SourceKind> {
        self.record().kind.map(Into::into)
    }

    /// Where it can be read, where known.
    async fn url(&self) -> Option<String> {
        self.record().url.clone()
    }

    /// A short description, in our own words.
    async fn description(&self) -> Option<String> {
        self.record().description.clone()
    }

    /// For a dataset: the file the facts were read from (an import cites the file it came
    /// from; reference data the file inside its package).
    async fn file(&self) -> Option<String> {
        self.record().file.clone()
    }

    /// For a dataset: the version of the package or release it came in.
    async fn version(&self) -> Option<String> {
        self.record().version.clone()
    }

    /// For a dataset: the licence it is published under.
    async fn licence(&self) -> Option<String> {
        self.record().licence.clone()
    }
}

/// A figure that a source states about an entity or a relation.
#[derive(Clone, Description)]
pub struct Figure {
    data: Arc<Dataset>,
    figure: model::Figure,
}

/// Wraps figures of a dataset as GraphQL objects.
pub(super) fn figures(data: &Arc<Dataset>, figures: &[model::Figure]) -> Vec<Figure> {
    figures
        .iter()
        .map(|figure| Figure {
            data: data.clone(),
            figure: figure.clone(),
        })
        .collect()
}

#[Object(use_type_description)]
impl Figure {
    /// What is measured.
    async fn label(&self) -> &str {
        &self.figure.label
    }

    /// The value.
    async fn value(&self) -> f64 {
        self.figure.value
    }

    /// The unit, where there is one.
    async fn unit(&self) -> Option<&str> {
        self.figure.unit.as_deref()
    }

    /// Whether the source gives the value as approximate ("almost", "around").
    async fn approximate(&self) -> bool {
        self.figure.approximate
    }

    /// The period the figure refers to, where stated.
    async fn year(&self) -> Option<PartialDate> {
        date(self.figure.year)
    }

    /// The documents that state the figure.
    async fn sources(&self) -> Vec<Source> {
        sources(&self.data, &self.figure.sources)
    }
}

/// An institution's address, as the source publishes it: any field may be missing, and none
/// has to match a region of the data.
#[derive(Clone, Description)]
pub struct Address(pub(super) model::Address);

#[Object(use_type_description)]
impl Address {
    /// The street and number, as the source publishes it.
    async fn street(&self) -> Option<&str> {
        self.0.street.as_deref()
    }

    /// The postcode, as the source publishes it.
    async fn postcode(&self) -> Option<&str> {
        self.0.postcode.as_deref()
    }

    /// The town or city, as the source publishes it.
    async fn town(&self) -> Option<&str> {
        self.0.town.as_deref()
    }

    /// The country, as the source publishes it: a code (such as `EL` for Greece) or a name.
    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }

    /// The NUTS code, as the source publishes it, whether or not the reference layer knows
    /// that region (the institution's region is its `location`).
    async fn nuts(&self) -> Option<&str> {
        self.0.nuts.as_deref()
    }

    /// The latitude in degrees (WGS 84), as the source publishes it.
    async fn latitude(&self) -> Option<f64> {
        self.0.latitude
    }

    /// The longitude in degrees (WGS 84), as the source publishes it.
    async fn longitude(&self) -> Option<f64> {
        self.0.longitude
    }
}
