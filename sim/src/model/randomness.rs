//! Randomness from the platform's CSPRNG (the OS natively; `crypto.getRandomValues`
//! in wasm, through getrandom's `wasm_js` backend): session ids, error ids (UUID v4)
//! and uniformly chosen code characters.

/// Fills `buf` from the OS CSPRNG.
///
/// # Panics
/// When the operating system has no random source (never on Linux, macOS or
/// Windows). A panic inside a request handler is caught and answered with 500.
pub fn fill(buf: &mut [u8]) {
    if let Err(e) = getrandom::fill(buf) {
        panic!("the operating system's random source failed: {e}");
    }
}

/// 16 random bytes as a UUID version 4 (RFC 9562), formatted by the `uuid` crate.
fn uuid_v4() -> uuid::Uuid {
    let mut b = [0u8; 16];
    fill(&mut b);
    uuid::Builder::from_random_bytes(b).into_uuid()
}

/// A session id: a random GUID in its 32-hex-digit "N" format, as 8x8 shows them.
pub fn session_id() -> String {
    uuid_v4().simple().to_string()
}

/// An `errorId`: a random UUID version 4 in its canonical dashed form.
pub fn error_id() -> String {
    uuid_v4().hyphenated().to_string()
}

/// A source of uniform indexes, so code generation can be tested with a
/// deterministic source.
pub trait IndexSource {
    /// A uniformly distributed index in `0..n` (`1 <= n <= 256`).
    fn index(&mut self, n: usize) -> usize;
}

/// The OS CSPRNG as an [`IndexSource`], buffered and rejection-sampled so
/// every index is exactly uniform.
#[derive(Debug)]
pub struct OsIndexSource {
    buf: [u8; 32],
    pos: usize,
}

impl OsIndexSource {
    /// A fresh source.
    pub fn new() -> Self {
        Self {
            buf: [0; 32],
            pos: 32,
        }
    }

    fn byte(&mut self) -> u8 {
        if self.pos >= self.buf.len() {
            fill(&mut self.buf);
            self.pos = 0;
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        b
    }
}

impl Default for OsIndexSource {
    fn default() -> Self {
        Self::new()
    }
}

impl IndexSource for OsIndexSource {
    fn index(&mut self, n: usize) -> usize {
        assert!((1..=256).contains(&n), "index range out of bounds");
        // Largest multiple of n that fits in a byte: reject above it.
        let limit = 256 - (256 % n);
        loop {
            let b = usize::from(self.byte());
            if b < limit {
                return b % n;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_ids_are_32_lowercase_hex() {
        let a = session_id();
        let b = session_id();
        assert_eq!(a.len(), 32);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
        assert_ne!(a, b);
    }

    #[test]
    fn error_ids_have_version_and_variant() {
        let u = error_id();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn os_indexes_stay_in_range_and_cover_it() {
        let mut src = OsIndexSource::new();
        let mut seen = [false; 31];
        for _ in 0..5_000 {
            let i = src.index(31);
            assert!(i < 31);
            seen[i] = true;
        }
        assert!(seen.iter().all(|s| *s));
        assert_eq!(src.index(1), 0);
    }
}
