//! English and German: the translation table and number formatting.
//!
//! Every piece of text the report shows comes from [`TABLE`], one row per key
//! with both languages, so a key cannot exist in one language only. German
//! follows the study's own vocabulary (Kohäsion, Handlungsfähigkeit,
//! Abschreckung, Lastenteilung, Bedrohungswahrnehmung, Verteidigungsausgaben).
//! Numbers use a decimal point and thousands comma in English (1,090.5) and a
//! decimal comma and thousands point in German (1.090,5), percentages with a
//! no-break space in German (2,5 %) and none in English (2.5%).

/// A report language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// German.
    De,
}

impl Lang {
    /// Both languages.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    /// The BCP 47 code (`en`, `de`), used in `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// Parses `en` or `de`.
    pub fn parse(s: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == s)
    }

    /// The text of `key` in this language; a missing key shows as `⟦key⟧`
    /// (tests scan for it).
    pub fn t(self, key: &str) -> String {
        match TABLE.iter().find(|(k, _, _)| *k == key) {
            Some((_, en, de)) => match self {
                Lang::En => (*en).to_string(),
                Lang::De => (*de).to_string(),
            },
            None => format!("⟦{key}⟧"),
        }
    }

    /// The text of `key` with `{name}` placeholders filled in.
    pub fn fill(self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key);
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// A number with `decimals` decimals and thousands separators; `NaN` → "–".
    pub fn num(self, v: f64, decimals: usize) -> String {
        if !v.is_finite() {
            return "–".into();
        }
        let s = format!("{:.*}", decimals, v.abs());
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let (thousands, point) = match self {
            Lang::En => (',', '.'),
            Lang::De => ('.', ','),
        };
        let mut out = String::new();
        // "-0.00" prints as "0.00".
        if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
            out.push('-');
        }
        let digits: Vec<char> = int.chars().collect();
        for (i, c) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(thousands);
            }
            out.push(*c);
        }
        if !frac.is_empty() {
            out.push(point);
            out.push_str(frac);
        }
        out
    }

    /// A percentage (the value is already in percent): `2.5%` / `2,5 %`.
    pub fn pct(self, v: f64, decimals: usize) -> String {
        if !v.is_finite() {
            return "–".into();
        }
        match self {
            Lang::En => format!("{}%", self.num(v, decimals)),
            Lang::De => format!("{}\u{a0}%", self.num(v, decimals)),
        }
    }

    /// A member's name in this language (falls back to the given English name).
    pub fn country(self, iso3: &str, english: &str) -> String {
        match self {
            Lang::En => english.to_string(),
            Lang::De => COUNTRIES_DE
                .iter()
                .find(|(k, _)| *k == iso3)
                .map_or(english.to_string(), |(_, n)| (*n).to_string()),
        }
    }
}

/// German names of the allies (English names come from the dataset).
pub const COUNTRIES_DE: &[(&str, &str)] = &[
    ("ALB", "Albanien"),
    ("BEL", "Belgien"),
    ("BGR", "Bulgarien"),
    ("CAN", "Kanada"),
    ("CZE", "Tschechien"),
    ("DEU", "Deutschland"),
    ("DNK", "Dänemark"),
    ("ESP", "Spanien"),
    ("EST", "Estland"),
    ("FIN", "Finnland"),
    ("FRA", "Frankreich"),
    ("GBR", "Vereinigtes Königreich"),
    ("GRC", "Griechenland"),
    ("HRV", "Kroatien"),
    ("HUN", "Ungarn"),
    ("ISL", "Island"),
    ("ITA", "Italien"),
    ("LTU", "Litauen"),
    ("LUX", "Luxemburg"),
    ("LVA", "Lettland"),
    ("MKD", "Nordmazedonien"),
    ("MNE", "Montenegro"),
    ("NLD", "Niederlande"),
    ("NOR", "Norwegen"),
    ("POL", "Polen"),
    ("PRT", "Portugal"),
    ("ROU", "Rumänien"),
    ("SVK", "Slowakei"),
    ("SVN", "Slowenien"),
    ("SWE", "Schweden"),
    ("TUR", "Türkei"),
    ("USA", "Vereinigte Staaten"),
];

