//! Reading `kusto_signatures.tsv`: `KIND <TAB> NAME <TAB> RETURN <TAB> PARAM;PARAM;…`,
//! RETURN a type or `@Rule`, PARAM `name:TYPE:ARGKIND:MIN:MAX` with TYPE a `|`-list of
//! types or `@Family`.

use super::{Catalog, DeclaredType, Kind, Param, ParamType, Returns, Signature};
use crate::value::Type;

/// The catalog of the file's text. Malformed lines are skipped (a unit test checks
/// that there are none).
pub(super) fn catalog(text: &str) -> Catalog {
    let mut out = Catalog::new();
    for (kind, name, sig) in text.lines().filter_map(line) {
        out.entry(kind)
            .or_default()
            .entry(name.to_string())
            .or_default()
            .push(sig);
    }
    out
}

fn line(text: &str) -> Option<(Kind, &str, Signature)> {
    if text.starts_with('#') {
        return None;
    }
    let mut fields = text.split('\t');
    let kind = match fields.next()? {
        "scalar" => Kind::Scalar,
        "aggregate" => Kind::Aggregate,
        "plugin" => Kind::Plugin,
        "operator" => Kind::Operator,
        _ => return None,
    };
    let name = fields.next()?;
    let returned = fields.next()?;
    let returns = match returned.strip_prefix('@') {
        Some(rule) => Returns::Rule(rule.to_string()),
        None => Returns::Declared(declared(returned)),
    };
    let params = fields
        .next()?
        .split(';')
        .filter(|p| !p.is_empty())
        .map(param)
        .collect::<Option<Vec<_>>>()?;
    Some((kind, name, Signature { params, returns }))
}

fn param(text: &str) -> Option<Param> {
    let mut parts = text.split(':');
    let name = parts.next()?.to_string();
    let ty = parts.next()?;
    let argument = parts.next()?.to_string();
    let min = parts.next()?.parse().ok()?;
    let max = parts.next()?.parse().ok()?;
    let ty = match ty.strip_prefix('@') {
        Some(family) => ParamType::Family(family.to_string()),
        None => ParamType::Declared(ty.split('|').map(declared).collect()),
    };
    Some(Param {
        name,
        ty,
        argument,
        min,
        max,
    })
}

fn declared(name: &str) -> DeclaredType {
    match name {
        "type" => DeclaredType::TypeLiteral,
        _ => Type::from_name(name).map_or(DeclaredType::Other, DeclaredType::Scalar),
    }
}

/// The parameter each of `count` arguments binds to. Parameters occur `min` times at
/// least; the arguments left over go to the repeatable ones, and a run of repeatable
/// parameters (Kusto's `case(predicate, then, …, else)`) repeats as a group.
pub(super) fn bind(params: &[Param], count: usize) -> Vec<&Param> {
    let required: usize = params.iter().map(|p| p.min).sum();
    let mut spare = count.saturating_sub(required);
    let mut out = Vec::with_capacity(count);
    let mut i = 0;
    while i < params.len() && out.len() < count {
        let group_end = params[i..]
            .iter()
            .position(|p| p.max <= 1 || p.max == p.min)
            .map_or(params.len(), |n| i + n);
        if group_end > i {
            // A group of repeatable parameters: each round takes one of each.
            let group = &params[i..group_end];
            let min_rounds = group.iter().map(|p| p.min).max().unwrap_or(0);
            let width = group.len();
            let extra_rounds = spare / width;
            spare -= extra_rounds * width;
            for _ in 0..min_rounds + extra_rounds {
                out.extend(group.iter());
            }
            i = group_end;
            continue;
        }
        let p = &params[i];
        let take = p.min + usize::from(p.max > p.min && spare > 0);
        spare -= take - p.min;
        out.extend(std::iter::repeat_n(p, take));
        i += 1;
    }
    out.truncate(count);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_shipped_catalog_is_read() {
        let text = include_str!("../kusto_signatures.tsv");
        let lines = text.lines().filter(|l| !l.starts_with('#')).count();
        let read: usize = catalog(text)
            .values()
            .flat_map(|by_name| by_name.values())
            .map(Vec::len)
            .sum();
        assert_eq!(read, lines);
    }

    #[test]
    fn optional_parameters_bind_in_order() {
        let sigs = &catalog(include_str!("../kusto_signatures.tsv"))[&Kind::Scalar]["split"];
        let names: Vec<&str> = sigs[0].bind(2).iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["source", "delimiter"]);
    }

    #[test]
    fn case_binds_predicate_then_pairs_and_else() {
        let sigs = &catalog(include_str!("../kusto_signatures.tsv"))[&Kind::Scalar]["case"];
        let names: Vec<&str> = sigs[0].bind(5).iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["predicate", "then", "predicate", "then", "else"]);
    }
}
