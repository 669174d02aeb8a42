//! `buildschema(DynamicExpr)`: the minimal schema that admits every value
//! (buildschema-aggregation-function page). A schema is a type name (`"long"`), a
//! bag of property schemas, an array's `{"`indexer`": schema}`, or a list of those
//! alternatives when values differ; properties and alternatives keep first-seen order.

use super::same;
use crate::functions::registry::Accumulator;
use crate::value::{Row, Value};
use serde_json::{Map, Value as J};
use std::any::Any;

/// The key Kusto writes for the schema of an array's elements.
const INDEXER: &str = "`indexer`";

/// The alternatives one place of the values has shown.
#[derive(Default, Clone)]
struct Schema(Vec<Shape>);

#[derive(Clone)]
enum Shape {
    Scalar(&'static str),
    Bag(Vec<(String, Schema)>),
    Array(Schema),
}

impl Schema {
    /// Widens the schema to admit `value` (a JSON null admits anything).
    fn admit(&mut self, value: &J) {
        match value {
            J::Null => {}
            J::Object(map) => {
                let bag = self.bag_shape();
                for (key, v) in map {
                    property(bag, key).admit(v);
                }
            }
            J::Array(items) => {
                let elements = self.array_shape();
                items.iter().for_each(|v| elements.admit(v));
            }
            scalar => {
                let name = scalar_name(scalar);
                if !self
                    .0
                    .iter()
                    .any(|s| matches!(s, Shape::Scalar(n) if *n == name))
                {
                    self.0.push(Shape::Scalar(name));
                }
            }
        }
    }

    /// Widens the schema by every alternative of `other` (merging partial states).
    fn union(&mut self, other: Schema) {
        for shape in other.0 {
            match shape {
                Shape::Scalar(name) => {
                    if !self
                        .0
                        .iter()
                        .any(|s| matches!(s, Shape::Scalar(n) if *n == name))
                    {
                        self.0.push(Shape::Scalar(name));
                    }
                }
                Shape::Bag(properties) => {
                    let bag = self.bag_shape();
                    for (key, schema) in properties {
                        property(bag, &key).union(schema);
                    }
                }
                Shape::Array(elements) => self.array_shape().union(elements),
            }
        }
    }

    fn bag_shape(&mut self) -> &mut Vec<(String, Schema)> {
        let at = match self.0.iter().position(|s| matches!(s, Shape::Bag(_))) {
            Some(at) => at,
            None => {
                self.0.push(Shape::Bag(Vec::new()));
                self.0.len() - 1
            }
        };
        match &mut self.0[at] {
            Shape::Bag(properties) => properties,
            _ => unreachable!("position found a bag"),
        }
    }

    fn array_shape(&mut self) -> &mut Schema {
        let at = match self.0.iter().position(|s| matches!(s, Shape::Array(_))) {
            Some(at) => at,
            None => {
                self.0.push(Shape::Array(Schema::default()));
                self.0.len() - 1
            }
        };
        match &mut self.0[at] {
            Shape::Array(elements) => elements,
            _ => unreachable!("position found an array"),
        }
    }

    /// The schema as Kusto writes it: one shape as itself, several as a list.
    fn to_json(&self) -> J {
        let mut shapes: Vec<J> = self.0.iter().map(Shape::to_json).collect();
        match shapes.len() {
            0 => J::Null,
            1 => shapes.remove(0),
            _ => J::Array(shapes),
        }
    }
}

impl Shape {
    fn to_json(&self) -> J {
        match self {
            Shape::Scalar(name) => J::String((*name).to_string()),
            Shape::Bag(properties) => J::Object(
                properties
                    .iter()
                    .map(|(k, s)| (k.clone(), s.to_json()))
                    .collect::<Map<String, J>>(),
            ),
            Shape::Array(elements) => {
                J::Object(Map::from_iter([(INDEXER.to_string(), elements.to_json())]))
            }
        }
    }
}

/// The schema of property `key` in a bag's properties, added when new.
fn property<'a>(properties: &'a mut Vec<(String, Schema)>, key: &str) -> &'a mut Schema {
    let at = match properties.iter().position(|(k, _)| k == key) {
        Some(at) => at,
        None => {
            properties.push((key.to_string(), Schema::default()));
            properties.len() - 1
        }
    };
    &mut properties[at].1
}

/// The Kusto type name of a JSON scalar.
fn scalar_name(value: &J) -> &'static str {
    match value {
        J::Bool(_) => "bool",
        J::Number(n) if n.is_i64() || n.is_u64() => "long",
        J::Number(_) => "double",
        _ => "string",
    }
}

struct BuildSchema(Schema);

impl Accumulator for BuildSchema {
    fn update(&mut self, args: &[Value]) {
        match args.first() {
            Some(Value::Dynamic(d)) => self.0.admit(d),
            Some(v) if !v.is_null() => self.0.admit(&v.to_json()),
            _ => {}
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Some(o) = same::<BuildSchema>(other) {
            self.0.union(o.0);
        }
    }
    fn finish(&self, out: &mut Row) {
        out.push(Value::dynamic(self.0.to_json()));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

pub fn buildschema(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(BuildSchema(Schema::default()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_pages_three_values_give_its_schema() {
        let mut schema = Schema::default();
        for v in [
            json!({"x":1, "y":3.5}),
            json!({"x":"somevalue", "z":[1, 2, 3]}),
            json!({"y":{"w":"zzz"}, "t":["aa", "bb"], "z":["foo"]}),
        ] {
            schema.admit(&v);
        }
        assert_eq!(
            schema.to_json(),
            json!({"x":["long","string"],"y":["double",{"w":"string"}],
                   "z":{"`indexer`":["long","string"]},"t":{"`indexer`":"string"}})
        );
    }
}
