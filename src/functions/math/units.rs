//! Unit conversion: `convert_angle`, `convert_energy`, `convert_force`, `convert_length`,
//! `convert_mass`, `convert_speed`, `convert_temperature`, `convert_volume` (their docs
//! pages list the units; names compare ignoring case). Each unit is its size in the
//! family's base unit (temperature: an affine map to kelvin). kqlc knows the common
//! units of each page's list, not all of them; an unknown unit gives null.

use super::super::args::{real, text};
use super::super::registry::{EvalContext, ReturnType, ScalarFunction, scalar_entry as entry};
use crate::value::{Type, Value};
use std::f64::consts::PI;

const REAL: ReturnType = ReturnType::Fixed(Type::Real);

/// Degrees.
const ANGLE: &[(&str, f64)] = &[
    ("Degree", 1.0),
    ("Arcminute", 1.0 / 60.0),
    ("Arcsecond", 1.0 / 3600.0),
    ("Radian", 180.0 / PI),
    ("Milliradian", 0.18 / PI),
    ("Microradian", 0.00018 / PI),
    ("Gradian", 0.9),
    ("Revolution", 360.0),
    ("NatoMil", 360.0 / 6400.0),
    ("Millidegree", 1e-3),
    ("Microdegree", 1e-6),
    ("Nanodegree", 1e-9),
];

/// Joules.
const ENERGY: &[(&str, f64)] = &[
    ("Joule", 1.0),
    ("Millijoule", 1e-3),
    ("Kilojoule", 1e3),
    ("Megajoule", 1e6),
    ("Gigajoule", 1e9),
    ("Terajoule", 1e12),
    ("BritishThermalUnit", 1055.05585262),
    ("KilobritishThermalUnit", 1055.05585262e3),
    ("MegabritishThermalUnit", 1055.05585262e6),
    ("Calorie", 4.184),
    ("Kilocalorie", 4184.0),
    ("Electronvolt", 1.602176634e-19),
    ("Kiloelectronvolt", 1.602176634e-16),
    ("Megaelectronvolt", 1.602176634e-13),
    ("Erg", 1e-7),
    ("FootPound", 1.355817948),
    ("WattHour", 3600.0),
    ("KilowattHour", 3.6e6),
    ("MegawattHour", 3.6e9),
    ("GigawattHour", 3.6e12),
    ("HorsepowerHour", 2.6845195377e6),
    ("ThermEc", 1.05505585262e8),
    ("ThermUs", 1.054804e8),
    ("ThermImperial", 1.05505585257348e8),
];

/// Newtons.
const FORCE: &[(&str, f64)] = &[
    ("Newton", 1.0),
    ("Decanewton", 10.0),
    ("Kilonewton", 1e3),
    ("Meganewton", 1e6),
    ("Millinewton", 1e-3),
    ("Micronewton", 1e-6),
    ("Nanonewton", 1e-9),
    ("Dyn", 1e-5),
    ("KilogramForce", 9.80665),
    ("TonneForce", 9806.65),
    ("PoundForce", 4.4482216152605),
    ("KilopoundForce", 4448.2216152605),
    ("OunceForce", 0.278013850953781),
    ("Poundal", 0.138254954376),
    ("ShortTonForce", 8896.443230521),
];

/// Meters.
const LENGTH: &[(&str, f64)] = &[
    ("Meter", 1.0),
    ("Angstrom", 1e-10),
    ("Nanometer", 1e-9),
    ("Micrometer", 1e-6),
    ("Millimeter", 1e-3),
    ("Centimeter", 1e-2),
    ("Decimeter", 0.1),
    ("Decameter", 10.0),
    ("Hectometer", 100.0),
    ("Kilometer", 1e3),
    ("Megameter", 1e6),
    ("Inch", 0.0254),
    ("Microinch", 2.54e-8),
    ("Mil", 2.54e-5),
    ("Foot", 0.3048),
    ("UsSurveyFoot", 1200.0 / 3937.0),
    ("Yard", 0.9144),
    ("Mile", 1609.344),
    ("NauticalMile", 1852.0),
    ("DataMile", 1828.8),
    ("Fathom", 1.8288),
    ("Chain", 20.1168),
    ("Hand", 0.1016),
    ("Shackle", 27.432),
    ("DtpPoint", 0.0254 / 72.0),
    ("DtpPica", 0.0254 / 6.0),
    ("Twip", 0.0254 / 1440.0),
    ("AstronomicalUnit", 1.4959787070e11),
    ("LightYear", 9.46073047258e15),
    ("KilolightYear", 9.46073047258e18),
    ("MegalightYear", 9.46073047258e21),
    ("Parsec", 3.08567758128e16),
    ("Kiloparsec", 3.08567758128e19),
    ("Megaparsec", 3.08567758128e22),
];

