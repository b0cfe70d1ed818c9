//! The languages 8x8 accepts for `language`: one enum, so a tag outside the list is a
//! type error naming the field, and TypeScript offers exactly these strings.

use serde::de::{self, Deserialize, Deserializer, EnumAccess, Unexpected, VariantAccess, Visitor};
use serde::Serialize;

/// A voice or WhatsApp template language, by its case-sensitive tag (`"en-US"`).
///
/// # Example
/// ```
/// use verify_8x8::Language;
///
/// let tag = serde_json::to_string(&Language::EnUs).unwrap();
/// assert_eq!(tag, r#""en-US""#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum Language {
    #[serde(rename = "ar-EG")]
    ArEg,
    #[serde(rename = "ar-SA")]
    ArSa,
    #[serde(rename = "bg-BG")]
    BgBg,
    #[serde(rename = "ca-ES")]
    CaEs,
    #[serde(rename = "cs-CZ")]
    CsCz,
    #[serde(rename = "da-DK")]
    DaDk,
    #[serde(rename = "de-AT")]
    DeAt,
    #[serde(rename = "de-CH")]
    DeCh,
    #[serde(rename = "de-DE")]
    DeDe,
    #[serde(rename = "el-GR")]
    ElGr,
    #[serde(rename = "en-AU")]
    EnAu,
    #[serde(rename = "en-CA")]
    EnCa,
    #[serde(rename = "en-GB")]
    EnGb,
    #[serde(rename = "en-IE")]
    EnIe,
    #[serde(rename = "en-IN")]
    EnIn,
    #[serde(rename = "en-US")]
    EnUs,
    #[serde(rename = "es-ES")]
    EsEs,
    #[serde(rename = "es-MX")]
    EsMx,
    #[serde(rename = "fi-FI")]
    FiFi,
    #[serde(rename = "fr-CA")]
    FrCa,
    #[serde(rename = "fr-CH")]
    FrCh,
    #[serde(rename = "fr-FR")]
    FrFr,
    #[serde(rename = "he-IL")]
    HeIl,
    #[serde(rename = "hi-IN")]
    HiIn,
    #[serde(rename = "hr-HR")]
    HrHr,
    #[serde(rename = "hu-HU")]
    HuHu,
    #[serde(rename = "id-ID")]
    IdId,
    #[serde(rename = "it-IT")]
    ItIt,
    #[serde(rename = "ja-JP")]
    JaJp,
    #[serde(rename = "ko-KR")]
    KoKr,
    #[serde(rename = "ms-MY")]
    MsMy,
    #[serde(rename = "nb-NO")]
    NbNo,
    #[serde(rename = "nl-NL")]
    NlNl,
    #[serde(rename = "pl-PL")]
    PlPl,
    #[serde(rename = "pt-BR")]
    PtBr,
    #[serde(rename = "pt-PT")]
    PtPt,
    #[serde(rename = "ro-RO")]
    RoRo,
    #[serde(rename = "ru-RU")]
    RuRu,
    #[serde(rename = "sk-SK")]
    SkSk,
    #[serde(rename = "sl-SI")]
    SlSi,
    #[serde(rename = "sv-SE")]
    SvSe,
    #[serde(rename = "ta-IN")]
    TaIn,
    #[serde(rename = "th-TH")]
    ThTh,
    #[serde(rename = "tr-TR")]
    TrTr,
    #[serde(rename = "vi-VN")]
    ViVn,
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "zh-HK")]
    ZhHk,
    #[serde(rename = "zh-TW")]
    ZhTw,
}

/// The tags, in the variants' order (`TAGS[i]` names `ALL[i]`).
const TAGS: &[&str] = &[
    "ar-EG", "ar-SA", "bg-BG", "ca-ES", "cs-CZ", "da-DK", "de-AT", "de-CH", "de-DE", "el-GR",
    "en-AU", "en-CA", "en-GB", "en-IE", "en-IN", "en-US", "es-ES", "es-MX", "fi-FI", "fr-CA",
    "fr-CH", "fr-FR", "he-IL", "hi-IN", "hr-HR", "hu-HU", "id-ID", "it-IT", "ja-JP", "ko-KR",
    "ms-MY", "nb-NO", "nl-NL", "pl-PL", "pt-BR", "pt-PT", "ro-RO", "ru-RU", "sk-SK", "sl-SI",
    "sv-SE", "ta-IN", "th-TH", "tr-TR", "vi-VN", "zh-CN", "zh-HK", "zh-TW",
];

