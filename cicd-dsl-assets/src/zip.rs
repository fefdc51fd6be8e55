//! A single-file zip written byte-for-byte the same way every time: fixed
//! 1980-01-01 timestamp, Unix mode 0o100755, no extra fields, no comment,
//! deflate at a fixed level. Lambda only needs `bootstrap` at the zip root
//! with its execute bit, and the zip's SHA-256 is the asset's identity, so
//! anything that varies between runs (clock, umask, tool version quirks)
//! must stay out of the archive.

use std::io::Write;

use flate2::Compression;
use flate2::write::DeflateEncoder;

const LOCAL_HEADER_SIGNATURE: u32 = 0x0403_4b50;
const CENTRAL_HEADER_SIGNATURE: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY_SIGNATURE: u32 = 0x0605_4b50;
/// Version 2.0: the minimum that knows deflate.
const VERSION_NEEDED: u16 = 20;
/// High byte 3 = Unix, so readers (and Lambda) honour the mode bits below.
const VERSION_MADE_BY: u16 = (3 << 8) | VERSION_NEEDED;
const METHOD_DEFLATE: u16 = 8;
/// MS-DOS date for 1980-01-01, the earliest a zip can say; time 00:00:00.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// Regular file, rwxr-xr-x, in the upper half of the external attributes.
const UNIX_MODE: u32 = 0o100_755;
const DEFLATE_LEVEL: u32 = 9;

/// Why the archive could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ZipError {
    #[error("`{name}` is {size} bytes; this writer does not produce ZIP64 archives (limit 4 GiB)")]
    TooLarge { name: String, size: u64 },
    #[error("compressing `{name}` failed")]
    Compress {
        name: String,
        #[source]
        source: std::io::Error,
    },
}

/// A zip archive holding exactly one file, `name`, with `contents`.
pub fn single_file_zip(name: &str, contents: &[u8]) -> Result<Vec<u8>, ZipError> {
    let too_large = |size: usize| ZipError::TooLarge {
        name: name.to_owned(),
        size: size as u64,
    };
    let uncompressed_size = u32::try_from(contents.len()).map_err(|_| too_large(contents.len()))?;
    let name_len = u16::try_from(name.len()).map_err(|_| too_large(name.len()))?;

    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::new(DEFLATE_LEVEL));
    let compressed = encoder
        .write_all(contents)
        .and_then(|()| encoder.finish())
        .map_err(|source| ZipError::Compress {
            name: name.to_owned(),
            source,
        })?;
    let compressed_size =
        u32::try_from(compressed.len()).map_err(|_| too_large(compressed.len()))?;
    let crc = crc32fast::hash(contents);

    let mut out = Vec::with_capacity(compressed.len() + 2 * name.len() + 128);
    let entry = EntryFields {
        crc,
        compressed_size,
        uncompressed_size,
        name_len,
    };
    put_u32(&mut out, LOCAL_HEADER_SIGNATURE);
    entry.put(&mut out);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&compressed);

    let central_directory_offset = u32::try_from(out.len()).map_err(|_| too_large(out.len()))?;
    put_u32(&mut out, CENTRAL_HEADER_SIGNATURE);
    put_u16(&mut out, VERSION_MADE_BY);
    entry.put(&mut out);
    put_u16(&mut out, 0); // comment length
    put_u16(&mut out, 0); // disk number
    put_u16(&mut out, 0); // internal attributes
    put_u32(&mut out, UNIX_MODE << 16);
    put_u32(&mut out, 0); // offset of the local header
    out.extend_from_slice(name.as_bytes());
    let central_directory_size =
        u32::try_from(out.len()).map_err(|_| too_large(out.len()))? - central_directory_offset;

    put_u32(&mut out, END_OF_CENTRAL_DIRECTORY_SIGNATURE);
    put_u16(&mut out, 0); // this disk
    put_u16(&mut out, 0); // disk with the central directory
    put_u16(&mut out, 1); // entries on this disk
    put_u16(&mut out, 1); // entries in total
    put_u32(&mut out, central_directory_size);
    put_u32(&mut out, central_directory_offset);
    put_u16(&mut out, 0); // comment length
    Ok(out)
}

/// The run of fields the local header and the central directory entry
/// share, from "version needed to extract" to "extra field length".
struct EntryFields {
    crc: u32,
    compressed_size: u32,
    uncompressed_size: u32,
    name_len: u16,
}

impl EntryFields {
    fn put(&self, out: &mut Vec<u8>) {
        put_u16(out, VERSION_NEEDED);
        put_u16(out, 0); // flags: sizes known up front, no data descriptor
        put_u16(out, METHOD_DEFLATE);
        put_u16(out, DOS_TIME);
        put_u16(out, DOS_DATE);
        put_u32(out, self.crc);
        put_u32(out, self.compressed_size);
        put_u32(out, self.uncompressed_size);
        put_u16(out, self.name_len);
        put_u16(out, 0); // extra field length
    }
}

fn put_u16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::DeflateDecoder;
    use std::io::Read;

    fn u16_at(bytes: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([bytes[at], bytes[at + 1]])
    }

    fn u32_at(bytes: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
    }

    #[test]
    fn same_input_gives_same_bytes() {
        let contents: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        assert_eq!(
            single_file_zip("bootstrap", &contents).unwrap(),
            single_file_zip("bootstrap", &contents).unwrap()
        );
    }

    #[test]
    fn entry_round_trips_with_its_mode_and_checksum() {
        let contents = b"#!/bin/sh\necho hello\n".repeat(100);
        let zip = single_file_zip("bootstrap", &contents).unwrap();

        let compressed_size = u32_at(&zip, 18) as usize;
        assert_eq!(u32_at(&zip, 22) as usize, contents.len());
        let name_len = u16_at(&zip, 26) as usize;
        assert_eq!(&zip[30..30 + name_len], b"bootstrap");
        let data = &zip[30 + name_len..30 + name_len + compressed_size];
        let mut inflated = Vec::new();
        DeflateDecoder::new(data)
            .read_to_end(&mut inflated)
            .unwrap();
        assert_eq!(inflated, contents);
        assert_eq!(u32_at(&zip, 14), crc32fast::hash(&contents));

        let end = zip.len() - 22;
        assert_eq!(u32_at(&zip, end), END_OF_CENTRAL_DIRECTORY_SIGNATURE);
        let central = u32_at(&zip, end + 16) as usize;
        assert_eq!(u32_at(&zip, central), CENTRAL_HEADER_SIGNATURE);
        assert_eq!(u32_at(&zip, central + 38) >> 16, 0o100_755);
    }
}
