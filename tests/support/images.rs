//! Pictures that attack the photo upload.

/// A real decompression bomb: a PNG of 9,000 × 9,000 black pixels (81 megapixels,
/// 81 MB when decoded) that is only about 100 KB as a file.
pub fn png_bomb() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, 9000, 9000);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap_or_else(|e| panic!("{e}"));
        let mut stream = writer.stream_writer().unwrap_or_else(|e| panic!("{e}"));
        let row = vec![0u8; 9000];
        for _ in 0..9000 {
            std::io::Write::write_all(&mut stream, &row).unwrap_or_else(|e| panic!("{e}"));
        }
        stream.finish().unwrap_or_else(|e| panic!("{e}"));
    }
    out
}
