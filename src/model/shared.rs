//! Serialising the values the loader shares between records (`Arc`s of source lists, roles,
//! labels and project details), so that a snapshot stores each one once and reading it back
//! shares them again, as loading the files did.
//!
//! Inside [`writing`], the first time a shared value is serialised it is written whole
//! (`New`) and numbered; every later occurrence of the same `Arc` is written as its number
//! (`Seen`). Inside [`reading`], each `New` value is kept in a table per type and each `Seen`
//! number clones the `Arc` from it. Both tables live on the current thread for the duration of
//! the closure, so a value must be read back on one thread in the order it was written.
//! Outside those scopes every value is written whole, and a `Seen` number cannot be read.

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use serde::de::{self, Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

/// The numbers given so far while writing: by type, then by the value's address.
type Written = HashMap<TypeId, HashMap<usize, u32>>;
/// The values read so far while reading: by type, a `Vec<Arc<T>>` each. A snapshot shares
/// values of a handful of types, so a list searched in order finds a type faster than a hash
/// of its id would, on a path taken for every relation read.
type Read = Vec<(TypeId, Box<dyn Any>)>;

thread_local! {
    static WRITTEN: RefCell<Option<Written>> = const { RefCell::new(None) };
    static READ: RefCell<Option<Read>> = const { RefCell::new(None) };
}

/// Ends a scope even when the closure inside it panics.
struct EndScope(fn());

impl Drop for EndScope {
    fn drop(&mut self) {
        (self.0)();
    }
}

/// Runs `work`, which serialises values, writing each shared value once.
pub fn writing<R>(work: impl FnOnce() -> R) -> R {
    WRITTEN.with(|written| *written.borrow_mut() = Some(HashMap::new()));
    let _end = EndScope(|| WRITTEN.with(|written| *written.borrow_mut() = None));
    work()
}

/// Runs `work`, which deserialises what [`writing`] serialised, sharing each value again.
pub fn reading<R>(work: impl FnOnce() -> R) -> R {
    READ.with(|read| *read.borrow_mut() = Some(Vec::new()));
    let _end = EndScope(|| READ.with(|read| *read.borrow_mut() = None));
    work()
}

/// The number of a value already written in the current scope, or `None` after numbering it
/// (or when no scope is open).
fn written_before<T: ?Sized + 'static>(value: &Arc<T>) -> Option<u32> {
    let address = Arc::as_ptr(value).cast::<()>() as usize;
    WRITTEN.with(|written| {
        let mut written = written.borrow_mut();
        let numbers = written.as_mut()?.entry(TypeId::of::<T>()).or_default();
        let next = numbers.len() as u32;
        match numbers.entry(address) {
            std::collections::hash_map::Entry::Occupied(seen) => Some(*seen.get()),
            std::collections::hash_map::Entry::Vacant(new) => {
                new.insert(next);
                None
            }
        }
    })
}

fn serialize_shared<T, S>(value: &Arc<T>, serializer: S) -> Result<S::Ok, S::Error>
where
    T: ?Sized + Serialize + 'static,
    S: Serializer,
{
    match written_before(value) {
        Some(number) => serializer.serialize_newtype_variant("Shared", 1, "Seen", &number),
        None => serializer.serialize_newtype_variant("Shared", 0, "New", &**value),
    }
}

/// How a shared value is written: whole the first time, by number afterwards.
#[derive(serde::Deserialize)]
#[serde(rename = "Shared")]
enum Stored<B> {
    New(B),
    Seen(u32),
}

fn deserialize_shared<'de, T, D>(deserializer: D) -> Result<Arc<T>, D::Error>
where
    T: ?Sized + 'static,
    Box<T>: Deserialize<'de>,
    D: Deserializer<'de>,
{
    match Stored::<Box<T>>::deserialize(deserializer)? {
        Stored::New(value) => {
            let value: Arc<T> = Arc::from(value);
            READ.with(|read| {
                if let Some(read) = read.borrow_mut().as_mut() {
                    let id = TypeId::of::<T>();
                    let position = match read.iter().position(|(type_id, _)| *type_id == id) {
                        Some(position) => position,
                        None => {
                            read.push((id, Box::new(Vec::<Arc<T>>::new())));
                            read.len() - 1
                        }
                    };
                    if let Some(values) = read[position].1.downcast_mut::<Vec<Arc<T>>>() {
                        values.push(Arc::clone(&value));
                    }
                }
            });
            Ok(value)
        }
        Stored::Seen(number) => READ.with(|read| {
            let id = TypeId::of::<T>();
            read.borrow()
                .as_ref()
                .and_then(|read| read.iter().find(|(type_id, _)| *type_id == id))
                .and_then(|(_, values)| values.downcast_ref::<Vec<Arc<T>>>())
                .and_then(|values| values.get(number as usize))
                .cloned()
                .ok_or_else(|| {
                    de::Error::custom(format!(
                        "shared value {number} is used before it is written"
                    ))
                })
        }),
    }
}

