// The shipped templates (embedded from content/mail/) and the template rules.

#include "platform/mail/templates.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "app/embedded.hpp"

namespace rk::mail {
namespace {

std::map<std::string, std::string> ShippedFiles() {
  std::map<std::string, std::string> files;
  for (std::size_t i = 0; i < embedded::kMail_count; ++i)
    files.emplace(std::string(embedded::kMail[i].name), std::string(embedded::kMail[i].data));
  return files;
}

Templates Shipped() {
  auto t = Templates::Load(ShippedFiles());
  EXPECT_TRUE(t.ok()) << t.error().message;
  return std::move(t).value();
}

// Every value a shipped template may use, with something recognisable in it.
Vars AllValues() {
  return {{"base_url", "https://rekindle.example.org"},
          {"token", "TOKEN_abc-123"},
          {"hours", "24"},
          {"minutes", "30"},
          {"time", "2026-11-21 10:30 UTC"},
          {"browser", "Firefox"},
          {"system", "Linux"},
          {"title", "Evening time"},
          {"date", "2026-11-24"},
          {"until", "2027-11-21"}};
}

// Words a subject or body must never hold: someone reading over a shoulder, or a
// partner glancing at a shared inbox, learns nothing from our mail (docs/security.md).
const char* const kBlocklist[] = {
    // English
    "sex", "sexual", "sexy", "therapy", "therapist", "counsel", "counselling", "counseling", "desire", "desires",
    "couple", "couples", "partner", "intimacy", "intimate", "passion", "relationship", "love", "romance", "romantic",
    "marriage", "divorce", "affair", "triangle", "fantasy", "erotic",
    // Spanish
    "sexo", "sexual", "terapia", "terapeuta", "deseo", "deseos", "pareja", "parejas", "intimidad", "íntimo", "íntima",
    "pasión", "relación", "amor", "romance", "romántico", "matrimonio", "divorcio", "infidelidad", "triángulo",
    "fantasía", "erótico"};

// The words of `text`, lowercased (ASCII letters lowered; other bytes kept).
std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (unsigned char c : text) {
    if (std::isalpha(c) || c >= 0x80) {
      word.push_back(static_cast<char>(std::tolower(c)));
    } else if (!word.empty()) {
      out.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(word);
  return out;
}

TEST(MailTemplates, ComeInEnglishAndSpanishAndRenderWithoutLeftovers) {
  const Templates t = Shipped();
  const auto catalogue = t.Catalogue();
  for (const char* name : {"signup_verify", "signup_existing", "address_verify", "password_reset", "password_changed",
                           "new_sign_in", "together_reminder", "second_factor_on", "second_factor_off",
                           "second_factor_reset", "profile_approved", "profile_decision", "verification_ending",
                           "verification_ended", "session_reminder"}) {
    ASSERT_TRUE(catalogue.contains(name)) << name;
    EXPECT_EQ(catalogue.at(name), (std::set<std::string>{"en", "es"})) << name;
  }
  for (const auto& [name, langs] : catalogue) {
    for (const std::string& lang : langs) {
      auto r = t.Render(name, lang, AllValues());
      ASSERT_TRUE(r.ok()) << name << "." << lang << ": " << r.error().message;
      EXPECT_EQ(r->language, lang);
      for (const std::string* part : {&r->subject, &r->text, &r->html}) {
        EXPECT_EQ(part->find("{{"), std::string::npos) << name << "." << lang;
        EXPECT_EQ(part->find("}}"), std::string::npos) << name << "." << lang;
      }
      EXPECT_NE(r->html.find("<html lang=\"" + lang + "\">"), std::string::npos);
    }
  }
}

TEST(MailTemplates, EveryLinkWithATokenCarriesItInTheFragment) {
  const Templates t = Shipped();
  for (const auto& [name, langs] : t.Catalogue()) {
    if (!t.Placeholders(name).contains("token")) continue;
    for (const std::string& lang : langs) {
      const Rendered r = *t.Render(name, lang, AllValues());
      // Fragments never reach a server: not ours in its access log, not another in a Referer.
      EXPECT_NE(r.text.find("#token=TOKEN_abc-123"), std::string::npos) << name << "." << lang;
      EXPECT_EQ(r.text.find("?token="), std::string::npos) << name << "." << lang;
    }
  }
}

TEST(MailTemplates, SubjectsAndBodiesAreNeutralInEveryLanguage) {
  const Templates t = Shipped();
  for (const auto& [name, langs] : t.Catalogue()) {
    for (const std::string& lang : langs) {
      const Rendered r = *t.Render(name, lang, AllValues());
      for (const auto& [what, text] : {std::pair{"subject", r.subject}, std::pair{"text", r.text}, std::pair{"html", r.html}}) {
        for (const std::string& word : Words(text)) {
          for (const char* banned : kBlocklist)
            EXPECT_NE(word, banned) << name << "." << lang << " " << what << " says \"" << word << "\"";
        }
      }
    }
  }
}

TEST(MailTemplates, TheBlocklistCheckCatchesAWordInAnyCase) {
  bool caught = false;
  for (const std::string& word : Words("About your Couple: THERAPY notes"))
    for (const char* banned : kBlocklist) caught = caught || word == banned;
  EXPECT_TRUE(caught);
}

TEST(MailTemplates, HtmlEscapesEveryValueAndTextKeepsIt) {
  auto t = Templates::Load({{"layout.html", "<html lang=\"{{lang}}\"><title>{{subject}}</title>{{body}}</html>"},
                            {"note.en.txt", "Subject: A <note> & more\n\nHi {{name}}, see {{link}}\n"},
                            {"note.en.html", "<p>Hi {{name}}, <a href=\"{{link}}\">see</a></p>"}});
  ASSERT_TRUE(t.ok()) << t.error().message;
  auto r = t->Render("note", "en", {{"name", "<script>alert('x')</script>"}, {"link", "https://x/?a=1&b=\"2\""}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text, "Hi <script>alert('x')</script>, see https://x/?a=1&b=\"2\"\n");
  EXPECT_EQ(r->html,
            "<html lang=\"en\"><title>A &lt;note&gt; &amp; more</title><p>Hi &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;, "
            "<a href=\"https://x/?a=1&amp;b=&quot;2&quot;\">see</a></p></html>");
  // A value that looks like a placeholder is not expanded again.
  auto again = t->Render("note", "en", {{"name", "{{link}}"}, {"link", "L"}});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->text, "Hi {{link}}, see L\n");
  // A missing value fails, rather than sending a message with a hole in it.
  EXPECT_FALSE(t->Render("note", "en", {{"name", "x"}}).ok());
  EXPECT_FALSE(t->Render("nothing", "en", {}).ok());
}

TEST(MailTemplates, PicksThePersonsLanguageAndFallsBackToEnglish) {
  const Templates t = Shipped();
  EXPECT_EQ(t.Render("password_reset", "es", AllValues())->language, "es");
  EXPECT_EQ(t.Render("password_reset", "es-MX", AllValues())->language, "es");
  EXPECT_EQ(t.Render("password_reset", "ES", AllValues())->language, "es");
  EXPECT_EQ(t.Render("password_reset", "de", AllValues())->language, "en");
  EXPECT_EQ(t.Render("password_reset", "", AllValues())->language, "en");
  EXPECT_EQ(PrimaryLanguage("pt-BR"), "pt");
}

TEST(MailTemplates, MalformedFilesAreRefusedByName) {
  const std::string layout = "<html>{{body}}</html>";
  struct Case {
    std::map<std::string, std::string> files;
    const char* mentions;
  } cases[] = {
      {{{"a.en.txt", "Subject: x\n\nbody"}, {"a.en.html", "<p>b</p>"}}, "layout.html"},
      {{{"layout.html", layout}, {"a.en.txt", "No subject\n\nbody"}, {"a.en.html", "x"}}, "a.en.txt"},
      {{{"layout.html", layout}, {"a.en.txt", "Subject: x\nbody"}, {"a.en.html", "x"}}, "a.en.txt"},
      {{{"layout.html", layout}, {"a.en.txt", "Subject: Hi {{name}}\n\nbody"}, {"a.en.html", "x"}}, "subjects take no values"},
      {{{"layout.html", layout}, {"a.en.txt", "Subject: x\n\nbody"}}, "a.en.html"},
      {{{"layout.html", layout}, {"a.es.txt", "Subject: x\n\nbody"}, {"a.es.html", "x"}}, "English"},
      {{{"layout.html", layout}, {"a.en.txt", "Subject: x\n\n{{Name}}"}, {"a.en.html", "x"}}, "a.en.txt"},
      {{{"layout.html", layout}, {"a.en.txt", "Subject: x\n\n{{open"}, {"a.en.html", "x"}}, "a.en.txt"},
      {{{"layout.html", layout}, {"a.txt", "Subject: x\n\nbody"}}, "a.txt"},
      {{{"layout.html", layout}, {"a.en.md", "x"}}, "a.en.md"},
  };
  for (const Case& c : cases) {
    auto t = Templates::Load(c.files);
    ASSERT_FALSE(t.ok()) << c.mentions;
    EXPECT_NE(t.error().message.find(c.mentions), std::string::npos) << t.error().message;
  }
}

}  // namespace
}  // namespace rk::mail