/// Kilograms.
const MASS: &[(&str, f64)] = &[
    ("Kilogram", 1.0),
    ("Nanogram", 1e-12),
    ("Microgram", 1e-9),
    ("Milligram", 1e-6),
    ("Centigram", 1e-5),
    ("Decigram", 1e-4),
    ("Gram", 1e-3),
    ("Decagram", 1e-2),
    ("Hectogram", 0.1),
    ("Tonne", 1e3),
    ("Kilotonne", 1e6),
    ("Megatonne", 1e9),
    ("Grain", 6.479891e-5),
    ("Ounce", 0.028349523125),
    ("Pound", 0.45359237),
    ("Kilopound", 453.59237),
    ("Megapound", 453592.37),
    ("Stone", 6.35029318),
    ("ShortHundredweight", 45.359237),
    ("LongHundredweight", 50.80234544),
    ("ShortTon", 907.18474),
    ("LongTon", 1016.0469088),
    ("Slug", 14.5939029372064),
    ("EarthMass", 5.9722e24),
    ("SolarMass", 1.98947e30),
];

/// Meters per second.
const SPEED: &[(&str, f64)] = &[
    ("MeterPerSecond", 1.0),
    ("MeterPerMinute", 1.0 / 60.0),
    ("MeterPerHour", 1.0 / 3600.0),
    ("CentimeterPerSecond", 1e-2),
    ("CentimeterPerMinute", 1e-2 / 60.0),
    ("CentimeterPerHour", 1e-2 / 3600.0),
    ("MillimeterPerSecond", 1e-3),
    ("MillimeterPerMinute", 1e-3 / 60.0),
    ("MillimeterPerHour", 1e-3 / 3600.0),
    ("MicrometerPerSecond", 1e-6),
    ("NanometerPerSecond", 1e-9),
    ("DecimeterPerSecond", 0.1),
    ("KilometerPerSecond", 1e3),
    ("KilometerPerMinute", 1e3 / 60.0),
    ("KilometerPerHour", 1e3 / 3600.0),
    ("FootPerSecond", 0.3048),
    ("FootPerMinute", 0.3048 / 60.0),
    ("FootPerHour", 0.3048 / 3600.0),
    ("InchPerSecond", 0.0254),
    ("InchPerMinute", 0.0254 / 60.0),
    ("InchPerHour", 0.0254 / 3600.0),
    ("YardPerSecond", 0.9144),
    ("YardPerMinute", 0.9144 / 60.0),
    ("YardPerHour", 0.9144 / 3600.0),
    ("MilePerHour", 0.44704),
    ("Knot", 1852.0 / 3600.0),
    ("UsSurveyFootPerSecond", 1200.0 / 3937.0),
    ("Mach", 340.29),
];

/// Cubic meters.
const VOLUME: &[(&str, f64)] = &[
    ("CubicMeter", 1.0),
    ("CubicMillimeter", 1e-9),
    ("CubicCentimeter", 1e-6),
    ("CubicDecimeter", 1e-3),
    ("CubicKilometer", 1e9),
    ("HectocubicMeter", 100.0),
    ("KilocubicMeter", 1e3),
    ("Milliliter", 1e-6),
    ("Centiliter", 1e-5),
    ("Deciliter", 1e-4),
    ("Liter", 1e-3),
    ("Hectoliter", 0.1),
    ("Kiloliter", 1.0),
    ("Megaliter", 1e3),
    ("CubicInch", 1.6387064e-5),
    ("CubicFoot", 0.028316846592),
    ("CubicYard", 0.764554857984),
    ("CubicMile", 4.168_181_825_440_58e9),
    ("AcreFoot", 1233.48183754752),
    ("UsGallon", 0.003785411784),
    ("ImperialGallon", 0.00454609),
    ("UsQuart", 9.46352946e-4),
    ("UsPint", 4.73176473e-4),
    ("UsOunce", 2.95735295625e-5),
    ("ImperialOunce", 2.84130625e-5),
    ("OilBarrel", 0.158987294928),
    ("UsBeerBarrel", 0.1173477658),
    ("ImperialBeerBarrel", 0.16365924),
    ("MetricCup", 2.5e-4),
    ("UsCustomaryCup", 2.365882365e-4),
    ("UsTablespoon", 1.478676478125e-5),
    ("UsTeaspoon", 4.92892159375e-6),
    ("MetricTeaspoon", 5e-6),
];

/// The size of a unit of a family; `None` when the family has no such unit.
fn factor(table: &[(&str, f64)], unit: &str) -> Option<f64> {
    let unit = unit.trim();
    table
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(unit))
        .map(|(_, f)| *f)
}

