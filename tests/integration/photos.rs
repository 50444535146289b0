//! Photo uploads through the real upload form: pictures come back re-encoded without
//! any metadata (EXIF GPS would reveal where a family lives); anything that is not a
//! picture, too big, or a decompression bomb is refused with a message, and nothing
//! is stored.
use app::domain::account::Role;
use helferkreis_tests::TestServer;
use helferkreis_tests::images::png_bomb;
use helferkreis_tests::visitor::{Visitor, location, text};
use reqwest::multipart::{Form, Part};
use std::io::Cursor;

/// A small JPEG photo with an EXIF block holding GPS coordinates (52.75° N, 13.24° E).
fn jpeg_with_gps() -> Vec<u8> {
    let image = image::DynamicImage::new_rgb8(64, 48);
    let mut plain = Cursor::new(Vec::new());
    image
        .write_to(&mut plain, image::ImageFormat::Jpeg)
        .unwrap_or_else(|e| panic!("{e}"));
    let plain = plain.into_inner();
    // TIFF (little endian): IFD0 with one entry pointing to the GPS IFD, which holds
    // GPSLatitudeRef "N" and GPSLatitude 52/1, 45/1, 16/1.
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x8825u16.to_le_bytes()); // GPSInfo
    tiff.extend(4u16.to_le_bytes()); // LONG
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(26u32.to_le_bytes()); // offset of the GPS IFD
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(2u16.to_le_bytes()); // GPS IFD at 26
    tiff.extend(1u16.to_le_bytes()); // GPSLatitudeRef
    tiff.extend(2u16.to_le_bytes()); // ASCII
    tiff.extend(2u32.to_le_bytes());
    tiff.extend(*b"N\0\0\0");
    tiff.extend(2u16.to_le_bytes()); // GPSLatitude
    tiff.extend(5u16.to_le_bytes()); // RATIONAL
    tiff.extend(3u32.to_le_bytes());
    tiff.extend(56u32.to_le_bytes()); // offset of the values
    tiff.extend(0u32.to_le_bytes());
    for (n, d) in [(52u32, 1u32), (45, 1), (16, 1)] {
        tiff.extend(n.to_le_bytes());
        tiff.extend(d.to_le_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(&tiff);
    let length = u16::try_from(app1.len() + 2).unwrap_or_default();
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend(length.to_be_bytes());
    out.extend(&app1);
    out.extend(&plain[2..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn photo_count(server: &TestServer) -> i64 {
    sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM photos")
        .fetch_one(server.running.state.db.pool())
        .await
        .map(|r| r.0)
        .unwrap_or(-1)
}

async fn goods_post(visitor: &Visitor) -> String {
    let response = visitor
        .submit(
            "/posts/new",
            "/fn/posts/create",
            &[
                ("kind", "offer"),
                ("category", "bicycles"),
                ("municipality", "velten"),
                ("title", "Kinderfahrrad, blau"),
                ("description", ""),
                ("quantity", "1"),
                ("urgency", "normal"),
                ("language", "de"),
            ],
        )
        .await;
    location(&response).unwrap_or_default()
}

async fn upload(visitor: &Visitor, at: &str, name: &str, bytes: Vec<u8>, alt: &str) -> String {
    let form = Form::new()
        .part("photo", Part::bytes(bytes).file_name(name.to_string()))
        .text("alt", alt.to_string());
    let response = visitor.upload(at, &format!("{at}/photos"), form).await;
    assert_eq!(location(&response).as_deref(), Some(at), "upload of {name}");
    visitor.page(at).await
}

#[tokio::test]
async fn a_photo_comes_back_without_its_gps_position() {
    let server = TestServer::start("oberhavel").await;
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;
    let at = goods_post(&anna).await;
    let original = jpeg_with_gps();
    assert!(contains(&original, b"Exif") && contains(&original, &[0x25, 0x88]));

    let page = upload(&anna, &at, "bike.jpg", original, "Blaues Kinderfahrrad").await;
    assert!(
        text(&page).contains("The photo has been added."),
        "{}",
        text(&page)
    );
    let id: i64 = sqlx::query_as::<_, (i64,)>("SELECT id FROM photos")
        .fetch_one(server.running.state.db.pool())
        .await
        .map(|r| r.0)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        page.contains(&format!(
            r#"src="/photos/{id}/thumb.jpg" alt="Blaues Kinderfahrrad""#
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!("/photos/{id}/display.jpg")),
        "og:image"
    );

    // Anyone may load the files, and they hold nothing but the picture.
    let stranger = Visitor::new(&server.url(""));
    for size in ["display", "thumb"] {
        let response = stranger.get(&format!("/photos/{id}/{size}.jpg")).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "image/jpeg");
        let bytes = response.bytes().await.unwrap_or_default().to_vec();
        assert!(!contains(&bytes, b"Exif"), "{size} still has EXIF");
        assert!(!contains(&bytes, &[0x25, 0x88]) && !contains(&bytes, &[0x88, 0x25]));
        let markers: Vec<u8> = bytes
            .windows(2)
            .filter(|w| w[0] == 0xFF && (0xE1..=0xEF).contains(&w[1]))
            .map(|w| w[1])
            .collect();
        assert!(markers.is_empty(), "{size} has APPn segments {markers:x?}");
        let decoded = image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((decoded.width(), decoded.height()), (64, 48));
    }
    // The listing shows the small version.
    assert!(
        stranger
            .page("/offers")
            .await
            .contains(&format!("/photos/{id}/thumb.jpg"))
    );

    // The author's data download lists it with its description and address.
    let export = anna.export().await;
    let photo = &export["posts"][0]["photos"][0];
    assert_eq!(photo["description"], "Blaues Kinderfahrrad", "{export}");
    assert!(
        photo["address"]
            .as_str()
            .is_some_and(|a| a.ends_with(&format!("/photos/{id}/display.jpg"))),
        "{export}"
    );

    // The author removes it again.
    let response = anna
        .submit(&at, "/fn/posts/photo-remove", &[("id", &id.to_string())])
        .await;
    assert_eq!(location(&response).as_deref(), Some(at.as_str()));
    assert_eq!(photo_count(&server).await, 0);
    assert_eq!(
        stranger
            .get(&format!("/photos/{id}/thumb.jpg"))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn non_images_oversize_files_and_bombs_are_refused_and_nothing_is_stored() {
    let server = TestServer::start("oberhavel").await;
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;
    let at = goods_post(&anna).await;
    let oversize = vec![0x42u8; 11 * 1024 * 1024];
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "notes.txt",
            b"just some text, not a picture".to_vec(),
            "This is not a picture we can read.",
        ),
        (
            "fake.jpg",
            b"\xFF\xD8\xFF\xE0 not really a jpeg".to_vec(),
            "This is not a picture we can read.",
        ),
        ("huge.jpg", oversize, "The file is too big."),
        ("bomb.png", png_bomb(), "The picture has too many pixels."),
    ];
    for (name, bytes, message) in cases {
        let page = upload(&anna, &at, name, bytes, "").await;
        let at_error = page
            .find(r#"id="field-photo-error""#)
            .unwrap_or_else(|| panic!("{name}: no field error"));
        let error = text(&page[at_error..page.len().min(at_error + 300)]);
        assert!(error.contains(message), "{name}: {error}");
        assert_eq!(photo_count(&server).await, 0, "{name} was stored");
    }

    // Someone else cannot add photos to the post.
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let page = upload(&bernd, &at, "bike.jpg", jpeg_with_gps(), "").await;
    assert!(!page.contains("The photo has been added."));
    assert_eq!(photo_count(&server).await, 0);

    // At most four photos per post.
    for n in 0..5 {
        upload(&anna, &at, &format!("{n}.jpg"), jpeg_with_gps(), "").await;
    }
    assert_eq!(photo_count(&server).await, 4);
}
