//! Sensitivity results as written by `natosim sensitivity --format json`.
//!
//! The report reads the very type the analysis writes,
//! [`natosim_analysis::workflow::Sensitivity`]: there is one definition of
//! the schema, so a field renamed in the analysis is a compile error here,
//! not a silently empty chart. Unknown fields are ignored so that later
//! additions do not break old reports.

pub use natosim_analysis::workflow::sensitivity::{Indices, Method, ParameterIndices, Sensitivity};

/// A sensitivity file that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{file}: not a natosim sensitivity result: {message}")]
pub struct SensitivityError {
    /// The file.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

/// Parses the JSON text of `file`: a [`Sensitivity`] whose parameters all
/// carry the measures of its method.
pub fn parse(file: &str, text: &str) -> Result<Sensitivity, SensitivityError> {
    let fail = |message: String| SensitivityError {
        file: file.to_string(),
        message,
    };
    let s: Sensitivity = serde_json::from_str(text).map_err(|e| fail(e.to_string()))?;
    if let Some(p) = s.parameters.iter().find(|p| p.indices.method() != s.method) {
        return Err(fail(format!(
            "parameter `{}` lacks the {} indices",
            p.name,
            match s.method {
                Method::Sobol => "Sobol (s1, st)",
                Method::Morris => "Morris (mu_star)",
            }
        )));
    }
    Ok(s)
}

/// The measure a chart ranks by: ST (Sobol') or μ* (Morris), 0 where
/// undefined (an output that does not vary) so such parameters rank last.
pub fn importance(p: &ParameterIndices) -> f64 {
    let v = p.indices.importance();
    if v.is_nan() { 0.0 } else { v }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_analysis_writes_and_rejects_mixed_measures() {
        let text = r#"{"scenario":"s","model":"toolkit","metric":"p_attack","method":"sobol",
            "samples":4,"seed":1,"evaluations":24,"groups":[],"convergence":[],
            "parameters":[{"name":"a","group":null,"s1":0.1,"s1_conf":null,"st":0.2,"st_conf":0.01}]}"#;
        let s = parse("f.json", text).unwrap();
        match s.parameters[0].indices {
            Indices::Sobol(i) => assert!(i.s1_conf.is_nan() && i.st == 0.2),
            Indices::Morris(_) => panic!("read as Morris"),
        }
        let again: Sensitivity = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(again.parameters[0].name, "a");
        let mixed = text.replace("\"method\":\"sobol\"", "\"method\":\"morris\"");
        let e = parse("f.json", &mixed).unwrap_err();
        assert!(e.message.contains("Morris"), "{e}");
        assert!(parse("f.json", "{\"scenario\":\"b\"}").is_err());
    }
}
