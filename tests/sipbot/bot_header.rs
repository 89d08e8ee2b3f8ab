//! `/sip header` through the real bot and the fake Discord: registered with an autocompleted
//! option, answered in the reader's language, unknown names answered privately with the
//! nearest names, and autocomplete over full and compact names.

use serde_json::json;

use crate::bot::{assert_no_mentions, callback, start};
use crate::fake_discord::ALICE;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sip_header_explains_by_full_or_compact_name_with_autocomplete() {
    let bot = start().await;
    let fake = &bot.fake;

    let reg = fake
        .requests()
        .into_iter()
        .find(|r| r.method == "PUT" && r.path.ends_with("/commands"))
        .expect("commands registered")
        .body;
    let sip = reg
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "sip")
        .unwrap();
    let header = sip["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "header")
        .expect("/sip header is registered");
    assert_eq!(header["options"][0]["name"], "name");
    assert_eq!(header["options"][0]["autocomplete"], true);
    assert!(header["description_localizations"]["vi"].is_string());

    for (value, locale, title, ephemeral) in [
        ("Via", "en-US", "The Via header", false),
        ("i", "en-US", "The Call-ID header", false),
        ("record-route", "vi", "Header Record-Route", false),
        (
            "Recrod-Route",
            "en-US",
            "is not a header sipbot knows",
            true,
        ),
    ] {
        let i = fake.slash(
            "header",
            json!([{"name": "name", "type": 3, "value": value}]),
            locale,
        );
        fake.dispatch("INTERACTION_CREATE", i.clone());
        let body = callback(fake, &i).await;
        assert_eq!(body["type"], 4, "{value}: {body}");
        let data = &body["data"];
        let shown = data["embeds"][0]["title"].as_str().unwrap_or("");
        assert!(shown.contains(title), "{value} {locale}: {shown}");
        assert_eq!(
            data["flags"].as_u64().unwrap_or(0) & 64 != 0,
            ephemeral,
            "{value}"
        );
        assert_no_mentions(data);
        if ephemeral {
            let fields = data["embeds"][0]["fields"].to_string();
            assert!(fields.contains("Record-Route"), "nearest names: {fields}");
        }
    }

    for (typed, first, also) in [
        ("i", "Call-ID (i)", None),
        ("rec", "Record-Route", None),
        ("route", "Route", Some("Record-Route")),
        ("", "Via (v)", Some("Contact (m)")),
    ] {
        let data = json!({"id": "1", "name": "sip", "type": 1, "options": [{"name": "header", "type": 1,
            "options": [{"name": "name", "type": 3, "value": typed, "focused": true}]}]});
        let i = fake.interaction(4, data, "en-US", ALICE, "0");
        fake.dispatch("INTERACTION_CREATE", i.clone());
        let body = callback(fake, &i).await;
        assert_eq!(body["type"], 8, "{body}");
        let choices = body["data"]["choices"].as_array().unwrap();
        let names: Vec<&str> = choices
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names[0], first, "{typed:?}: {names:?}");
        if let Some(a) = also {
            assert!(names.contains(&a), "{typed:?}: {names:?}");
        }
        assert!(names.len() <= 25);
        // The value is the full name, whatever was typed.
        assert!(choices
            .iter()
            .all(|c| !c["value"].as_str().unwrap().contains(' ')));
    }
    bot.stop().await.expect("clean stop");
}
