//! Byte scanning: the prefilter (is there a run of exactly three digits?), the SWAR digit
//! masks behind it, and the small byte searches every other part builds on. No words here.

/// Whether the text holds a run of exactly three ASCII digits: every SIP code, and the "850"
/// of every Q.850 mention, is one. Most chat messages have none and stop here.
pub fn has_candidate(b: &[u8]) -> bool {
    find_candidate(b).is_some()
}

/// Where the first run of exactly three ASCII digits starts (the bytes before the start and
/// after the end of `b` count as non-digits).
pub(super) fn find_candidate(b: &[u8]) -> Option<usize> {
    let mut o = 0;
    while o < b.len() {
        let runs = runs_at(b, o);
        if runs != 0 {
            return Some(o + runs.trailing_zeros() as usize);
        }
        o += 64;
    }
    None
}

/// The runs of exactly three digits that start in the 64 bytes at `o`: bit k set when one
/// starts at `o + k`. A run may end in the next block; the byte before `o` is looked at.
/// Text without such a run costs about one instruction per byte this way, not a branch
/// per byte.
#[inline]
pub(super) fn runs_at(b: &[u8], o: usize) -> u64 {
    let before = u128::from(o > 0 && b[o - 1].is_ascii_digit());
    let cur = digit_mask(b, o);
    let mut next = 0u128;
    for k in 0..4 {
        if b.get(o + 64 + k).is_some_and(u8::is_ascii_digit) {
            next |= 1 << k;
        }
    }
    // Bit j of `w` is byte o + j - 1: a run starts at o + j when bit j is clear, the next
    // three set and the one after clear.
    let w = before | (u128::from(cur) << 1) | (next << 65);
    (!w & (w >> 1) & (w >> 2) & (w >> 3) & !(w >> 4)) as u64
}

/// Bit k set when byte `from + k` is an ASCII digit (zero past the end), eight bytes at a
/// time (SWAR).
#[inline]
pub(super) fn digit_mask(b: &[u8], from: usize) -> u64 {
    let Some(rest) = b.get(from..) else {
        return 0;
    };
    let Some(block) = rest.first_chunk::<64>() else {
        let mut m = 0u64;
        for (k, &c) in rest.iter().enumerate() {
            m |= u64::from(c.is_ascii_digit()) << k;
        }
        return m;
    };
    let mut m = 0u64;
    for (k, word) in block.chunks_exact(8).enumerate() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let digits = swar_digits(u64::from_le_bytes(eight));
        // Gather the eight high bits into one byte.
        let bits = ((digits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
        m |= bits << (8 * k);
    }
    m
}

/// The first ASCII digit of `b[from..limit]` (or `limit`), eight bytes at a time.
#[inline]
pub(super) fn next_digit(b: &[u8], mut from: usize, limit: usize) -> usize {
    while from + 8 <= limit {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(&b[from..from + 8]);
        let digits = swar_digits(u64::from_le_bytes(eight));
        if digits != 0 {
            return from + (digits.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while from < limit && !b[from].is_ascii_digit() {
        from += 1;
    }
    from.min(limit)
}

/// The end of the run of digits at `from`: the first byte after it that is not a digit.
/// Runs are short and of every length, so a byte loop mispredicts its exit on nearly every
/// run; eight bytes at a time it is one branch for any run shorter than eight.
#[inline]
pub(super) fn run_end(b: &[u8], mut from: usize) -> usize {
    while let Some(word) = b.get(from..from + 8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let others = !swar_digits(u64::from_le_bytes(eight)) & 0x8080_8080_8080_8080;
        if others != 0 {
            return from + (others.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while from < b.len() && b[from].is_ascii_digit() {
        from += 1;
    }
    from
}

/// The high bit of each byte of `w` that is an ASCII digit: xored with '0' a digit is
/// 0..=9, and adding 0x76 to the low seven bits sets a byte's high bit exactly when it is 10
/// or more (no carry crosses bytes).
#[inline]
pub(super) fn swar_digits(w: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let x = w ^ 0x3030_3030_3030_3030;
    !(((x & LOW7) + 0x7676_7676_7676_7676) | x) & HIGH
}

/// Whether `b` holds "cause" in any ASCII case: the letters c and C are found eight bytes at
/// a time (SWAR), each then followed by "ause" or not. A byte loop, or a `memchr2` call per
/// c, cost more than the digit walk this check lets a line skip.
pub(super) fn has_cause(b: &[u8]) -> bool {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let at = |i: usize| {
        b.get(i + 1..i + 5)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"ause"))
    };
    let mut o = 0;
    while o + 8 <= b.len() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(&b[o..o + 8]);
        // Zero bytes of `t` are the c and C bytes (0x43 | 0x20 = 0x63), found exactly.
        let t = (u64::from_le_bytes(eight) | 0x2020_2020_2020_2020) ^ 0x6363_6363_6363_6363;
        let mut zeros = !(((t & LOW7) + LOW7) | t) & HIGH;
        while zeros != 0 {
            if at(o + (zeros.trailing_zeros() / 8) as usize) {
                return true;
            }
            zeros &= zeros - 1;
        }
        o += 8;
    }
    (o..b.len()).any(|i| b[i] | 0x20 == b'c' && at(i))
}

/// Whether `needle` (ASCII, starting with a letter) is in `hay`, ASCII case-insensitive.
/// A long haystack is searched for the first letter in either case with `memchr2`; a short
/// one (a window before a number) byte by byte, cheaper than a call per occurrence.
pub(super) fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    find_ci(hay, needle).is_some()
}

/// Where `needle` (ASCII, starting with a letter) first is in `hay`, ASCII case-insensitive
/// (searched as in [`contains_ci`]).
pub(super) fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let at = |i: &usize| {
        hay.get(i + 1..i + 1 + rest.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(rest))
    };
    if hay.len() < 256 {
        let first = first.to_ascii_lowercase();
        return (0..hay.len()).find(|&i| hay[i] | 0x20 == first && at(&i));
    }
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), hay).find(at)
}

