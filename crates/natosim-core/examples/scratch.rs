use natosim_core::*;
fn main() {
    let d = Dataset::embedded().unwrap();
    let s = Scenario::defaults();
    println!("{:?}", calibration::fit_budget_response(&d, &s));
    for id in ModelId::ALL {
        let e = Engine::new(&s, &d, id);
        let n = 400;
        let mut acc = vec![0.0; METRICS.len()];
        let mut cnt = vec![0.0; METRICS.len()];
        for r in 0..n {
            let m = e.run(1, r);
            for (k, v) in m.values.iter().enumerate() {
                if v.is_finite() {
                    acc[k] += v;
                    cnt[k] += 1.0;
                }
            }
        }
        print!("{:24}", id.id());
        for k in 0..METRICS.len() {
            print!(" {}={:.3}", METRICS[k].name, acc[k] / cnt[k]);
        }
        println!();
    }
}
