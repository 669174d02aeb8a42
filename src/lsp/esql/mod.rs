//! The editor features on ES|QL queries (`.esql` files and Elastic TOML rules):
//! completion ([`completion`]), hover ([`hover`]) and go to definition of columns
//! ([`definition`]), on top of the ES|QL checker's
//! walk (`check::esql::columns_at`). Diagnostics need nothing here: `kqlc check`
//! already checks ES|QL.

pub mod completion;
pub mod definition;
pub mod hover;
pub mod names;
pub mod words;