pub(super) fn parse_num(b: &[u8]) -> u32 {
    b.iter().fold(0u32, |acc, c| acc * 10 + (c - b'0') as u32)
}

/// Whether the three digits at `seg[start..end]` are the "850" of "Q.850" ("q850", "Q 850",
/// "Q_850"): the numbers right after it are causes.
pub(super) fn q850_at(seg: &[u8], start: usize, end: usize) -> bool {
    &seg[start..end] == b"850"
        && start >= 1
        && (seg[start - 1].eq_ignore_ascii_case(&b'q')
            || (start >= 2
                && matches!(seg[start - 1], b'.' | b'_' | b' ')
                && seg[start - 2].eq_ignore_ascii_case(&b'q')))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[test]
    fn prefilter_wants_exactly_three_digits() {
        assert!(!has_candidate(b"we have 12 users and 5060 ports"));
        assert!(has_candidate(b"got 486"));
        assert!(has_candidate(b"486"));
        assert!(!has_candidate(b""));
    }

    /// The prefilter as it was first written: one branch per byte.
    pub(in crate::detect) fn naive_has_candidate(b: &[u8]) -> bool {
        let mut run = 0usize;
        for &c in b {
            if c.is_ascii_digit() {
                run += 1;
            } else {
                if run == 3 {
                    return true;
                }
                run = 0;
            }
        }
        run == 3
    }

    fn naive_find(b: &[u8]) -> Option<usize> {
        (0..b.len()).find(|&s| {
            (s == 0 || !b[s - 1].is_ascii_digit())
                && b.len() >= s + 3
                && b[s..s + 3].iter().all(u8::is_ascii_digit)
                && !b.get(s + 3).is_some_and(u8::is_ascii_digit)
        })
    }

    proptest::proptest! {
        #[test]
        fn block_prefilter_matches_the_naive_one(
            v in proptest::collection::vec(proptest::sample::select(
                &[b'0', b'5', b'9', b'a', b'/', b':', b'\n', 0xc3, b' '][..]), 0..300),
        ) {
            proptest::prop_assert_eq!(find_candidate(&v), naive_find(&v));
            proptest::prop_assert_eq!(has_candidate(&v), naive_has_candidate(&v));
        }
    }

    proptest::proptest! {
        /// Both paths of `contains_ci` (byte by byte under 256 bytes, `memchr2` above) agree
        /// with comparing every window.
        #[test]
        fn contains_ci_matches_every_window(
            v in proptest::collection::vec(proptest::sample::select(
                &[b'c', b'C', b'a', b'U', b's', b'e', b'h', b't', b'p', b' ', 0xc3][..]), 0..600),
            needle in proptest::sample::select(&["cause", "http", "sip", "c"][..]),
        ) {
            let naive = v
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()));
            proptest::prop_assert_eq!(contains_ci(&v, needle.as_bytes()), naive);
            if needle == "cause" {
                proptest::prop_assert_eq!(has_cause(&v), naive);
            }
        }
    }

    #[test]
    fn has_cause_matches_every_window() {
        let cases = [
            "",
            "cause",
            "xxxxxxxCause",
            "CAUSE=17",
            "cAuSe",
            "caus",
            "ccccccccause",
            "because",
        ];
        for c in cases {
            for pad in 0..10 {
                let t = format!("{}{c}{}", "c".repeat(pad), "a".repeat(pad));
                assert_eq!(
                    has_cause(t.as_bytes()),
                    contains_ci(t.as_bytes(), b"cause"),
                    "{t:?}"
                );
            }
        }
    }

    #[test]
    fn next_digit_skips_to_the_first_digit() {
        let text = b"abcdefghij/:;~ 7 xyz0";
        for from in 0..text.len() {
            for limit in from..=text.len() {
                let naive = (from..limit)
                    .find(|&k| text[k].is_ascii_digit())
                    .unwrap_or(limit);
                assert_eq!(next_digit(text, from, limit), naive, "{from}..{limit}");
            }
        }
    }

    #[test]
    fn run_end_finds_the_first_non_digit() {
        let text = b"1234567890123x45 6";
        for from in 0..=text.len() {
            let naive = (from..text.len())
                .find(|&k| !text[k].is_ascii_digit())
                .unwrap_or(text.len());
            assert_eq!(run_end(text, from), naive, "{from}");
        }
    }

    #[test]
    fn block_prefilter_at_block_edges() {
        for len in [
            1usize, 2, 3, 4, 5, 60, 63, 64, 65, 66, 67, 68, 127, 128, 129, 200,
        ] {
            for at in 0..len {
                let mut v = vec![b'x'; len];
                for k in 0..3 {
                    if at + k < len {
                        v[at + k] = b'7';
                    }
                }
                assert_eq!(find_candidate(&v), naive_find(&v), "len {len} at {at}");
            }
        }
    }
}
