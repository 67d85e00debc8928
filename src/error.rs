//! The library's error type. Every error names the file (and line, where there is one).

use std::path::PathBuf;

/// An error of the library. Input problems that do not stop a run (one unreadable document,
/// one bad gazetteer line) are reported as [`Diagnostic`]s instead.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Invalid(String),
    /// The build was asked to stop (SIGINT, SIGTERM) while it wrote its export: the temporary
    /// files were removed and nothing was replaced.
    #[error("interrupted by signal {signal} while writing the export")]
    Interrupted { signal: i32 },
    /// Another build holds the output folder's lock and the caller chose not to wait.
    #[error("another entigraph build is writing to {}: {} is locked", .dir.display(), .lock.display())]
    Busy { dir: PathBuf, lock: PathBuf },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn parse(path: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Error::Parse {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A problem in the input that was reported and skipped: the run goes on and finishes, and the
/// command exits with status 1.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file (or `-` for standard input).
    pub path: String,
    /// 1-based line, when the problem is on a line.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.path, l, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}
