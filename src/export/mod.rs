//! Exports. (skeleton)
