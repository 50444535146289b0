//! Colour contrast after WCAG 2.1 (relative luminance, ratio 1:1 to 21:1). The tenant's
//! theme colour is the header's background under white text and the colour of links on
//! white, so both must reach AA for normal text (4.5:1).

/// WCAG AA for normal-size text.
pub const AA_NORMAL_TEXT: f64 = 4.5;

/// White, the text colour on the theme colour and the page background under links.
pub const WHITE: [u8; 3] = [0xff, 0xff, 0xff];

/// `#rrggbb` as red, green and blue; `None` for anything else.
pub fn parse_hex(color: &str) -> Option<[u8; 3]> {
    let hex = color.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

fn relative_luminance([r, g, b]: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// The contrast ratio of two colours, from 1.0 (the same) to 21.0 (black on white).
pub fn ratio(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (light, dark) = if la >= lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_match_the_wcag_examples() {
        assert!((ratio([0, 0, 0], WHITE) - 21.0).abs() < 1e-9);
        assert!((ratio(WHITE, WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1, just enough for AA.
        let grey = ratio([0x76, 0x76, 0x76], WHITE);
        assert!(grey > AA_NORMAL_TEXT && grey < 4.6, "{grey}");
        // #777777 is just not enough.
        assert!(ratio([0x77, 0x77, 0x77], WHITE) < AA_NORMAL_TEXT);
    }

    #[test]
    fn only_six_digit_hex_colours_parse() {
        assert_eq!(parse_hex("#0b5394"), Some([0x0b, 0x53, 0x94]));
        assert_eq!(parse_hex("#FFF"), None);
        assert_eq!(parse_hex("0b5394"), None);
        assert_eq!(parse_hex("#0b539g"), None);
        assert_eq!(parse_hex("#ääää"), None);
    }
}
