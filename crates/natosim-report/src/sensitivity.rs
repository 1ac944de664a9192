//! Sensitivity results as written by `natosim sensitivity --format json`.
//!
//! The report reads the very type the analysis writes,
//! [`natosim_analysis::workflow::Sensitivity`]: there is one definition of
//! the schema, so a field renamed in the analysis is a compile error here,
//! not a silently empty chart. Unknown fields are ignored so that later
//! additions do not break old reports.

pub use natosim_analysis::workflow::sensitivity::{
    Indices, Method, ParameterIndices, Sensitivity, SobolIndex,
};

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
    // `null` (read as NaN) is how natosim writes an undefined index — a
    // metric that does not vary — and is drawn as "no variance". An infinite
    // number is never written by natosim and has no bar to draw.
    if let Some((field, v)) = numbers(&s).find(|(_, v)| v.is_infinite()) {
        return Err(fail(format!(
            "{field} is {v}; indices must be finite numbers, or null where undefined"
        )));
    }
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

/// Every number of `s` with its field path, for the finiteness check.
fn numbers(s: &Sensitivity) -> impl Iterator<Item = (String, f64)> + '_ {
    fn sobol(at: String, i: &SobolIndex) -> Vec<(String, f64)> {
        vec![
            (format!("{at}.s1"), i.s1),
            (format!("{at}.s1_conf"), i.s1_conf),
            (format!("{at}.st"), i.st),
            (format!("{at}.st_conf"), i.st_conf),
        ]
    }
    let params = s.parameters.iter().enumerate().flat_map(|(k, p)| {
        let at = format!("parameters[{k}] (`{}`)", p.name);
        match &p.indices {
            Indices::Sobol(i) => sobol(at, i),
            Indices::Morris(m) => vec![
                (format!("{at}.mu_star"), m.mu_star),
                (format!("{at}.mu_star_conf"), m.mu_star_conf),
                (format!("{at}.mu"), m.mu),
                (format!("{at}.sigma"), m.sigma),
            ],
        }
    });
    let groups = s
        .groups
        .iter()
        .enumerate()
        .flat_map(|(k, g)| sobol(format!("groups[{k}] (`{}`)", g.name), &g.indices));
    let conv = s.convergence.iter().enumerate().flat_map(|(k, c)| {
        c.parameters.iter().enumerate().flat_map(move |(j, p)| {
            let at = format!("convergence[{k}].parameters[{j}]");
            [(format!("{at}.s1"), p.s1), (format!("{at}.st"), p.st)]
        })
    });
    params.chain(groups).chain(conv)
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

    const CONSTANT: &str = r#"{"scenario":"s","model":"toolkit","metric":"institution_built_final",
        "method":"sobol","samples":8,"seed":1,"evaluations":80,
        "groups":[{"name":"g","members":["a"],"s1":null,"s1_conf":null,"st":null,"st_conf":null}],
        "convergence":[{"samples":2,"parameters":[{"name":"a","s1":null,"st":null}]}],
        "parameters":[{"name":"a","group":"g","s1":null,"s1_conf":null,"st":null,"st_conf":null}]}"#;

    /// Issue 14, defect 10: natosim's own output for a constant metric
    /// (every index undefined, written as null) is a valid report input.
    #[test]
    fn a_constant_metrics_output_is_read() {
        let s = parse("c.json", CONSTANT).unwrap();
        assert!(s.parameters[0].indices.importance().is_nan());
        assert_eq!(importance(&s.parameters[0]), 0.0);
    }

    /// Issue 14, defect 1: huge indices are finite and read (the chart's
    /// axis copes); numbers beyond f64 are refused with the field named.
    #[test]
    fn huge_indices_are_read_and_infinite_ones_refused() {
        let huge = CONSTANT.replace(r#""group":"g","s1":null"#, r#""group":"g","s1":1e308"#);
        assert!(parse("h.json", &huge).is_ok());
        for bad in ["1e309", "-1e999", "NaN", "Infinity"] {
            let text = CONSTANT.replace(
                r#""group":"g","s1":null"#,
                &format!(r#""group":"g","s1":{bad}"#),
            );
            let e = parse("h.json", &text).unwrap_err();
            assert!(e.to_string().contains("h.json"), "{e}");
        }
    }
}
