//! Re-encoding uploads. An upload is decoded (JPEG, PNG or WebP only, within size and pixel
//! limits that also stop decompression bombs), turned upright, scaled and encoded
//! again as JPEG. The new files carry no metadata at all: EXIF GPS in a phone photo
//! would reveal where a family lives.
use crate::domain::account::Problem;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};
use std::io::Cursor;
use std::sync::LazyLock;
use tokio::sync::Semaphore;

/// Largest upload accepted (phone photos are 2–6 MB).
pub const FILE_MAX_BYTES: usize = 10 * 1024 * 1024;
/// Photos per post.
pub const PER_POST_MAX: usize = crate::domain::post::PHOTOS_PER_POST;
/// Longest side in pixels of the two stored sizes.
pub const DISPLAY_SIDE: u32 = 1280;
pub const THUMB_SIDE: u32 = crate::domain::post::THUMB_SIDE as u32;
/// Pictures with more pixels are refused before they are decoded (24 megapixels).
const PIXELS_MAX: u64 = 24_000_000;
const SIDE_MAX: u32 = 10_000;
/// Memory the decoder may take for one picture.
const DECODE_MEMORY_MAX: u64 = 200 * 1024 * 1024;

/// One decode at a time keeps the server's memory bounded whatever people upload.
static DECODING: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(1));

#[derive(Debug, Clone)]
pub struct Processed {
    pub width: u32,
    pub height: u32,
    /// JPEG, longest side at most `DISPLAY_SIDE`.
    pub display: Vec<u8>,
    /// JPEG, longest side at most `THUMB_SIDE`.
    pub thumb: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    /// What is wrong with the upload, for the person who sent it.
    #[error("refused upload: {0:?}")]
    Refused(Problem),
    #[error("encoding failed: {0}")]
    Encode(#[source] ImageError),
    #[error("the processing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// Checks and re-encodes an upload (on a blocking thread, one at a time).
pub async fn process(bytes: Vec<u8>) -> Result<Processed, PhotoError> {
    if bytes.len() > FILE_MAX_BYTES {
        return Err(PhotoError::Refused(Problem::FileTooLarge));
    }
    let _turn = DECODING.acquire().await;
    tokio::task::spawn_blocking(move || process_now(&bytes)).await?
}

fn refused(problem: Problem) -> PhotoError {
    PhotoError::Refused(problem)
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, PhotoError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| refused(Problem::NotAnImage))?;
    if !matches!(
        reader.format(),
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)
    ) {
        return Err(refused(Problem::NotAnImage));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(SIDE_MAX);
    limits.max_image_height = Some(SIDE_MAX);
    limits.max_alloc = Some(DECODE_MEMORY_MAX);
    let mut reader = reader;
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode_problem)?;
    let (width, height) = decoder.dimensions();
    check_size(width, height).map_err(refused)?;
    let orientation = decoder.orientation().map_err(decode_problem)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(decode_problem)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// Whether a picture of this size may be decoded at all.
fn check_size(width: u32, height: u32) -> Result<(), Problem> {
    if width == 0 || height == 0 {
        Err(Problem::NotAnImage)
    } else if u64::from(width) * u64::from(height) > PIXELS_MAX {
        Err(Problem::ImageTooLarge)
    } else {
        Ok(())
    }
}

fn decode_problem(error: ImageError) -> PhotoError {
    match error {
        ImageError::Limits(_) => refused(Problem::ImageTooLarge),
        _ => refused(Problem::NotAnImage),
    }
}

fn jpeg(image: &DynamicImage, side: u32, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let scaled = if image.width() > side || image.height() > side {
        image.thumbnail(side, side)
    } else {
        image.clone()
    };
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&scaled.to_rgb8())
        .map_err(PhotoError::Encode)?;
    Ok(out)
}

fn process_now(bytes: &[u8]) -> Result<Processed, PhotoError> {
    let image = decode(bytes)?;
    let display = jpeg(&image, DISPLAY_SIDE, 82)?;
    let thumb = jpeg(&image, THUMB_SIDE, 75)?;
    let (width, height) = if image.width() > DISPLAY_SIDE || image.height() > DISPLAY_SIDE {
        let shown = image.thumbnail(DISPLAY_SIDE, DISPLAY_SIDE);
        (shown.width(), shown.height())
    } else {
        (image.width(), image.height())
    };
    Ok(Processed {
        width,
        height,
        display,
        thumb,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = DynamicImage::new_rgb8(width, height);
        let mut out = Cursor::new(Vec::new());
        image
            .write_to(&mut out, ImageFormat::Png)
            .unwrap_or_else(|e| panic!("{e}"));
        out.into_inner()
    }

    fn problem(result: Result<Processed, PhotoError>) -> Option<Problem> {
        match result {
            Err(PhotoError::Refused(problem)) => Some(problem),
            _ => None,
        }
    }

    #[test]
    fn pictures_are_scaled_to_the_two_sizes() {
        let done = process_now(&png(3000, 1500)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((done.width, done.height), (1280, 640));
        let thumb = image::load_from_memory(&done.thumb).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((thumb.width(), thumb.height()), (320, 160));
        assert!(done.display.starts_with(&[0xFF, 0xD8]), "JPEG");
    }

    #[test]
    fn text_and_other_formats_are_not_images() {
        assert_eq!(problem(process_now(b"hello")), Some(Problem::NotAnImage));
        assert_eq!(
            problem(process_now(b"GIF89a\x01\x00\x01\x00")),
            Some(Problem::NotAnImage)
        );
        let mut broken = png(10, 10);
        broken.truncate(40);
        assert_eq!(problem(process_now(&broken)), Some(Problem::NotAnImage));
    }

    #[test]
    fn pixel_counts_beyond_the_limit_are_refused() {
        // (The integration tests send a real decompression bomb.)
        assert_eq!(check_size(6000, 4000), Ok(()));
        assert_eq!(check_size(6000, 4001), Err(Problem::ImageTooLarge));
        assert_eq!(check_size(0, 10), Err(Problem::NotAnImage));
    }
}
