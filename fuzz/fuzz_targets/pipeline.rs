//! Clean and extract on arbitrary text: never panics, and every mention's
//! span lies on character boundaries inside its text unit.
#![no_main]

use gazette::extract::{Doc, Extractor};
use gazette::ingest::{Format, parse_bytes};
use gazette::pipeline;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((article, _)) = parse_bytes("fuzz.txt", Format::Text, data) else {
        return;
    };
    let p = pipeline::process(Extractor::builtin(), article);
    let doc = Doc::new(&p.article);
    let spans = p
        .entities
        .people
        .iter()
        .flat_map(|x| &x.spans)
        .chain(p.entities.countries.iter().flat_map(|x| &x.spans))
        .chain(p.entities.issues.iter().flat_map(|x| &x.spans));
    for span in spans {
        let unit = doc.units[span.unit as usize];
        assert!(
            unit.get(span.start as usize..span.end as usize).is_some(),
            "{span:?} in {unit:?}"
        );
    }
});