/// `(key, English, German)`.
pub const TABLE: &[(&str, &str, &str)] = &[
    // Model names are not here: they are data, `label` and `label_de` of
    // each `[models.<id>]` in the scenario (defaults.toml for the study's four).
    // Document.
    (
        "doc.title",
        "natosim report: the future of NATO",
        "natosim-Bericht: Die Zukunft der NATO",
    ),
    (
        "doc.subtitle",
        "Four alliance models compared by Monte Carlo simulation",
        "Vier Bündnismodelle im Vergleich, simuliert nach der Monte-Carlo-Methode",
    ),
    (
        "doc.repro",
        "How to reproduce",
        "So lässt sich der Bericht reproduzieren",
    ),
    ("doc.scenario", "Scenario", "Szenario"),
    ("doc.seed", "Seed", "Startwert (Seed)"),
    ("doc.runs", "Runs per model", "Läufe je Modell"),
    ("doc.version", "natosim version", "natosim-Version"),
    ("doc.horizon", "Horizon", "Zeitraum"),
    ("doc.command", "Command", "Befehl"),
    ("doc.contents", "Contents", "Inhalt"),
    (
        "doc.not_forecast",
        "These are model outputs under stated assumptions, not forecasts. The four models differ only in their institutional parameters; every run of every model sees the same random shocks (common random numbers).",
        "Die Zahlen sind Modellergebnisse unter offengelegten Annahmen, keine Prognosen. Die vier Modelle unterscheiden sich nur in ihren institutionellen Parametern; jeder Lauf jedes Modells erfährt dieselben Zufallsschocks (gemeinsame Zufallszahlen).",
    ),
    // Sections.
    ("sec.summary", "Summary", "Zusammenfassung"),
    (
        "sec.table",
        "The four models side by side",
        "Die vier Modelle im Vergleich",
    ),
    ("sec.fans", "Over time", "Im Zeitverlauf"),
    (
        "sec.maps",
        "The allies on the map",
        "Die Verbündeten auf der Karte",
    ),
    (
        "sec.spending",
        "Defence spending 2014 and 2024",
        "Verteidigungsausgaben 2014 und 2024",
    ),
    (
        "sec.sensitivity",
        "Which assumptions matter",
        "Welche Annahmen entscheiden",
    ),
    (
        "sec.assumptions",
        "Assumptions that differ from the defaults",
        "Annahmen, die von den Voreinstellungen abweichen",
    ),
    ("sec.members", "Ally by ally", "Verbündeter für Verbündeten"),
    (
        "sec.study",
        "The study side by side",
        "Die Studie im Vergleich",
    ),
    ("sec.method", "Method and sources", "Methode und Quellen"),
    ("sec.files", "Files", "Dateien"),
    // Narrative (filled from the numbers).
    (
        "narr.cohesion",
        "Cohesion (mean over the horizon) is highest in {best} ({best_v}) and lowest in {worst} ({worst_v}).",
        "Die Kohäsion (Mittel über den Zeitraum) ist im Modell {best} am höchsten ({best_v}) und im Modell {worst} am niedrigsten ({worst_v}).",
    ),
    (
        "narr.capacity",
        "Capacity to act — the share of crises answered adequately and in time — is highest in {best} ({best_v}) and lowest in {worst} ({worst_v}).",
        "Die Handlungsfähigkeit – der Anteil der Krisen, auf die rechtzeitig und angemessen reagiert wird – ist im Modell {best} am höchsten ({best_v}) und im Modell {worst} am niedrigsten ({worst_v}).",
    ),
    (
        "narr.deterrence",
        "Deterrence is strongest in {best} ({best_v}) and weakest in {worst} ({worst_v}); the probability of a Russian attack within the horizon ranges from {pa_lo} to {pa_hi}.",
        "Die Abschreckung ist im Modell {best} am stärksten ({best_v}) und im Modell {worst} am schwächsten ({worst_v}); die Wahrscheinlichkeit eines russischen Angriffs im Zeitraum liegt zwischen {pa_lo} und {pa_hi}.",
    ),
    (
        "narr.spending",
        "European allies spend {lo} to {hi} of GDP on defence in the final year ({worst} to {best}); in 2024 it was {start}.",
        "Die europäischen Verbündeten geben im letzten Jahr {lo} bis {hi} ihres BIP für Verteidigung aus ({worst} bis {best}); 2024 waren es {start}.",
    ),
    (
        "narr.burden",
        "Burden-sharing: the European share of allied spending for Europe's defence is largest in {best} ({best_v}).",
        "Lastenteilung: Der europäische Anteil an den Verteidigungsausgaben des Bündnisses für Europa ist im Modell {best} am größten ({best_v}).",
    ),
    (
        "narr.intervals",
        "Figures are means over runs; brackets give the 5th to 95th percentile (90 % interval).",
        "Angegeben sind Mittelwerte über alle Läufe; in Klammern das 5. bis 95. Perzentil (90-%-Intervall).",
    ),
    // Table.
    (
        "table.caption",
        "Mean and 90 % interval (5th–95th percentile) across runs of every outcome metric.",
        "Mittelwert und 90-%-Intervall (5.–95. Perzentil) aller Ergebnisgrößen über die Läufe.",
    ),
    ("table.metric", "Metric", "Größe"),
    ("table.unit", "Unit", "Einheit"),
    ("unit.index", "index 0–1", "Index 0–1"),
    ("unit.probability", "probability", "Wahrscheinlichkeit"),
    ("unit.days", "days", "Tage"),
    ("unit.pct_gdp", "% of GDP", "% des BIP"),
    ("unit.pp_gdp", "pp of GDP", "Prozentpunkte des BIP"),
    (
        "unit.usd_bn",
        "USD bn (2024 prices)",
        "Mrd. USD (Preise 2024)",
    ),
    ("unit.brigades", "brigade equivalents", "Brigadeäquivalente"),
    ("unit.troops", "troops", "Soldaten"),
    ("unit.count", "count", "Anzahl"),
    ("metric.cohesion", "Cohesion", "Kohäsion"),
    (
        "metric.capacity_to_act",
        "Capacity to act",
        "Handlungsfähigkeit",
    ),
    (
        "metric.decision_days",
        "Days to decision",
        "Tage bis zur Entscheidung",
    ),
    ("metric.deterrence", "Deterrence", "Abschreckung"),
    (
        "metric.conventional_deterrence",
        "Conventional deterrence",
        "Konventionelle Abschreckung",
    ),
    (
        "metric.nuclear_credibility",
        "Nuclear credibility",
        "Glaubwürdigkeit der nuklearen Abschreckung",
    ),
    (
        "metric.european_burden_share",
        "European share of the burden",
        "Europäischer Lastenanteil",
    ),
    (
        "metric.europe_spending_gdp_final",
        "European defence spending, final year",
        "Europäische Verteidigungsausgaben, letztes Jahr",
    ),
    (
        "metric.europe_spending_busd_final",
        "European defence spending, final year",
        "Europäische Verteidigungsausgaben, letztes Jahr",
    ),
    (
        "metric.spending_spread_final",
        "Spread of spending shares, final year",
        "Streuung der Ausgabenquoten, letztes Jahr",
    ),
    (
        "metric.free_riding_final",
        "Share of allies below the target, final year",
        "Anteil der Verbündeten unter dem Zielwert, letztes Jahr",
    ),
    (
        "metric.us_trust",
        "Trust in the US guarantee",
        "Vertrauen in die US-Garantie",
    ),
    (
        "metric.p_attack",
        "Probability of a Russian attack",
        "Wahrscheinlichkeit eines russischen Angriffs",
    ),
    (
        "metric.p_paralysis",
        "Share of crises left unanswered",
        "Anteil unbeantworteter Krisen",
    ),
    (
        "metric.p_fragmentation",
        "Probability of fragmentation",
        "Wahrscheinlichkeit des Zerfalls",
    ),
    (
        "metric.baltic_days",
        "Days until the Baltic capitals fall, in the months they fall",
        "Tage bis zum Fall der baltischen Hauptstädte, in den Monaten, in denen sie fallen",
    ),
    (
        "metric.forces_to_hold",
        "Extra heavy brigades needed to hold the Baltics",
        "Zusätzliche schwere Brigaden zur Verteidigung des Baltikums",
    ),
    (
        "metric.p_capitals_lost",
        "Probability the Baltic capitals are lost",
        "Wahrscheinlichkeit des Verlusts der baltischen Hauptstädte",
    ),
    (
        "metric.p_escalation_horizontal",
        "Probability of horizontal escalation",
        "Wahrscheinlichkeit horizontaler Eskalation",
    ),
    (
        "metric.p_escalation_vertical",
        "Probability of vertical (nuclear) escalation",
        "Wahrscheinlichkeit vertikaler (nuklearer) Eskalation",
    ),
    (
        "metric.p_ukraine_war",
        "Probability of a renewed war against Ukraine",
        "Wahrscheinlichkeit eines erneuten Kriegs gegen die Ukraine",
    ),
    (
        "metric.host_stability",
        "Host stability in the south (Iraq)",
        "Stabilität des Gastlands im Süden (Irak)",
    ),
    (
        "metric.p_is_resurgence",
        "Probability of an IS resurgence",
        "Wahrscheinlichkeit eines Wiedererstarkens des IS",
    ),
    // h-theatres: theatre pressure and forces; the windows (MODEL.md 8.1).
    (
        "metric.grey_zone_pressure",
        "Russian grey-zone (hybrid) pressure",
        "Russischer Druck in der Grauzone (hybrid)",
    ),
    (
        "metric.forces_elsewhere",
        "Forces held in the south and the Arctic",
        "Im Süden und in der Arktis gebundene Kräfte",
    ),
    (
        "metric.p_attack_transition",
        "Probability of an attack in the transition",
        "Wahrscheinlichkeit eines Angriffs im Übergang",
    ),
    (
        "metric.attack_hazard_transition",
        "Annual attack hazard in the transition",
        "Jährliche Angriffsrate im Übergang",
    ),
    (
        "metric.attack_hazard_end",
        "Annual attack hazard at the end of the horizon",
        "Jährliche Angriffsrate am Ende des Zeitraums",
    ),
    (
        "metric.deterrence_transition",
        "Deterrence in the transition",
        "Abschreckung im Übergang",
    ),
    (
        "metric.deterrence_end",
        "Deterrence at the end of the horizon",
        "Abschreckung am Ende des Zeitraums",
    ),
    (
        "metric.cohesion_transition",
        "Cohesion in the transition",
        "Kohäsion im Übergang",
    ),
    (
        "metric.cohesion_end",
        "Cohesion at the end of the horizon",
        "Kohäsion am Ende des Zeitraums",
    ),
    (
        "windows.title",
        "Transition and steady state",
        "Übergang und Gleichgewicht",
    ),
    (
        "windows.intro",
        "The same quantities in the transition ({transition}) and in the last years of the horizon ({end}): a risk that belongs to the transition is not a permanent property of a model.",
        "Dieselben Größen im Übergang ({transition}) und in den letzten Jahren des Zeitraums ({end}): Ein Risiko, das zum Übergang gehört, ist keine dauerhafte Eigenschaft eines Modells.",
    ),
    ("windows.transition", "transition", "Übergang"),
    ("windows.end", "end", "Ende"),
    (
        "windows.annual_attack_hazard",
        "Annual attack hazard",
        "Jährliche Angriffsrate",
    ),
    ("windows.deterrence", "Deterrence", "Abschreckung"),
    ("windows.cohesion", "Cohesion", "Kohäsion"),
    (
        "metric.p_baltic_held",
        "Share of months the Baltic defence holds for the campaign horizon",
        "Anteil der Monate, in denen die Verteidigung des Baltikums über den Kampagnenhorizont hält",
    ),
    // h-inst (issue 10.2–10.4).
    (
        "metric.response_days",
        "Days until reinforcements are released (Article 5)",
        "Tage bis zur Freigabe der Verstärkungen (Artikel 5)",
    ),
    (
        "metric.reinforcing_share",
        "Share of reinforcements committed",
        "Anteil der zugesagten Verstärkungskräfte",
    ),
    (
        "metric.russia_nuclear_risk",
        "Nuclear risk as Russia perceives it",
        "Nukleares Risiko aus russischer Sicht",
    ),
    (
        "metric.institution_built_final",
        "Share of the institution built (final month)",
        "Aufgebauter Anteil der Institution (letzter Monat)",
    ),
    // h-spend (issue 11.1).
    (
        "metric.europe_related_gdp_final",
        "European defence-related spending, % of GDP (final year)",
        "Verteidigungsrelevante Ausgaben Europas, % des BIP (letztes Jahr)",
    ),
    (
        "metric.europe_total_gdp_final",
        "European core and related spending, % of GDP (final year)",
        "Kern- und verteidigungsrelevante Ausgaben Europas, % des BIP (letztes Jahr)",
    ),
    (
        "metric.fiscal_bound_final",
        "Share of allies held back by their fiscal ceiling (final year)",
        "Anteil der Verbündeten an ihrer fiskalischen Obergrenze (letztes Jahr)",
    ),
    // Fan charts.
    (
        "fan.cohesion.title",
        "Cohesion over time",
        "Kohäsion im Zeitverlauf",
    ),
    (
        "fan.cohesion.axis",
        "Cohesion (index 0–1)",
        "Kohäsion (Index 0–1)",
    ),
    (
        "fan.capacity_to_act.title",
        "Capacity to act over time",
        "Handlungsfähigkeit im Zeitverlauf",
    ),
    (
        "fan.capacity_to_act.axis",
        "Crises answered so far (share)",
        "Bisher beantwortete Krisen (Anteil)",
    ),
    (
        "fan.deterrence.title",
        "Deterrence over time",
        "Abschreckung im Zeitverlauf",
    ),
    (
        "fan.deterrence.axis",
        "Deterrence (index 0–1)",
        "Abschreckung (Index 0–1)",
    ),
    (
        "fan.europe_spending_gdp.title",
        "European defence spending over time",
        "Europäische Verteidigungsausgaben im Zeitverlauf",
    ),
    (
        "fan.europe_spending_gdp.axis",
        "Defence spending (% of GDP)",
        "Verteidigungsausgaben (% des BIP)",
    ),
    (
        "fan.caption",
        "Median (line), 50 % band (25th–75th percentile, dark) and 90 % band (5th–95th percentile, light) across runs, one panel per model; thin grey lines: the other models' medians.",
        "Median (Linie), 50-%-Band (25.–75. Perzentil, dunkel) und 90-%-Band (5.–95. Perzentil, hell) über die Läufe, ein Feld je Modell; dünne graue Linien: Mediane der anderen Modelle.",
    ),
    (
        "fan.capacity_note",
        "Capacity to act is the share of the crises so far that were answered adequately and in time; its final value is the capacity_to_act metric.",
        "Die Handlungsfähigkeit ist der Anteil der bisherigen Krisen, auf die rechtzeitig und angemessen reagiert wurde; ihr Endwert ist die Größe capacity_to_act.",
    ),
    ("axis.year", "Year", "Jahr"),
    ("legend.median", "median", "Median"),
    ("legend.band50", "50 % band", "50-%-Band"),
    ("legend.band90", "90 % band", "90-%-Band"),
    (
        "source.sim",
        "Source: natosim {version}, scenario “{scenario}”, seed {seed}, {runs} runs per model.",
        "Quelle: natosim {version}, Szenario „{scenario}“, Seed {seed}, {runs} Läufe je Modell.",
    ),
    (
        "source.nato",
        "Source: NATO, Defence Expenditure of NATO Countries (2014–2024), June 2024, Table 3 (share of real GDP; 2024 estimated). Iceland has no armed forces.",
        "Quelle: NATO, Defence Expenditure of NATO Countries (2014–2024), Juni 2024, Tabelle 3 (Anteil am realen BIP; 2024 geschätzt). Island hat keine Streitkräfte.",
    ),
    (
        "source.map",
        "Shapes: Natural Earth 1:50m (public domain).",
        "Umrisse: Natural Earth 1:50m (gemeinfrei).",
    ),
    // Maps.
    (
        "mapvar.threat",
        "Threat perception, final month (median)",
        "Bedrohungswahrnehmung, letzter Monat (Median)",
    ),
    (
        "mapvar.spending-2014",
        "Defence spending 2014",
        "Verteidigungsausgaben 2014",
    ),
    (
        "mapvar.spending-2024",
        "Defence spending 2024",
        "Verteidigungsausgaben 2024",
    ),
    (
        "mapvar.spending-final",
        "Defence spending, final year (median)",
        "Verteidigungsausgaben, letztes Jahr (Median)",
    ),
    (
        "mapvar.us-trust",
        "Trust in the US guarantee, final month (median)",
        "Vertrauen in die US-Garantie, letzter Monat (Median)",
    ),
    (
        "mapunit.threat",
        "threat perception (1 = “high” in the study’s coding)",
        "Bedrohungswahrnehmung (1 = „hoch“ in der Kodierung der Studie)",
    ),
    ("mapunit.spending", "% of GDP", "% des BIP"),
    ("mapunit.trust", "trust, index 0–1", "Vertrauen, Index 0–1"),
    (
        "map.caption",
        "NATO members coloured by value; other countries in light grey. Europe in equal-area projection, North America as an inset.",
        "NATO-Mitglieder nach Wert eingefärbt, andere Länder hellgrau. Europa flächentreu projiziert, Nordamerika als Nebenkarte.",
    ),
    (
        "map.caption_models",
        "One map per model, same colour scale.",
        "Eine Karte je Modell, gleiche Farbskala.",
    ),
    (
        "mapvar.spending-change",
        "Change in defence spending to the final year (mean)",
        "Veränderung der Verteidigungsausgaben bis zum letzten Jahr (Mittelwert)",
    ),
    (
        "mapunit.spending_change",
        "change, percentage points of GDP",
        "Veränderung, Prozentpunkte des BIP",
    ),
    (
        "map.caption_change",
        "Change of each ally's spending from {base} (data) to {final}, mean over runs, in the model “{model}”; the table “Ally by ally” and the map’s CSV give every model.",
        "Veränderung der Ausgaben jedes Verbündeten von {base} (Daten) bis {final}, Mittelwert über die Läufe, im Modell „{model}“; die Tabelle „Verbündeter für Verbündeten“ und die CSV-Datei der Karte enthalten alle Modelle.",
    ),
    (
        "members.caption",
        "Each ally in the final year {final}: defence spending (% of GDP; mean, below it the 90 % interval) and trust in the US guarantee (index 0–1, mean) per model; {base} is the reference data.",
        "Jeder Verbündete im letzten Jahr {final}: Verteidigungsausgaben (% des BIP; Mittelwert, darunter das 90-%-Intervall) und Vertrauen in die US-Garantie (Index 0–1, Mittelwert) je Modell; {base} sind die Referenzdaten.",
    ),
    ("members.ally", "Ally", "Verbündeter"),
    (
        "members.spending_base",
        "Spending {base}",
        "Ausgaben {base}",
    ),
    ("members.spending_final", "Spending", "Ausgaben"),
    ("members.trust_final", "Trust in US", "Vertrauen in USA"),
    (
        "members.note",
        "members.csv holds every ally, year and model with spending (% of GDP and USD bn), threat, trust and contribution (forces available to the alliance within 30 days) — the same numbers as natosim members.",
        "members.csv enthält jeden Verbündeten, jedes Jahr und Modell mit Ausgaben (% des BIP und Mrd. USD), Bedrohung, Vertrauen und Beitrag (dem Bündnis binnen 30 Tagen verfügbare Kräfte) – dieselben Zahlen wie natosim members.",
    ),
    (
        "study.intro",
        "Each judgement the study makes about a model or a country that natosim can be held to, with the rule it becomes and what this report's runs give (means): {agree} agree, {disagree} disagree, {nc} not comparable. The judgements are data (natosim judgements); claims and reasons in English.",
        "Jedes Urteil der Studie über ein Modell oder ein Land, an dem sich natosim messen lässt, mit der Regel, zu der es wird, und dem Ergebnis dieser Läufe (Mittelwerte): {agree} stimmen überein, {disagree} widersprechen, {nc} nicht vergleichbar. Die Urteile sind Daten (natosim judgements); Aussagen und Gründe auf Englisch.",
    ),
    ("study.about", "About", "Gegenstand"),
    ("study.says", "The study says", "Die Studie sagt"),
    ("study.rule", "natosim is held to", "Prüfregel"),
    ("study.gives", "natosim gives", "natosim ergibt"),
    ("study.verdict", "Verdict", "Urteil"),
    ("study.agrees", "agrees", "stimmt überein"),
    ("study.disagrees", "disagrees", "widerspricht"),
    (
        "study.not_comparable",
        "not comparable",
        "nicht vergleichbar",
    ),
    (
        "study.input",
        "an input: the check confirms the dynamics keep it",
        "eine Eingabe: die Prüfung bestätigt, dass die Dynamik sie erhält",
    ),
    ("map.nodata", "no data", "keine Daten"),
    ("map.nonmember", "not a member", "kein Mitglied"),
    (
        "map.us_note",
        "The United States is the guarantor: it has no trust value.",
        "Die Vereinigten Staaten sind die Garantiemacht: Für sie gibt es keinen Vertrauenswert.",
    ),
    // Spending chart.
    (
        "spend.title",
        "Defence spending of the allies, 2014 and 2024",
        "Verteidigungsausgaben der Verbündeten 2014 und 2024",
    ),
    (
        "spend.axis",
        "Defence spending (% of GDP)",
        "Verteidigungsausgaben (% des BIP)",
    ),
    (
        "spend.target",
        "2 % target (Wales 2014)",
        "2-%-Ziel (Wales 2014)",
    ),
    (
        "spend.caption",
        "Each ally's defence spending as a share of GDP in 2014 and 2024, sorted by 2024; the dashed line is the 2 % guideline agreed in Wales in 2014.",
        "Verteidigungsausgaben jedes Verbündeten in Prozent des BIP 2014 und 2024, sortiert nach 2024; die gestrichelte Linie ist die 2014 in Wales vereinbarte 2-%-Richtgröße.",
    ),
    ("spend.noforces", "no armed forces", "keine Streitkräfte"),
    // Sensitivity.
    (
        "sens.title",
        "Sensitivity of {metric} in {model}",
        "Sensitivität von {metric} im Modell {model}",
    ),
    ("sens.axis_sobol", "Sobol index", "Sobol-Index"),
    (
        "sens.axis_morris",
        "Morris μ* (mean absolute elementary effect)",
        "Morris μ* (mittlerer absoluter Elementareffekt)",
    ),
    ("sens.st", "total-order index (ST)", "Totalindex (ST)"),
    (
        "sens.no_variance",
        "undefined: the metric does not vary",
        "undefiniert: die Kennzahl variiert nicht",
    ),
    (
        "sens.s1",
        "first-order index (S1)",
        "Index erster Ordnung (S1)",
    ),
    ("sens.mu_star", "μ*", "μ*"),
    (
        "sens.caption_sobol",
        "Sobol indices with 95 % confidence intervals (error bars); the {n} most influential parameters by total-order index. Method: {method}, {samples} samples, seed {seed}.",
        "Sobol-Indizes mit 95-%-Konfidenzintervallen (Fehlerbalken); die {n} einflussreichsten Parameter nach Totalindex. Methode: {method}, {samples} Stichproben, Seed {seed}.",
    ),
    (
        "sens.caption_morris",
        "Morris screening: μ* with its 95 % confidence interval (error bars); the {n} most influential parameters. Method: {method}, {samples} samples, seed {seed}.",
        "Morris-Screening: μ* mit 95-%-Konfidenzintervall (Fehlerbalken); die {n} einflussreichsten Parameter. Methode: {method}, {samples} Stichproben, Seed {seed}.",
    ),
    (
        "sens.source",
        "Source: natosim sensitivity, scenario “{scenario}”, file {file}.",
        "Quelle: natosim sensitivity, Szenario „{scenario}“, Datei {file}.",
    ),
    (
        "sens.none",
        "No sensitivity analysis was given (run natosim sensitivity --format json and pass the file with --sensitivity).",
        "Es wurde keine Sensitivitätsanalyse übergeben (natosim sensitivity --format json ausführen und die Datei mit --sensitivity übergeben).",
    ),
    // Assumptions.
    (
        "assum.intro",
        "The scenario sets these parameters differently from natosim's embedded defaults (natosim scenario --defaults):",
        "Das Szenario setzt diese Parameter anders als die eingebauten Voreinstellungen von natosim (natosim scenario --defaults):",
    ),
    (
        "assum.none",
        "None: the scenario uses natosim's embedded defaults throughout.",
        "Keine: Das Szenario verwendet durchweg die eingebauten Voreinstellungen von natosim.",
    ),
    ("assum.path", "Parameter", "Parameter"),
    ("assum.value", "This scenario", "Dieses Szenario"),
    ("assum.default", "Default", "Voreinstellung"),
    ("assum.absent", "(not set)", "(nicht gesetzt)"),
    // Method.
    (
        "method.model",
        "natosim is an agent-based model of the 32 allies, the United States and Russia, stepped monthly. It turns the Friedrich-Ebert-Stiftung study Die Zukunft der NATO (Spanger & Dembinski, PRIF, 2025) into four alliance models and judges them by cohesion and capacity to act. Every equation, parameter and source is documented in docs/MODEL.md.",
        "natosim ist ein agentenbasiertes Modell der 32 Verbündeten, der Vereinigten Staaten und Russlands in Monatsschritten. Es übersetzt die Studie Die Zukunft der NATO der Friedrich-Ebert-Stiftung (Spanger & Dembinski, PRIF, 2025) in vier Bündnismodelle und bewertet sie nach Kohäsion und Handlungsfähigkeit. Jede Gleichung, jeder Parameter und jede Quelle ist in docs/MODEL.md dokumentiert.",
    ),
    (
        "method.data",
        "Reference data: NATO, Defence Expenditure of NATO Countries (2014–2024), June 2024; SIPRI Military Expenditure Database; IISS Military Balance 2025 (crates/natosim-core/data/SOURCES.md). Map shapes: Natural Earth (public domain).",
        "Referenzdaten: NATO, Defence Expenditure of NATO Countries (2014–2024), Juni 2024; SIPRI Military Expenditure Database; IISS Military Balance 2025 (crates/natosim-core/data/SOURCES.md). Kartenumrisse: Natural Earth (gemeinfrei).",
    ),
    (
        "method.stats",
        "Quantiles come from streaming histograms (error at most one bin: 0.001 for indices, 0.01 percentage points for spending).",
        "Die Quantile stammen aus fortlaufend gefüllten Histogrammen (Fehler höchstens eine Klassenbreite: 0,001 bei Indizes, 0,01 Prozentpunkte bei Ausgaben).",
    ),
    (
        "files.intro",
        "Next to this file: every chart as SVG and PNG, and the data behind it as CSV.",
        "Neben dieser Datei: jede Grafik als SVG und PNG sowie die zugrunde liegenden Daten als CSV.",
    ),
    ("files.data", "data", "Daten"),
    // Parameter uncertainty and the decomposition of differences (h-unc).
    (
        "sec.decompose",
        "Where the differences come from",
        "Woher die Unterschiede kommen",
    ),
    (
        "dec.intro",
        "How much of the gap between two models comes from the US posture (troops, enablers, exit, nuclear guarantee), from US leadership and from the institutions (decision rule, majority thresholds, delegated competences, procurement integration, sovereignty cost)? natosim runs every hybrid model — one model with the other's fields of some factors — on the same random numbers and splits each gap into Shapley values: each factor's contribution averaged over every order of switching the factors. The contributions add up to the gap.",
        "Wie viel des Unterschieds zwischen zwei Modellen geht auf die US-Präsenz (Truppen, Enabler, Austritt, nukleare Garantie), auf die US-Führung und auf die Institutionen (Entscheidungsregel, Mehrheitsschwellen, übertragene Kompetenzen, Beschaffungsintegration, Souveränitätskosten) zurück? natosim rechnet jedes Mischmodell — ein Modell mit den Feldern einiger Faktoren des anderen — mit denselben Zufallszahlen und zerlegt jeden Unterschied in Shapley-Werte: den Beitrag jedes Faktors, gemittelt über jede Reihenfolge, in der die Faktoren gewechselt werden. Die Beiträge ergeben zusammen den Unterschied.",
    ),
    (
        "dec.caption",
        "{b} compared with {a}: gap and contributions ({runs} runs per model, {hybrids} models with the hybrids; 90% confidence interval of the mean in small print)",
        "{b} im Vergleich mit {a}: Unterschied und Beiträge ({runs} Läufe je Modell, {hybrids} Modelle mit den Mischmodellen; 90-%-Konfidenzintervall des Mittelwerts klein gedruckt)",
    ),
    ("dec.gap", "Gap", "Unterschied"),
    ("dec.us-posture", "US posture", "US-Präsenz"),
    ("dec.leadership", "US leadership", "US-Führung"),
    ("dec.institutions", "Institutions", "Institutionen"),
    ("dec.same", "0 (same)", "0 (gleich)"),
    (
        "dec.method",
        "Run by run the contributions are computed on the same random events (and parameter draws), so the noise common to all hybrid models cancels; the interval says how precisely the mean contribution is known. Reproduce with natosim decompose A B.",
        "Die Beiträge werden Lauf für Lauf auf denselben Zufallsereignissen (und Parameterziehungen) berechnet, so dass sich das allen Mischmodellen gemeinsame Rauschen aufhebt; das Intervall gibt an, wie genau der mittlere Beitrag bekannt ist. Nachrechnen mit natosim decompose A B.",
    ),
    (
        "dec.none",
        "No decomposition: the scenario lacks the pairs of models decomposed by default.",
        "Keine Zerlegung: Dem Szenario fehlen die standardmäßig zerlegten Modellpaare.",
    ),
    (
        "unc.aleatory",
        "The intervals carry the uncertainty of random events only: every parameter is at its nominal value.",
        "Die Intervalle enthalten nur die Unsicherheit zufälliger Ereignisse: Jeder Parameter steht auf seinem Nennwert.",
    ),
    (
        "unc.combined",
        "The intervals carry the uncertainty of random events and of {n} named assumptions drawn anew in every run (the same draw for every model): {paths}.",
        "Die Intervalle enthalten die Unsicherheit zufälliger Ereignisse und von {n} benannten Annahmen, die in jedem Lauf neu gezogen werden (für jedes Modell dieselbe Ziehung): {paths}.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_key_has_both_languages_and_is_unique() {
        let mut seen = HashSet::new();
        for (k, en, de) in TABLE {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!en.trim().is_empty(), "{k}: English missing");
            assert!(!de.trim().is_empty(), "{k}: German missing");
            // Placeholders must match between the languages.
            let ph = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(ph(en), ph(de), "{k}: placeholders differ");
        }
        // Every study model has a German name in the defaults.
        let s = natosim_core::Scenario::defaults();
        for m in s.models.iter() {
            assert!(m.institution.label_de.is_some(), "{}", m.id);
        }
        for m in natosim_core::METRICS {
            assert!(
                !Lang::De.t(&format!("metric.{}", m.name)).starts_with('⟦'),
                "{}",
                m.name
            );
        }
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(Lang::En.num(1090.456, 1), "1,090.5");
        assert_eq!(Lang::De.num(1090.456, 1), "1.090,5");
        assert_eq!(Lang::De.pct(2.5, 1), "2,5\u{a0}%");
        assert_eq!(Lang::En.pct(2.5, 1), "2.5%");
        assert_eq!(Lang::En.num(-0.0001, 2), "0.00");
        assert_eq!(Lang::De.num(-1234567.0, 0), "-1.234.567");
        assert_eq!(Lang::En.num(f64::NAN, 2), "–");
    }

    #[test]
    fn all_members_have_german_names() {
        let d = natosim_core::Dataset::embedded().unwrap();
        for m in &d.members {
            assert!(COUNTRIES_DE.iter().any(|(k, _)| *k == m.iso3), "{}", m.iso3);
        }
    }
}
