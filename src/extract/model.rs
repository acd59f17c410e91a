//! The section model: a small linear classifier over an article's words,
//! for where the section rules run out (a short feed item with few cue
//! phrases, two sections tied).
//!
//! Multinomial logistic regression over the mean of the article's hashed
//! words (the title's count twice; at most the first `body_words` of the
//! body), each word hashed as the phrase sets hash it ([`super::words`]), so
//! the model reads the words extraction has already found. It is trained by
//! `tools/train_section_model.py` on the labelled corpora of `../shared`
//! (provenance, validation accuracy and checks in
//! `assets/section_model.toml`) and compiled in as `assets/section_model.bin`:
//! `GZSM`, class count (u8), bucket bits (u8), body words (u16), weight scale
//! (f32), the class names (u16 length, comma-separated), one f32 bias per
//! class, then an i8 weight per bucket and class. Little-endian throughout.

use std::sync::OnceLock;

use super::words::UnitWords;

/// The compiled-in model.
static ASSET: &[u8] = include_bytes!("../../assets/section_model.bin");

/// A model asset that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("section model: {0}")]
pub struct ModelError(&'static str);

/// The section model, its weights borrowed from the asset.
#[derive(Debug)]
pub struct SectionModel {
    /// Class names: section ids, and `world` (news the rules place among
    /// politics, conflict, crime and disaster).
    classes: Vec<String>,
    /// A word's bucket is the top `bits` bits of its hash.
    bits: u32,
    body_words: usize,
    scale: f32,
    bias: Vec<f32>,
    /// `weights[bucket * classes + class]`, an i8 each.
    weights: &'static [u8],
}

/// Reads `n` bytes at `*at` and moves past them.
fn take<'a>(bytes: &'a [u8], at: &mut usize, n: usize) -> Result<&'a [u8], ModelError> {
    let out = bytes
        .get(*at..*at + n)
        .ok_or(ModelError("the asset is cut short"))?;
    *at += n;
    Ok(out)
}

