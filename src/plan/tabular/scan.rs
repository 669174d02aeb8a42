//! The plan data of the `scan` operator; its execution is in `crate::ops::scan`.

/// `T`: every row of table `table`, with the node's schema as its columns.
#[derive(Clone, Debug)]
pub struct Scan {
    pub table: String,
    /// How the plan reads each column (`plan::prune`); `None` reads them all whole.
    /// Columns not read are null in the rows.
    pub read: Option<Vec<Read>>,
}

/// How a plan reads one column of a scan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Read {
    No,
    /// Only through these members of its `dynamic` value (`Data.MemberId`): a reader may
    /// keep just those members of each object, which reads the same.
    Members(Vec<String>),
    Whole,
}

impl Read {
    /// Whether the column is read at all.
    pub fn any(&self) -> bool {
        *self != Read::No
    }

    /// Widens this read to cover `other` too.
    pub fn add(&mut self, other: &Read) {
        match (&mut *self, other) {
            (_, Read::No) | (Read::Whole, _) => {}
            (Read::No, _) | (_, Read::Whole) => *self = other.clone(),
            (Read::Members(names), Read::Members(more)) => {
                for name in more {
                    if !names.contains(name) {
                        names.push(name.clone());
                    }
                }
            }
        }
    }

    /// The members a reader may keep alone, `None` to keep the whole value.
    pub fn members(&self) -> Option<&[String]> {
        match self {
            Read::Members(names) => Some(names),
            _ => None,
        }
    }
}