/// The variants, in declaration order.
const ALL: [Language; 48] = [
    Language::ArEg,
    Language::ArSa,
    Language::BgBg,
    Language::CaEs,
    Language::CsCz,
    Language::DaDk,
    Language::DeAt,
    Language::DeCh,
    Language::DeDe,
    Language::ElGr,
    Language::EnAu,
    Language::EnCa,
    Language::EnGb,
    Language::EnIe,
    Language::EnIn,
    Language::EnUs,
    Language::EsEs,
    Language::EsMx,
    Language::FiFi,
    Language::FrCa,
    Language::FrCh,
    Language::FrFr,
    Language::HeIl,
    Language::HiIn,
    Language::HrHr,
    Language::HuHu,
    Language::IdId,
    Language::ItIt,
    Language::JaJp,
    Language::KoKr,
    Language::MsMy,
    Language::NbNo,
    Language::NlNl,
    Language::PlPl,
    Language::PtBr,
    Language::PtPt,
    Language::RoRo,
    Language::RuRu,
    Language::SkSk,
    Language::SlSi,
    Language::SvSe,
    Language::TaIn,
    Language::ThTh,
    Language::TrTr,
    Language::ViVn,
    Language::ZhCn,
    Language::ZhHk,
    Language::ZhTw,
];

/// The derived `Deserialize` of a 48-variant enum compares the name with each tag in turn
/// (3.9 KB of wasm); this one looks it up in [`TAGS`]. It takes what the derived one takes
/// (`deserialize_enum` with the same names, a tag or a variant index, a unit variant) and
/// fails with the same errors.
impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_enum("Language", TAGS, LanguageVisitor)
    }
}

/// Reads the enum: its variant, which must be a unit variant.
struct LanguageVisitor;

impl<'de> Visitor<'de> for LanguageVisitor {
    type Value = Language;

    fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
        f.write_str("enum Language")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Language, A::Error> {
        let (language, variant) = data.variant_seed(TagVisitor)?;
        variant.unit_variant()?;
        Ok(language)
    }
}

/// Reads the variant's identifier: a tag, or a variant index.
struct TagVisitor;

impl<'de> de::DeserializeSeed<'de> for TagVisitor {
    type Value = Language;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Language, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for TagVisitor {
    type Value = Language;

    fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<Language, E> {
        usize::try_from(index)
            .ok()
            .and_then(|i| ALL.get(i).copied())
            .ok_or_else(|| {
                E::invalid_value(Unexpected::Unsigned(index), &"variant index 0 <= i < 48")
            })
    }

    fn visit_str<E: de::Error>(self, tag: &str) -> Result<Language, E> {
        TAGS.iter()
            .zip(ALL)
            .find_map(|(t, language)| (*t == tag).then_some(language))
            .ok_or_else(|| E::unknown_variant(tag, TAGS))
    }

    fn visit_bytes<E: de::Error>(self, tag: &[u8]) -> Result<Language, E> {
        match core::str::from_utf8(tag) {
            Ok(tag) => self.visit_str(tag),
            Err(_) => Err(E::unknown_variant(&String::from_utf8_lossy(tag), TAGS)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IntoDeserializer;

    #[test]
    fn tags_name_the_variants_as_serialize_does() {
        for (tag, language) in TAGS.iter().zip(ALL) {
            assert_eq!(
                serde_json::to_string(&language).unwrap(),
                format!("\"{tag}\"")
            );
            let back: Language = serde_json::from_str(&format!("\"{tag}\"")).unwrap();
            assert_eq!(back, language);
        }
    }

    #[test]
    fn errors_are_the_derived_ones() {
        let unknown = serde_json::from_str::<Language>("\"en-us\"")
            .unwrap_err()
            .to_string();
        assert!(
            unknown.starts_with("unknown variant `en-us`, expected one of `ar-EG`, `ar-SA`"),
            "{unknown}"
        );
        let index = |i: u32| {
            let d: serde::de::value::U32Deserializer<serde::de::value::Error> =
                i.into_deserializer();
            Language::deserialize(d).map_err(|e| e.to_string())
        };
        assert_eq!(index(47), Ok(Language::ZhTw));
        assert_eq!(
            index(48),
            Err("invalid value: integer `48`, expected variant index 0 <= i < 48".to_owned())
        );
    }
}
