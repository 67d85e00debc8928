//! entigraph: turn a folder of news articles into a knowledge graph of people, prisons,
//! cities, organizations, letters and events, with the co-signature network of the people
//! who signed letters together.
//!
//! The pipeline flows one way:
//!
//! ```text
//! corpus → text (folding) → gazetteer → extract → names → resolve → structure → graph → export
//! ```
//!
//! [`pipeline`] runs the stages up to the letters and events and hands each one's products to
//! the next, ending in an [`analysis::Analysis`]; [`graph::build_graph`] turns that into the
//! knowledge graph and [`export`] writes it. [`extract`] is one file per rule under the stage
//! that runs them; [`structure`] holds frames, events, sketches and letters; [`graph`] the graph
//! types, its building and its measures. `eval`, `explain` and `inspect` read the products of
//! the pipeline and nothing in the flow depends on them. See `docs/architecture.md`.

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
pub mod layout;
pub mod names;
pub mod page;
pub mod partials;
pub mod pipeline;
pub mod resolve;
pub mod structure;
pub mod text;
pub mod types;

pub use error::{Error, Result};
pub use types::EntityType;
