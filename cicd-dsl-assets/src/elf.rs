//! Reads the machine an executable was built for from its ELF header, so a
//! binary for the wrong architecture (a `build.target` in a cargo config, an
//! arm64 host building "x86_64") is refused before Lambda fails to exec it.

use std::path::Path;

use crate::cross::Architecture;
use crate::error::AssetError;

/// `e_machine` of an ELF file, or `None` when `header` is not ELF.
pub fn elf_machine(header: &[u8]) -> Option<u16> {
    if header.get(..4)? != b"\x7fELF" {
        return None;
    }
    let bytes = [*header.get(18)?, *header.get(19)?];
    // EI_DATA (byte 5): 1 little-endian, 2 big-endian.
    match header.get(5)? {
        1 => Some(u16::from_le_bytes(bytes)),
        2 => Some(u16::from_be_bytes(bytes)),
        _ => None,
    }
}

/// Fails unless `binary` is an ELF executable for `expected`.
pub fn check_machine(path: &Path, binary: &[u8], expected: Architecture) -> Result<(), AssetError> {
    let found = elf_machine(binary);
    if found == Some(expected.elf_machine()) {
        return Ok(());
    }
    Err(AssetError::WrongArchitecture {
        path: path.to_owned(),
        expected: expected.lambda_name(),
        found: found.map_or_else(
            || "not an ELF executable".to_owned(),
            |m| format!("ELF machine {m}"),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(machine: u16) -> Vec<u8> {
        let mut h = b"\x7fELF\x02\x01\x01".to_vec();
        h.resize(18, 0);
        h.extend(machine.to_le_bytes());
        h
    }

    #[test]
    fn reads_the_machine_and_refuses_another() {
        assert_eq!(elf_machine(&header(183)), Some(183));
        assert_eq!(elf_machine(b"#!/bin/sh\n"), None);
        let path = Path::new("bootstrap");
        assert!(check_machine(path, &header(183), Architecture::Arm64).is_ok());
        let err = check_machine(path, &header(62), Architecture::Arm64).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`bootstrap` was built for ELF machine 62, not for the function's architecture arm64"
        );
    }
}
