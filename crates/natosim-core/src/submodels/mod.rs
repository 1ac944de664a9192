//! Submodels of the theatres, each a pure function of its inputs so it can be
//! tested and documented on its own: the Baltic coup de main
//! ([`baltic`]), the advisory mission in the south ([`south`]) and the nuclear
//! credibility a member perceives ([`nuclear`]). The engine calls them every
//! month; `docs/MODEL.md` ("Submodels") gives their equations and sources.

pub mod baltic;
pub mod nuclear;
pub mod south;
