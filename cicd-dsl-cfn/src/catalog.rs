//! The embedded catalog: a sorted index over one JSON line per type.

use crate::generated::{REGIONS, SCHEMA_DATE, TYPES};
use crate::schema::ResourceSchema;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Every type's schema, one compact JSON document per line, sorted by name.
static DATA: &str = include_str!("../data/schemas.jsonl");

/// One row of the generated index.
#[derive(Debug)]
pub(crate) struct TypeEntry {
    pub name: &'static str,
    /// Byte offset of the type's line in `DATA`.
    pub offset: u32,
    /// Its length in bytes, without the newline.
    pub len: u32,
    /// Bit `i` set: `REGIONS[i]` offers the type.
    pub regions: u64,
    /// A type of the SAM transform (`AWS::Serverless::*`), not tied to a region.
    pub sam: bool,
}

/// Every CloudFormation resource type cfn-lint knows, with its schema.
///
/// Looking a type up is a binary search over a static table; only
/// [`Catalog::schema`] parses JSON, and only the requested type's line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Catalog;

impl Catalog {
    fn entry(type_name: &str) -> Option<&'static TypeEntry> {
        TYPES
            .binary_search_by(|e| e.name.cmp(type_name))
            .ok()
            .map(|i| &TYPES[i])
    }

    /// Every type name, sorted.
    pub fn type_names() -> impl ExactSizeIterator<Item = &'static str> + Clone {
        TYPES.iter().map(|e| e.name)
    }

    /// Number of types.
    pub fn len() -> usize {
        TYPES.len()
    }

    /// Whether the catalog knows the type (exact, case-sensitive name).
    pub fn contains(type_name: &str) -> bool {
        Self::entry(type_name).is_some()
    }

    /// The type's schema, decoded from its own line only, once per process:
    /// the rules, synth and the macro ask for the same few types once per
    /// item, and decoding dominated a 500-item synth before this memo.
    ///
    /// # Panics
    /// If the embedded line does not decode; the crate's tests decode every
    /// type, so this would be a bug in the generated data.
    pub fn schema(type_name: &str) -> Option<&'static ResourceSchema> {
        let entry = Self::entry(type_name)?;
        static DECODED: OnceLock<Mutex<HashMap<&'static str, &'static ResourceSchema>>> =
            OnceLock::new();
        let decoded = DECODED.get_or_init(Default::default);
        if let Some(schema) = decoded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(entry.name)
        {
            return Some(schema);
        }
        // Decoded outside the lock; two threads may both decode a type the
        // first time, and the first one stored wins.
        let json = Self::raw_schema(type_name)?;
        let schema: ResourceSchema = serde_json::from_str(json)
            .unwrap_or_else(|e| panic!("catalog entry for {type_name} does not decode: {e}"));
        let mut decoded = decoded.lock().unwrap_or_else(|e| e.into_inner());
        // Leaked on purpose: at most one per type, kept for the process.
        Some(
            decoded
                .entry(entry.name)
                .or_insert_with(|| Box::leak(Box::new(schema))),
        )
    }

    /// The type's reduced schema as JSON text (see DATA.md for its shape).
    pub fn raw_schema(type_name: &str) -> Option<&'static str> {
        let e = Self::entry(type_name)?;
        let start = e.offset as usize;
        DATA.get(start..start + e.len as usize)
    }

    /// Region codes the catalog knows (`us-east-1`, ...), in a fixed order.
    pub fn regions() -> &'static [&'static str] {
        &REGIONS
    }

    /// Whether `region` offers the type. SAM transform types are offered
    /// wherever the region is known (the transform, not the registry, decides).
    /// Unknown types and unknown regions give `false`.
    pub fn offered_in(type_name: &str, region: &str) -> bool {
        let (Some(e), Some(bit)) = (
            Self::entry(type_name),
            REGIONS.iter().position(|r| *r == region),
        ) else {
            return false;
        };
        e.sam || e.regions & (1 << bit) != 0
    }

    /// The regions that offer the type, in [`Catalog::regions`] order; `None`
    /// for an unknown type.
    pub fn regions_offering(type_name: &str) -> Option<Vec<&'static str>> {
        let e = Self::entry(type_name)?;
        Some(
            REGIONS
                .iter()
                .enumerate()
                .filter(|(i, _)| e.sam || e.regions & (1 << i) != 0)
                .map(|(_, r)| *r)
                .collect(),
        )
    }

    /// Whether the type belongs to the SAM transform (`AWS::Serverless::*`).
    pub fn is_sam(type_name: &str) -> bool {
        Self::entry(type_name).is_some_and(|e| e.sam)
    }

    /// The `schema_date` of the cfn-lint release the data comes from.
    pub fn schema_date() -> &'static str {
        SCHEMA_DATE
    }

    /// Size of the embedded schema data in bytes.
    pub fn data_len() -> usize {
        DATA.len()
    }
}
