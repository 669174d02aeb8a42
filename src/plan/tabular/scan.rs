//! The plan data of the `scan` operator; its execution is in `crate::ops::scan`.

/// `T`: every row of table `table`, with the node's schema as its columns.
#[derive(Clone, Debug)]
pub struct Scan {
    pub table: String,
    /// Which columns the plan reads (`plan::prune`); `None` reads them all. Columns not
    /// read are null in the rows.
    pub read: Option<Vec<bool>>,
}
