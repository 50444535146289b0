//! Plural rules for the translations' plural texts (`key_one`, `key_few`, `key_other`, …):
//! which form a number takes in a language (Russian 1 сообщение, 3 сообщения,
//! 5 сообщений; Arabic has a dual). leptos_i18n asks an ICU data provider for the rules;
//! this one uses the CLDR data compiled into `icu_plurals` (a few KB, no files to load).
use icu_locale::Locale;
use icu_plurals::{PluralRuleType, PluralRules, PluralRulesOptions};
use icu_provider::DataError;
use leptos_i18n::custom_provider::{IcuDataProvider, set_icu_data_provider};
use std::sync::Once;

struct CompiledPluralRules;

impl IcuDataProvider for CompiledPluralRules {
    fn try_new_plural_rules(
        &self,
        locale: &Locale,
        rule_type: PluralRuleType,
    ) -> Result<PluralRules, DataError> {
        PluralRules::try_new(
            locale.into(),
            PluralRulesOptions::default().with_type(rule_type),
        )
    }
}

/// Makes plural texts work; call before the first one is rendered. Cheap after the first
/// call, so every entry point (page rendering, hydration, mails) calls it.
pub fn install() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| set_icu_data_provider(CompiledPluralRules));
}
