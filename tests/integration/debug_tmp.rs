use helferkreis_tests::TestServer;
use helferkreis_tests::visitor::{Visitor, text};
#[tokio::test]
async fn debug() {
    let server = TestServer::start("potsdam").await;
    let visitor = Visitor::new(&server.url(""));
    let t = text(&visitor.page("/privacy").await);
    println!("PRIV {}", &t[t.find("How long").unwrap_or(0)..].chars().take(300).collect::<String>());
}
