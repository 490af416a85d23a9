//! A small `multipart/form-data` (RFC 7578) reader over a body already read
//! into memory (the body limit has been enforced and the idempotency
//! fingerprint taken by then, so streaming would buy nothing).

/// One part of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// The field name (`name=` of `Content-Disposition`).
    pub name: String,
    /// The file name, for file parts.
    pub file_name: Option<String>,
    /// The part's `Content-Type`, when it has one.
    pub content_type: Option<String>,
    /// The content.
    pub data: Vec<u8>,
}

/// The boundary of a `multipart/form-data` content type, if it is one.
pub(crate) fn boundary(content_type: &str) -> Option<String> {
    let mut parts = content_type.split(';');
    let essence = parts.next()?.trim();
    if !essence.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty() && b.len() <= 70)
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// A `key="value"` parameter of a header value.
fn param(header: &str, key: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// The value of header `name` (case-insensitive) in a part's header block.
fn header<'h>(head: &'h str, name: &str) -> Option<&'h str> {
    head.split("\r\n").find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then_some(v.trim())
    })
}

/// Splits `body` into its parts; an error says what is malformed.
pub(crate) fn parse(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    let delim = format!("--{boundary}").into_bytes();
    let mut pos = find(body, &delim, 0)
        .ok_or("the multipart body does not contain its boundary")?
        + delim.len();
    let next_delim = [b"\r\n".as_slice(), &delim].concat();
    let mut parts = Vec::new();
    loop {
        if body[pos..].starts_with(b"--") {
            return Ok(parts);
        }
        if !body[pos..].starts_with(b"\r\n") {
            return Err("a multipart boundary is not followed by CRLF".into());
        }
        pos += 2;
        let head_end = find(body, b"\r\n\r\n", pos).ok_or("a multipart part has no header end")?;
        let head = std::str::from_utf8(&body[pos..head_end])
            .map_err(|_| "a multipart part header is not UTF-8")?;
        let end = find(body, &next_delim, head_end + 4)
            .ok_or("the multipart body ends without its closing boundary")?;
        let disposition = header(head, "content-disposition")
            .ok_or("a multipart part has no Content-Disposition")?;
        let name = param(disposition, "name").ok_or("a multipart part has no name")?;
        parts.push(Part {
            name,
            file_name: param(disposition, "filename"),
            content_type: header(head, "content-type").map(String::from),
            data: body[head_end + 4..end].to_vec(),
        });
        pos = end + next_delim.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(boundary: &str) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"vehicle_make\"\r\n\r\nToyota\r\n").as_bytes());
        b.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"dent.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes());
        b.extend_from_slice(&[0xFF, 0xD8, b'\r', b'\n', b'-', b'-', 0x00, 0xFF, 0xD9]);
        b.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        b
    }

    #[test]
    fn parses_text_and_binary_parts() {
        let b = "X-abc123";
        let parts = parse(&form(b), b).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "vehicle_make");
        assert_eq!(parts[0].data, b"Toyota");
        assert_eq!(parts[0].file_name, None);
        assert_eq!(parts[1].file_name.as_deref(), Some("dent.jpg"));
        assert_eq!(parts[0].content_type, None);
        assert_eq!(parts[1].content_type.as_deref(), Some("image/jpeg"));
        assert_eq!(
            parts[1].data,
            vec![0xFF, 0xD8, b'\r', b'\n', b'-', b'-', 0x00, 0xFF, 0xD9]
        );
    }

    #[test]
    fn boundary_from_content_type() {
        assert_eq!(
            boundary("multipart/form-data; boundary=\"a b\"").as_deref(),
            Some("a b")
        );
        assert_eq!(
            boundary("Multipart/Form-Data;boundary=xyz").as_deref(),
            Some("xyz")
        );
        assert_eq!(boundary("application/json"), None);
        assert_eq!(boundary("multipart/form-data"), None);
    }

    #[test]
    fn malformed_bodies_are_errors_not_panics() {
        let good = form("B");
        for cut in 0..good.len() {
            let _ = parse(&good[..cut], "B");
        }
        assert!(parse(b"no boundary here", "B").is_err());
        assert!(parse(&good[..good.len() - 12], "B").is_err());
    }
}
