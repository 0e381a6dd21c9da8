#include "platform/http/messages.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace rk::http {
namespace {

Messages Spanish() {
  auto m = Messages::FromCatalogues({{"es",
                                      {{"Please sign in.", "Entra en tu cuenta."},
                                       {"This must be at most {max} characters.", "Debe tener como máximo {max} caracteres."},
                                       {"{name} must be a whole number from {min} to {max}.", "{name} debe ser un número entero de {min} a {max}."},
                                       {"Not found", "No encontrado"}}}});
  EXPECT_TRUE(m.ok());
  return *m;
}

TEST(Messages, PicksTheFirstLanguageWithACatalogue) {
  const Messages m = Spanish();
  EXPECT_EQ(m.Pick("es-ES,es;q=0.9,en;q=0.8"), "es");
  EXPECT_EQ(m.Pick("fr-FR, es;q=0.5"), "es");
  EXPECT_EQ(m.Pick("en-GB,es;q=0.9"), "en");
  EXPECT_EQ(m.Pick("de, en;q=0.1, es;q=0.9"), "es");
  EXPECT_EQ(m.Pick("es;q=0"), "en");
  EXPECT_EQ(m.Pick(""), "en");
  EXPECT_EQ(m.Pick("*"), "en");
  EXPECT_EQ(m.Pick(",,;q=,es;q=abc"), "en");
}

TEST(Messages, TranslatesExactlyAndByTemplate) {
  const Messages m = Spanish();
  EXPECT_EQ(m.Say("es", "Please sign in."), "Entra en tu cuenta.");
  EXPECT_EQ(m.Say("es", "This must be at most 60 characters."), "Debe tener como máximo 60 caracteres.");
  EXPECT_EQ(m.Say("es", "limit must be a whole number from 1 to 500."), "limit debe ser un número entero de 1 a 500.");
  EXPECT_EQ(m.Say("es", "Something unknown."), "Something unknown.");
  EXPECT_EQ(m.Say("en", "Please sign in."), "Please sign in.");
  EXPECT_EQ(m.Say("fr", "Please sign in."), "Please sign in.");
  // A template needs its literal text around the values, not just any text.
  EXPECT_EQ(m.Say("es", "This must be at most  characters."), "This must be at most  characters.");
  EXPECT_TRUE(m.Has("es", "This must be at most 4000 characters."));
  EXPECT_FALSE(m.Has("es", "This must be at least 3 characters."));
}

TEST(Messages, RefusesATranslationWithOtherValues) {
  EXPECT_FALSE(Messages::FromCatalogues({{"es", {{"At most {max}.", "Como mucho {min}."}}}}).ok());
  EXPECT_FALSE(Messages::FromCatalogues({{"es", {{"At most {max.", "Como mucho {max}."}}}}).ok());
}

TEST(Messages, LocalizesAProblem) {
  const Messages m = Spanish();
  Response r = Problem(Error::Invalid("Please sign in.", {{"name", "too_long", "This must be at most 60 characters."}}));
  m.Localize(r, "es");
  const auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body.at("detail").as_string(), "Entra en tu cuenta.");
  EXPECT_EQ(body.at("errors").as_array()[0].as_object().at("message").as_string(), "Debe tener como máximo 60 caracteres.");
  EXPECT_EQ(body.at("errors").as_array()[0].as_object().at("code").as_string(), "too_long");
  Response english = Problem(Error::NotFound("Please sign in."));
  const std::string before = english.body;
  m.Localize(english, "en");
  EXPECT_EQ(english.body, before);
}

}  // namespace
}  // namespace rk::http
