//! Well-known text to GeoJSON: geo-from-wkt-function. POINT, LINESTRING, POLYGON,
//! their MULTI forms and GEOMETRYCOLLECTION, two-dimensional; anything else (EMPTY,
//! Z/M coordinates, malformed text) gives null. Whole numbers stay whole in the JSON.

use crate::functions::args::text;
use crate::functions::registry::EvalContext;
use crate::value::Value;
use serde_json::{Value as J, json};

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) -> Option<()> {
        self.skip_ws();
        (self.s.get(self.i) == Some(&c)).then(|| self.i += 1)
    }
    fn peek(&mut self, c: u8) -> bool {
        self.skip_ws();
        self.s.get(self.i) == Some(&c)
    }
    fn word(&mut self) -> String {
        self.skip_ws();
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i].is_ascii_alphabetic() {
            self.i += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.i]).to_ascii_uppercase()
    }
    fn number(&mut self) -> Option<J> {
        self.skip_ws();
        let start = self.i;
        while self.i < self.s.len()
            && matches!(
                self.s[self.i],
                b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'
            )
        {
            self.i += 1;
        }
        let t = std::str::from_utf8(&self.s[start..self.i]).ok()?;
        if let Ok(n) = t.parse::<i64>() {
            return Some(json!(n));
        }
        let x: f64 = t.parse().ok()?;
        x.is_finite().then(|| json!(x))
    }
    /// `x y`
    fn coordinate(&mut self) -> Option<J> {
        Some(J::Array(vec![self.number()?, self.number()?]))
    }
    /// `(item, item, …)`
    fn list(&mut self, item: fn(&mut Self) -> Option<J>) -> Option<J> {
        self.eat(b'(')?;
        let mut items = vec![item(self)?];
        while self.eat(b',').is_some() {
            items.push(item(self)?);
        }
        self.eat(b')')?;
        Some(J::Array(items))
    }
    /// A MULTIPOINT member: `x y` or `(x y)`.
    fn multipoint_member(&mut self) -> Option<J> {
        if self.peek(b'(') {
            self.eat(b'(')?;
            let c = self.coordinate()?;
            self.eat(b')')?;
            Some(c)
        } else {
            self.coordinate()
        }
    }
    fn geometry(&mut self) -> Option<J> {
        let kind = self.word();
        let (name, coordinates) = match kind.as_str() {
            "POINT" => {
                self.eat(b'(')?;
                let c = self.coordinate()?;
                self.eat(b')')?;
                ("Point", c)
            }
            "LINESTRING" => ("LineString", self.list(Self::coordinate)?),
            "POLYGON" => ("Polygon", self.list(|p| p.list(Self::coordinate))?),
            "MULTIPOINT" => ("MultiPoint", self.list(Self::multipoint_member)?),
            "MULTILINESTRING" => ("MultiLineString", self.list(|p| p.list(Self::coordinate))?),
            "MULTIPOLYGON" => (
                "MultiPolygon",
                self.list(|p| p.list(|q| q.list(Self::coordinate)))?,
            ),
            "GEOMETRYCOLLECTION" => {
                let geometries = self.list(Self::geometry)?;
                return Some(json!({"type": "GeometryCollection", "geometries": geometries}));
            }
            _ => return None,
        };
        Some(json!({"type": name, "coordinates": coordinates}))
    }
}

/// `geo_from_wkt(wkt)`: the shape as GeoJSON.
pub fn from_wkt(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let source = text(a, 0);
    let mut p = Parser {
        s: source.as_bytes(),
        i: 0,
    };
    let shape = p.geometry().filter(|_| {
        p.skip_ws();
        p.i == p.s.len()
    });
    Ok(shape.map_or(Value::Null, Value::dynamic))
}
