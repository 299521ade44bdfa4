//! The MT7601U firmware image and its upload (Linux `mcu.c` `mt7601u_load_firmware`,
//! `mt7601u_dma_fw`).
//!
//! Image: a 32-octet header {ilm_len le32, dlm_len le32, build_ver le16, fw_ver le16, 4 pad,
//! build_time 16}, then `ilm_len` octets whose first 64 are the IVB (interrupt vector block),
//! then `dlm_len` octets. Valid when `ilm_len > 64` and the file is exactly 32 + ilm + dlm
//! octets. Upload: the ILM after the IVB to address 0x40, the DLM to 0x80000, in chunks of at
//! most 0x3800 octets, each a bulk transfer `[TXINFO {LEN, D_PORT 2, TYPE 0}][data][zero pad
//! to 4][4 zero octets]` announced by FCE_DMA_ADDR and FCE_DMA_LEN (= padded length << 16);
//! then `DEV_MODE 0x12` with the IVB starts the MCU.
//!
//! The real image is non-free (Debian firmware-misc-nonfree, `/lib/firmware/mt7601u.bin`) and
//! is never committed; tests build a synthetic one with [`Firmware::synthetic`].

use super::{ProtoError, le32, round4};

/// Header length.
pub const HEADER_LEN: usize = 32;
/// IVB length.
pub const IVB_LEN: usize = 64;
/// Largest chunk.
pub const MAX_CHUNK: usize = 0x3800;
/// Where the ILM goes.
pub const ILM_DEST: u32 = 0x40;
/// Where the DLM goes (`MT_MCU_DLM_OFFSET`).
pub const DLM_DEST: u32 = 0x80000;

/// A parsed image.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Firmware {
    /// The interrupt vector block.
    pub ivb: Vec<u8>,
    /// ILM after the IVB.
    pub ilm: Vec<u8>,
    /// DLM.
    pub dlm: Vec<u8>,
    /// `fw_ver`.
    pub version: u16,
    /// `build_ver`.
    pub build: u16,
}

/// One upload chunk: where it goes and the bulk transfer carrying it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Chunk {
    /// Destination address (FCE_DMA_ADDR).
    pub dest: u32,
    /// FCE_DMA_LEN value.
    pub dma_len: u32,
    /// The bulk transfer.
    pub transfer: Vec<u8>,
}

impl Firmware {
    /// Parses an image.
    pub fn parse(image: &[u8]) -> Result<Firmware, ProtoError> {
        let ilm_len = le32(image, 0, "firmware header")? as usize;
        let dlm_len = le32(image, 4, "firmware header")? as usize;
        if image.len() < HEADER_LEN {
            return Err(ProtoError::Truncated("firmware header"));
        }
        if ilm_len <= IVB_LEN {
            return Err(ProtoError::BadLength("firmware ILM (must exceed the 64-octet IVB)"));
        }
        if HEADER_LEN.checked_add(ilm_len).and_then(|n| n.checked_add(dlm_len)) != Some(image.len()) {
            return Err(ProtoError::BadLength("firmware size (header lengths disagree with the file)"));
        }
        let ilm = &image[HEADER_LEN..HEADER_LEN + ilm_len];
        Ok(Firmware {
            ivb: ilm[..IVB_LEN].to_vec(),
            ilm: ilm[IVB_LEN..].to_vec(),
            dlm: image[HEADER_LEN + ilm_len..].to_vec(),
            build: u16::from_le_bytes([image[8], image[9]]),
            version: u16::from_le_bytes([image[10], image[11]]),
        })
    }

    /// "0.1.00" style version.
    pub fn version_string(&self) -> String {
        let v = self.version;
        format!("{}.{}.{:02}", (v >> 12) & 0xf, (v >> 8) & 0xf, v & 0xf)
    }

    /// The upload chunks, ILM then DLM.
    pub fn chunks(&self) -> Vec<Chunk> {
        let part = |data: &[u8], base: u32| -> Vec<Chunk> {
            data.chunks(MAX_CHUNK)
                .enumerate()
                .map(|(i, c)| {
                    let padded = round4(c.len());
                    let info = c.len() as u32 | 2 << 27;
                    let mut transfer = info.to_le_bytes().to_vec();
                    transfer.extend_from_slice(c);
                    transfer.resize(4 + padded + 4, 0);
                    Chunk { dest: base + (i * MAX_CHUNK) as u32, dma_len: (padded as u32) << 16, transfer }
                })
                .collect()
        };
        let mut out = part(&self.ilm, ILM_DEST);
        out.extend(part(&self.dlm, DLM_DEST));
        out
    }

    /// A well-formed image with `ilm_len` octets of ILM (IVB included) and no DLM, for tests
    /// and the emulator (the real firmware is non-free).
    pub fn synthetic(ilm_len: usize) -> Vec<u8> {
        let mut image = Vec::with_capacity(HEADER_LEN + ilm_len);
        image.extend_from_slice(&(ilm_len as u32).to_le_bytes());
        image.extend_from_slice(&0u32.to_le_bytes());
        image.extend_from_slice(&0x7640u16.to_le_bytes());
        image.extend_from_slice(&0x0100u16.to_le_bytes());
        image.extend_from_slice(&[0; 4]);
        image.extend_from_slice(b"softmac-synthetc");
        image.extend((0..ilm_len).map(|i| (i * 7) as u8));
        image
    }
}

/// Reads a firmware chunk transfer (the emulator's side): its data.
pub fn decode_chunk(transfer: &[u8]) -> Result<&[u8], ProtoError> {
    let info = le32(transfer, 0, "firmware TXINFO")?;
    if info >> 30 != 0 || (info >> 27) & 7 != 2 {
        return Err(ProtoError::BadValue("firmware TXINFO type/port"));
    }
    let len = (info & 0xffff) as usize;
    if len == 0 || len > MAX_CHUNK || transfer.len() != 4 + round4(len) + 4 {
        return Err(ProtoError::BadLength("firmware chunk"));
    }
    Ok(&transfer[4..4 + len])
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn a_debian_sized_image_uploads_in_four_chunks() {
        // Debian's mt7601u.bin: ilm_len 45,380, no DLM ⇒ 45,316 ILM octets after the IVB.
        let image = Firmware::synthetic(45_380);
        let fw = Firmware::parse(&image).unwrap();
        assert_eq!((fw.ivb.len(), fw.ilm.len(), fw.version_string()), (64, 45_316, "0.1.00".to_owned()));
        let chunks = fw.chunks();
        let sizes: Vec<usize> = chunks.iter().map(|c| decode_chunk(&c.transfer).unwrap().len()).collect();
        assert_eq!(sizes, [14_336, 14_336, 14_336, 2_308]);
        assert_eq!(chunks[1].dest, 0x40 + 0x3800);
        assert_eq!(chunks[3].dma_len, 2_308 << 16);
    }

    #[test]
    fn malformed_images_are_refused() {
        let good = Firmware::synthetic(200);
        assert!(Firmware::parse(&good[..good.len() - 1]).is_err(), "size mismatch");
        assert!(Firmware::parse(&Firmware::synthetic(64)).is_err(), "no room after the IVB");
        assert!(Firmware::parse(&[0; 10]).is_err());
        let mut huge = good.clone();
        huge[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Firmware::parse(&huge).is_err());
    }
}
