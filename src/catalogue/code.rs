//! The two numbers sipbot explains, valid by construction: a SIP response code (100–699,
//! RFC 3261 §7.2: three digits, the first one the class) and a Q.850 cause value (1–127,
//! ITU-T Q.850 §2.2.5: seven bits, 0 unused). The ranges are checked here once; anything
//! holding a `SipCode` or a `Cause` needs no check of its own.

use std::fmt;
use std::str::FromStr;

use super::Class;

/// A well-formed SIP response code, registered or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SipCode(u16);

/// A Q.850 cause value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cause(u8);

/// A number, or a text, that is not a `SipCode` or a `Cause`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OutOfRange {
    #[error("not a SIP response code (three digits, 100 to 699)")]
    Code,
    #[error("not a Q.850 cause (1 to 127)")]
    Cause,
}

impl SipCode {
    pub fn get(self) -> u16 {
        self.0
    }

    pub fn class(self) -> Class {
        // Every SipCode has a class: that is what `try_from` checks.
        Class::of(self.0).unwrap_or(Class::Provisional)
    }
}

impl TryFrom<u16> for SipCode {
    type Error = OutOfRange;

    fn try_from(n: u16) -> Result<SipCode, OutOfRange> {
        Class::of(n).map(|_| SipCode(n)).ok_or(OutOfRange::Code)
    }
}

/// Exactly three ASCII digits: "099" and "4860" are not codes even where they parse.
impl FromStr for SipCode {
    type Err = OutOfRange;

    fn from_str(s: &str) -> Result<SipCode, OutOfRange> {
        if s.len() != 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(OutOfRange::Code);
        }
        s.parse::<u16>()
            .map_err(|_| OutOfRange::Code)
            .and_then(SipCode::try_from)
    }
}

impl From<SipCode> for u16 {
    fn from(c: SipCode) -> u16 {
        c.0
    }
}

impl fmt::Display for SipCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Cause {
    pub const RANGE: std::ops::RangeInclusive<u8> = 1..=127;

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Cause {
    type Error = OutOfRange;

    fn try_from(n: u8) -> Result<Cause, OutOfRange> {
        Cause::RANGE
            .contains(&n)
            .then_some(Cause(n))
            .ok_or(OutOfRange::Cause)
    }
}

/// Decimal digits without a leading zero ("17", not "017").
impl FromStr for Cause {
    type Err = OutOfRange;

    fn from_str(s: &str) -> Result<Cause, OutOfRange> {
        if s.is_empty() || s.starts_with('0') || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(OutOfRange::Cause);
        }
        s.parse::<u8>()
            .map_err(|_| OutOfRange::Cause)
            .and_then(Cause::try_from)
    }
}

impl From<Cause> for u8 {
    fn from(c: Cause) -> u8 {
        c.0
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_three_digits_from_100_to_699() {
        assert_eq!(SipCode::try_from(486).map(u16::from), Ok(486));
        assert_eq!("100".parse::<SipCode>().map(SipCode::get), Ok(100));
        assert_eq!("699".parse::<SipCode>().map(SipCode::get), Ok(699));
        for bad in ["099", "700", "4860", "48", "", "4a6", "+486"] {
            assert_eq!(bad.parse::<SipCode>(), Err(OutOfRange::Code), "{bad}");
        }
        assert!(SipCode::try_from(99).is_err() && SipCode::try_from(700).is_err());
        assert_eq!(
            SipCode::try_from(486).unwrap().class(),
            Class::ClientFailure
        );
    }

    #[test]
    fn causes_are_1_to_127_without_a_leading_zero() {
        assert_eq!("17".parse::<Cause>().map(Cause::get), Ok(17));
        assert_eq!("127".parse::<Cause>().map(Cause::get), Ok(127));
        for bad in ["0", "128", "017", "", "1x", "300"] {
            assert_eq!(bad.parse::<Cause>(), Err(OutOfRange::Cause), "{bad}");
        }
        assert!(Cause::try_from(0).is_err() && Cause::try_from(128).is_err());
    }
}