fn f32_at(bytes: &[u8], at: &mut usize) -> Result<f32, ModelError> {
    let b = take(bytes, at, 4)?;
    Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

impl SectionModel {
    /// The model of an asset in the format above.
    pub fn parse(bytes: &'static [u8]) -> Result<SectionModel, ModelError> {
        let mut at = 0;
        if take(bytes, &mut at, 4)? != b"GZSM" {
            return Err(ModelError("not a section model"));
        }
        let head = take(bytes, &mut at, 4)?;
        let (n, bits) = (usize::from(head[0]), u32::from(head[1]));
        let body_words = usize::from(u16::from_le_bytes([head[2], head[3]]));
        if n == 0 || !(1..=24).contains(&bits) {
            return Err(ModelError("bad class count or bucket bits"));
        }
        let scale = f32_at(bytes, &mut at)?;
        let len = take(bytes, &mut at, 2)?;
        let names = take(
            bytes,
            &mut at,
            usize::from(u16::from_le_bytes([len[0], len[1]])),
        )?;
        let classes: Vec<String> = std::str::from_utf8(names)
            .map_err(|_| ModelError("class names are not UTF-8"))?
            .split(',')
            .map(str::to_owned)
            .collect();
        if classes.len() != n {
            return Err(ModelError("class names do not match the class count"));
        }
        let bias = (0..n)
            .map(|_| f32_at(bytes, &mut at))
            .collect::<Result<Vec<f32>, _>>()?;
        let weights = take(bytes, &mut at, n << bits)?;
        if at != bytes.len() {
            return Err(ModelError("bytes past the weights"));
        }
        Ok(SectionModel {
            classes,
            bits,
            body_words,
            scale,
            bias,
            weights,
        })
    }

    /// The compiled-in model, read on first use.
    pub fn builtin() -> &'static SectionModel {
        static MODEL: OnceLock<SectionModel> = OnceLock::new();
        MODEL.get_or_init(|| match SectionModel::parse(ASSET) {
            Ok(model) => model,
            // A broken compiled-in asset is a build error; the tests read it.
            Err(e) => panic!("{e}"),
        })
    }

    /// The class names, in the order of [`SectionModel::probabilities`].
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// Each class's probability for the article whose units' words are
    /// `words` (unit 0 the title).
    pub fn probabilities(&self, words: &UnitWords) -> Vec<f32> {
        let n = self.classes.len();
        let mut sums = vec![0i32; n];
        let mut total = 0i32;
        let shift = 64 - self.bits;
        let mut add = |hash: u64, times: i32| {
            let at = (hash >> shift) as usize * n;
            for (sum, &w) in sums.iter_mut().zip(&self.weights[at..at + n]) {
                *sum += i32::from(w as i8) * times;
            }
            total += times;
        };
        for w in words.unit(0) {
            add(w.hash, 2);
        }
        let units = words.ends.len();
        let body = (1..units).flat_map(|u| words.unit(u)).take(self.body_words);
        for w in body {
            add(w.hash, 1);
        }
        let per = if total > 0 {
            self.scale / total as f32
        } else {
            0.0
        };
        let z: Vec<f32> = self
            .bias
            .iter()
            .zip(&sums)
            .map(|(b, &s)| b + s as f32 * per)
            .collect();
        let top = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let e: Vec<f32> = z.iter().map(|x| (x - top).exp()).collect();
        let sum: f32 = e.iter().sum();
        e.into_iter().map(|x| x / sum).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `assets/section_model.toml`, the training script's record of the asset.
    #[derive(serde::Deserialize)]
    struct Record {
        classes: Vec<String>,
        bucket_bits: u32,
        body_words: usize,
        fnv1a64: String,
        probe: Vec<Probe>,
    }

    #[derive(serde::Deserialize)]
    struct Probe {
        title: String,
        body: String,
        probs: Vec<f32>,
    }

    fn record() -> Record {
        toml::from_str(include_str!("../../assets/section_model.toml")).unwrap()
    }

    fn probs(title: &str, body: &str) -> Vec<(String, f32)> {
        let model = SectionModel::builtin();
        let words = UnitWords::of(&[title, body]);
        model
            .classes()
            .iter()
            .cloned()
            .zip(model.probabilities(&words))
            .collect()
    }

    fn best(title: &str, body: &str) -> String {
        let p = probs(title, body);
        let top = p.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        top.0.clone()
    }

    #[test]
    fn the_asset_is_what_the_training_script_wrote() {
        let record = record();
        let mut fnv: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in ASSET {
            fnv = (fnv ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        assert_eq!(format!("{fnv:016x}"), record.fnv1a64);
        let model = SectionModel::builtin();
        assert_eq!(model.classes(), record.classes);
        assert_eq!(model.bits, record.bucket_bits);
        assert_eq!(model.body_words, record.body_words);
    }

    /// The script's probabilities of its probe texts, from its own
    /// tokenizer and hash: the same here means the words, their hashes, the
    /// buckets and the weights' layout all agree with training.
    #[test]
    fn it_scores_as_the_training_script_does() {
        let record = record();
        assert!(record.probe.len() >= 5);
        for probe in &record.probe {
            let got = probs(&probe.title, &probe.body);
            for ((class, p), want) in got.iter().zip(&probe.probs) {
                assert!(
                    (p - want).abs() < 2e-3,
                    "{:?} {class}: {p} vs {want}",
                    probe.title
                );
            }
        }
    }

    #[test]
    fn it_knows_the_sections_of_headlines() {
        assert_eq!(best("Bills 38, Seahawks 9", ""), "sport");
        assert_eq!(best("Fed holds interest rates steady", ""), "economy");
        assert_eq!(
            best(
                "Bank of England cuts interest rates to 4%",
                "The Monetary Policy Committee voted to lower the base rate."
            ),
            "economy"
        );
        assert_eq!(
            best("Oscar nominations announced", "The film leads the field."),
            "arts"
        );
        assert_eq!(
            best("Chelsea sign striker", "The club paid a record fee."),
            "sport"
        );
    }

    fn section_of(title: &str, body: &str) -> String {
        let article = crate::Article::new("t.txt", title, vec![body.to_string()]);
        let e = crate::extract::Extractor::builtin().extract(&article);
        e.sections[0].id.clone()
    }

    /// BBC items of the dev gold (never trained on) whose few cue words the
    /// rules alone read as the wrong section ("talks" is politics).
    #[test]
    fn the_extractor_asks_it_where_the_rules_are_weak() {
        for (title, body, section) in [
            (
                "Real in talks over Gravesen move",
                "Real Madrid are closing in on a £2m deal for Everton's Thomas Gravesen after the Dane's agent travelled to Spain to hold talks about a move.",
                "sport",
            ),
            (
                "Campbell to extend sprint career",
                "Darren Campbell has set his sights on running quicker than ever after deciding not to retire from sprinting.",
                "sport",
            ),
            (
                "Text message record smashed",
                "UK mobile owners continue to break records with their text messaging, with latest figures showing that 26 billion texts were sent in total in 2004.",
                "science",
            ),
        ] {
            assert_eq!(section_of(title, body), section, "{title}");
        }
    }

    /// Strong rule evidence stands against the model: it reads this
    /// footballer's murder trial as sport (0.96), the rules as crime.
    #[test]
    fn it_does_not_override_strong_rules() {
        let title = "Former striker jailed for murder";
        let body = "The former Premier League striker and club captain was jailed for life for murder. Police arrested him after the match; detectives said he was charged with murder, and the jury at the trial convicted him. The judge sentenced him, prosecutors said.";
        assert_eq!(best(title, body), "sport");
        assert_eq!(section_of(title, body), "crime");
    }

    #[test]
    fn probabilities_sum_to_one_even_with_no_words() {
        let model = SectionModel::builtin();
        for texts in [&["", ""][..], &[""][..], &["Élan café 日本 naïve"][..]] {
            let p = model.probabilities(&UnitWords::of(texts));
            assert_eq!(p.len(), model.classes().len());
            assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        }
    }

    #[test]
    fn a_broken_asset_is_an_error_not_a_panic() {
        assert!(SectionModel::parse(b"").is_err());
        assert!(SectionModel::parse(b"GZSM").is_err());
        assert!(SectionModel::parse(&ASSET[..ASSET.len() - 1]).is_err());
        assert!(SectionModel::parse(b"XXXX\x06\x0f\x78\x00").is_err());
    }
}