/// `#[serde(with = "shared::arc")]` for an `Arc<T>` field.
pub mod arc {
    use super::*;

    /// Writes the value once per scope (see the module's comment).
    pub fn serialize<T, S>(value: &Arc<T>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: ?Sized + Serialize + 'static,
        S: Serializer,
    {
        serialize_shared(value, serializer)
    }

    /// Reads a value written by [`serialize`], sharing it with its earlier occurrences.
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Arc<T>, D::Error>
    where
        T: ?Sized + 'static,
        Box<T>: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        deserialize_shared(deserializer)
    }
}

/// An `Arc` that serialises as [`arc`] does, for the optional fields.
struct SharedArc<T: ?Sized>(Arc<T>);

/// A borrowed `Arc` that serialises as [`arc`] does.
struct SharedRef<'a, T: ?Sized>(&'a Arc<T>);

impl<T: ?Sized + Serialize + 'static> Serialize for SharedRef<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_shared(self.0, serializer)
    }
}

impl<'de, T> Deserialize<'de> for SharedArc<T>
where
    T: ?Sized + 'static,
    Box<T>: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_shared(deserializer).map(SharedArc)
    }
}

/// `#[serde(with = "shared::optional")]` for an `Option<Arc<T>>` field.
pub mod optional {
    use super::*;

    /// Writes the value, if any, once per scope.
    pub fn serialize<T, S>(value: &Option<Arc<T>>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: ?Sized + Serialize + 'static,
        S: Serializer,
    {
        match value {
            Some(value) => serializer.serialize_some(&SharedRef(value)),
            None => serializer.serialize_none(),
        }
    }

    /// Reads a value written by [`serialize`].
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<Arc<T>>, D::Error>
    where
        T: ?Sized + 'static,
        Box<T>: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Ok(Option::<SharedArc<T>>::deserialize(deserializer)?.map(|shared| shared.0))
    }
}

/// `#[serde(deserialize_with = "shared::exact")]` for a large `Vec` field: reads it into a
/// vector of exactly the length written, instead of growing one by doubling (serde's own
/// reading reserves at most a megabyte up front), so that reading a snapshot neither copies
/// the vector as it grows nor leaves the copies' memory behind. The length is trusted: a
/// snapshot's checksum is verified before it is decoded.
pub fn exact<'de, T, D>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    deserializer.deserialize_seq(ExactVec(std::marker::PhantomData))
}

/// Reads a sequence into a vector reserved at its stated length.
struct ExactVec<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> de::Visitor<'de> for ExactVec<T> {
    type Value = Vec<T>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a sequence")
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(value) = seq.next_element()? {
            values.push(value);
        }
        Ok(values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Record {
        #[serde(with = "arc")]
        sources: Arc<[u32]>,
        #[serde(with = "optional")]
        role: Option<Arc<str>>,
    }

    fn records() -> Vec<Record> {
        let sources: Arc<[u32]> = Arc::from(vec![1, 2]);
        let role: Arc<str> = Arc::from("partner");
        (0..3)
            .map(|i| Record {
                sources: Arc::clone(&sources),
                role: (i != 1).then(|| Arc::clone(&role)),
            })
            .collect()
    }

    #[test]
    fn a_shared_value_is_written_once_and_read_back_shared() {
        let records = records();
        let shared = writing(|| postcard::to_stdvec(&records)).expect("serialises");
        let whole = postcard::to_stdvec(&records).expect("serialises");
        assert!(shared.len() < whole.len(), "{shared:?} against {whole:?}");
        let back: Vec<Record> =
            reading(|| postcard::from_bytes(&shared)).expect("reads what was written");
        assert_eq!(&*back[2].sources, &[1, 2]);
        assert_eq!(back[1].role, None);
        assert_eq!(back[2].role.as_deref(), Some("partner"));
        assert!(Arc::ptr_eq(&back[0].sources, &back[2].sources));
        assert!(Arc::ptr_eq(
            back[0].role.as_ref().expect("a role"),
            back[2].role.as_ref().expect("a role")
        ));
        // Written outside a scope, every value is whole and reads back anywhere.
        let back: Vec<Record> = postcard::from_bytes(&whole).expect("reads whole values");
        assert_eq!(back.len(), 3);
        // A number read outside its scope is refused, not invented.
        assert!(postcard::from_bytes::<Vec<Record>>(&shared).is_err());
    }
}
