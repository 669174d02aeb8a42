//! `triggerOperator` / `triggerThreshold`: whether a result of N rows fires the rule.

/// A comparison of the result's row count with the threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerOperator {
    GreaterThan,
    LessThan,
    Equal,
    NotEqual,
}

impl TriggerOperator {
    /// Reads Sentinel's spellings: `gt`/`GreaterThan`, `lt`/`LessThan`, `eq`/`Equal`,
    /// `ne`/`NotEqual` (case-insensitive).
    pub fn parse(text: &str) -> Option<TriggerOperator> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "gt" | "greaterthan" => TriggerOperator::GreaterThan,
            "lt" | "lessthan" => TriggerOperator::LessThan,
            "eq" | "equal" => TriggerOperator::Equal,
            "ne" | "notequal" => TriggerOperator::NotEqual,
            _ => return None,
        })
    }
}

/// The trigger of a rule; Sentinel's default is "more than 0 results".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trigger {
    pub operator: TriggerOperator,
    pub threshold: i64,
}

impl Default for Trigger {
    fn default() -> Trigger {
        Trigger {
            operator: TriggerOperator::GreaterThan,
            threshold: 0,
        }
    }
}

impl Trigger {
    /// Whether a result with `rows` rows fires the rule.
    pub fn fires(&self, rows: usize) -> bool {
        let rows = i64::try_from(rows).unwrap_or(i64::MAX);
        match self.operator {
            TriggerOperator::GreaterThan => rows > self.threshold,
            TriggerOperator::LessThan => rows < self.threshold,
            TriggerOperator::Equal => rows == self.threshold,
            TriggerOperator::NotEqual => rows != self.threshold,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trigger(op: &str, threshold: i64) -> Trigger {
        Trigger {
            operator: TriggerOperator::parse(op).unwrap_or(TriggerOperator::GreaterThan),
            threshold,
        }
    }

    #[test]
    fn greater_than_zero_fires_on_any_row() {
        assert!(!Trigger::default().fires(0));
        assert!(Trigger::default().fires(1));
    }

    #[test]
    fn each_operator_compares_the_row_count_with_the_threshold() {
        assert!(trigger("GreaterThan", 2).fires(3) && !trigger("gt", 2).fires(2));
        assert!(trigger("LessThan", 2).fires(1) && !trigger("lt", 2).fires(2));
        assert!(trigger("Equal", 2).fires(2) && !trigger("eq", 2).fires(3));
        assert!(trigger("NotEqual", 2).fires(0) && !trigger("ne", 2).fires(2));
    }

    #[test]
    fn unknown_operators_are_not_read() {
        assert_eq!(TriggerOperator::parse("ge"), None);
    }
}
