//! entigraph: turn a folder of news articles into a knowledge graph of people, prisons,
//! cities, organizations, letters and events, with the co-signature network of the people
//! who signed letters together.
//!
//! The pipeline flows one way, one module per stage:
//!
//! ```text
//! corpus → text (folding) → gazetteer → extract → resolve → structure → graph → export
//! ```
//!
//! [`pipeline`] runs the stages in order; `eval`, `explain` and `inspect` read the products
//! of the pipeline and nothing in the flow depends on them.

pub mod analysis;
pub mod corpus;
pub mod dates;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod graph;
pub mod inspect;
pub mod names;
pub mod pipeline;
pub mod resolve;
pub mod structure;
pub mod text;
pub mod types;

pub use error::{Error, Result};
pub use types::EntityType;
