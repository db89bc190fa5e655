//! Durations on the command line: `30s`, `15m`, `48h`, `90d`, or combinations such as `1h30m`.

use jiff::SignedDuration;

pub fn parse(s: &str) -> Result<SignedDuration, String> {
    let mut total: i64 = 0;
    let mut digits = String::new();
    if s.is_empty() {
        return Err("empty duration".into());
    }
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = digits
            .parse()
            .map_err(|_| format!("invalid duration {s:?}"))?;
        digits.clear();
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => {
                return Err(format!(
                    "invalid duration unit {c:?} in {s:?} (use s, m, h, d)"
                ));
            }
        };
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| format!("duration too long: {s:?}"))?;
    }
    if !digits.is_empty() {
        return Err(format!("duration {s:?} needs a unit (s, m, h, d)"));
    }
    if total <= 0 {
        return Err("duration must be positive".into());
    }
    Ok(SignedDuration::from_secs(total))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn durations() {
        assert_eq!(super::parse("48h").unwrap().as_secs(), 172_800);
        assert_eq!(super::parse("1h30m").unwrap().as_secs(), 5400);
        assert_eq!(super::parse("90d").unwrap().as_secs(), 7_776_000);
        for bad in ["", "10", "5x", "h", "0s", "99999999999999999d"] {
            assert!(super::parse(bad).is_err(), "{bad}");
        }
    }
}