/// Units whose conversion out of the base unit multiplies by a rounded inverse rather
/// than dividing by the size (convert-volume-function: 1.2 CubicMeter is
/// 0.0009728568 AcreFoot, that is 1.2 × 0.000810714, not 1.2 ÷ 1233.48183754752).
const FROM_BASE: &[(&str, f64)] = &[("AcreFoot", 0.000810714)];

/// `value` from unit `from` to unit `to` of one family.
fn convert(args: &[Value], table: &[(&str, f64)]) -> Result<Value, String> {
    let converted = (|| {
        let (from, to) = (text(args, 1), text(args, 2));
        let base = real(args, 0)? * factor(table, &from)?;
        let size = factor(table, &to)?;
        Some(match factor(FROM_BASE, &to) {
            Some(inverse) => base * inverse,
            None => base / size,
        })
    })();
    Ok(converted.map_or(Value::Null, Value::Real))
}

/// A temperature unit as (kelvin of a value `t`) and its inverse.
fn to_kelvin(unit: &str, t: f64) -> Option<f64> {
    Some(match unit.trim().to_ascii_lowercase().as_str() {
        "kelvin" => t,
        "degreecelsius" => t + 273.15,
        "millidegreecelsius" => t / 1000.0 + 273.15,
        "degreefahrenheit" => (t + 459.67) * 5.0 / 9.0,
        "degreerankine" => t * 5.0 / 9.0,
        "degreedelisle" => 373.15 - t * 2.0 / 3.0,
        "degreenewton" => t * 100.0 / 33.0 + 273.15,
        "degreereaumur" => t * 5.0 / 4.0 + 273.15,
        "degreeroemer" => (t - 7.5) * 40.0 / 21.0 + 273.15,
        "solartemperature" => t * 5778.0,
        _ => return None,
    })
}

fn from_kelvin(unit: &str, k: f64) -> Option<f64> {
    Some(match unit.trim().to_ascii_lowercase().as_str() {
        "kelvin" => k,
        "degreecelsius" => k - 273.15,
        "millidegreecelsius" => (k - 273.15) * 1000.0,
        "degreefahrenheit" => k * 9.0 / 5.0 - 459.67,
        "degreerankine" => k * 9.0 / 5.0,
        "degreedelisle" => (373.15 - k) * 3.0 / 2.0,
        "degreenewton" => (k - 273.15) * 33.0 / 100.0,
        "degreereaumur" => (k - 273.15) * 4.0 / 5.0,
        "degreeroemer" => (k - 273.15) * 21.0 / 40.0 + 7.5,
        "solartemperature" => k / 5778.0,
        _ => return None,
    })
}

fn convert_temperature(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let converted = real(args, 0)
        .and_then(|t| to_kelvin(&text(args, 1), t))
        .and_then(|k| from_kelvin(&text(args, 2), k));
    Ok(converted.map_or(Value::Null, Value::Real))
}

fn convert_angle(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    convert(a, ANGLE)
}
fn convert_energy(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    convert(a, ENERGY)
}
fn convert_force(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    convert(a, FORCE)
}
fn convert_length(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    convert(a, LENGTH)
}
fn convert_mass(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    convert(a, MASS)
}
fn convert_speed(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    convert(a, SPEED)
}
fn convert_volume(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    convert(a, VOLUME)
}

const SIGNATURE: &str = "(value: real, from: string, to: string) -> real";

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "convert_angle",
        &[],
        (3, 3),
        SIGNATURE,
        REAL,
        convert_angle,
        "An angle from one unit to another.",
    ),
    entry(
        "convert_energy",
        &[],
        (3, 3),
        SIGNATURE,
        REAL,
        convert_energy,
        "An energy from one unit to another.",
    ),
    entry(
        "convert_force",
        &[],
        (3, 3),
        SIGNATURE,
        REAL,
        convert_force,
        "A force from one unit to another.",
    ),
    entry(
        "convert_length",
        &[],
        (3, 3),
        SIGNATURE,
        REAL,
        convert_length,
        "A length from one unit to another.",
    ),
    entry(
        "convert_mass",
        &[],
        (3, 3),
        SIGNATURE,
        REAL,
        convert_mass,
        "A mass from one unit to another.",
    ),
    entry(
        "convert_speed",
        &[],
        (3, 3),
        SIGNATURE,
        REAL,
        convert_speed,
        "A speed from one unit to another.",
    ),
    entry(
        "convert_temperature",
        &[],
        (3, 3),
        SIGNATURE,
        REAL,
        convert_temperature,
        "A temperature from one unit to another.",
    ),
    entry(
        "convert_volume",
        &[],
        (3, 3),
        SIGNATURE,
        REAL,
        convert_volume,
        "A volume from one unit to another.",
    ),
];
