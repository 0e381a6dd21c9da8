#include "platform/live/protocol.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "platform/base/files.hpp"

namespace rk::live {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

const fs::path kGoldens = fs::path(REKINDLE_SOURCE_DIR) / "tests" / "contract" / "live";

// What a struct declares about one field, to compare with the schema.
struct FieldInfo {
  std::string kind;  // "string" (string or enum), "integer", "boolean", "json", "ref"
  bool optional = false;
};

struct Lister {
  std::map<std::string, FieldInfo>& out;
  static std::string KindOf(const std::string*) { return "string"; }
  static std::string KindOf(const std::int64_t*) { return "integer"; }
  static std::string KindOf(const bool*) { return "boolean"; }
  static std::string KindOf(const json::value*) { return "json"; }
  template <class T>
  static std::string KindOf(const T*) { return "ref"; }
  template <class T>
  void operator()(std::string_view name, const std::optional<T>&) {
    out[std::string(name)] = {KindOf(static_cast<const T*>(nullptr)), true};
  }
  template <class T>
  void operator()(std::string_view name, const T&) {
    out[std::string(name)] = {KindOf(static_cast<const T*>(nullptr)), false};
  }
};

// One typed frame: its fields, its kind, and a round trip through the struct.
struct Typed {
  std::map<std::string, FieldInfo> fields;
  std::optional<Kind> kind;
  std::function<Result<json::object>(const json::object&)> round_trip;
};

template <class F>
std::pair<std::string, Typed> Entry() {
  Typed t;
  F probe{};
  F::Fields(probe, Lister{t.fields});
  if constexpr (requires { F::kKind; }) t.kind = F::kKind;
  t.round_trip = [](const json::object& o) -> Result<json::object> {
    RK_ASSIGN_OR_RETURN(F f, FromJson<F>(o));
    return ToJson(f);
  };
  return {std::string(F::kType), std::move(t)};
}

std::map<std::string, Typed> ServerFrames() {
  return {Entry<Hello>(),       Entry<Pong>(),     Entry<Ack>(),         Entry<Refusal>(),
          Entry<Resumed>(),     Entry<Reload>(),   Entry<ChatMessage>(), Entry<ChatRead>(),
          Entry<DailyChanged>(), Entry<ConversationChanged>(), Entry<RoomChanged>(), Entry<TogetherChanged>(),
          Entry<ChatTyping>(), Entry<Relay>(), Entry<CallSignal>(), Entry<CallState>()};
}
std::map<std::string, Typed> ClientFrames() {
  return {Entry<Ping>(), Entry<Resume>(), Entry<ChatSend>(), Entry<ChatTyping>(), Entry<Relay>(), Entry<CallSignalSend>()};
}

const json::object& Section(std::string_view name) { return Schema::Builtin().document().at(name).as_object(); }

json::object ReadJson(const fs::path& p) {
  auto text = ReadFile(p.string());
  EXPECT_TRUE(text.has_value()) << p;
  return json::parse(text.value_or("{}")).as_object();
}

TEST(LiveSchema, BuiltinParsesAndHasThisVersion) {
  EXPECT_EQ(Schema::Builtin().version(), kVersion);
}

TEST(LiveSchema, CloseCodesMatchTheEnum) {
  const json::object& codes = Section("close_codes");
  EXPECT_EQ(codes.size(), std::size(kCloseCodes));
  for (CloseCode c : kCloseCodes) {
    const json::value* entry = codes.if_contains(CloseCodeName(c));
    ASSERT_NE(entry, nullptr) << CloseCodeName(c);
    EXPECT_EQ(entry->at("code").as_int64(), static_cast<std::int64_t>(c)) << CloseCodeName(c);
  }
}

// The structs and the schema declare the same frames with the same fields.
void ExpectStructsMatch(Direction d, const std::map<std::string, Typed>& typed) {
  const json::object& frames = Section(d == Direction::kServerToClient ? "server_frames" : "client_frames");
  std::set<std::string> schema_types, struct_types;
  for (const auto& [name, f] : frames) schema_types.insert(std::string(name));
  for (const auto& [name, t] : typed) struct_types.insert(name);
  EXPECT_EQ(schema_types, struct_types);
  for (const auto& [name, t] : typed) {
    if (!frames.contains(name)) continue;
    const json::object& desc = frames.at(name).as_object();
    const json::object& fields = desc.at("fields").as_object();
    EXPECT_EQ(fields.size(), t.fields.size()) << name;
    for (const auto& [field, info] : t.fields) {
      const json::value* f = fields.if_contains(field);
      ASSERT_NE(f, nullptr) << name << "." << field << " is not in the schema";
      std::string kind(f->at("kind").as_string());
      if (kind == "enum") kind = "string";
      EXPECT_EQ(kind, info.kind) << name << "." << field;
      const bool optional = f->as_object().contains("optional") && f->at("optional").as_bool();
      EXPECT_EQ(optional, info.optional) << name << "." << field;
    }
    if (d == Direction::kServerToClient) EXPECT_EQ(Schema::Builtin().KindOf(name), t.kind) << name;
  }
}

TEST(LiveSchema, ServerStructsMatchTheSchema) { ExpectStructsMatch(Direction::kServerToClient, ServerFrames()); }
TEST(LiveSchema, ClientStructsMatchTheSchema) { ExpectStructsMatch(Direction::kClientToServer, ClientFrames()); }

TEST(LiveSchema, SharedTypesMatchTheSchema) {
  std::map<std::string, FieldInfo> fields;
  Message m;
  Message::Fields(m, Lister{fields});
  const json::object& declared = Section("types").at("ChatMessage").at("fields").as_object();
  EXPECT_EQ(declared.size(), fields.size());
  for (const auto& [name, info] : fields) EXPECT_TRUE(declared.contains(name)) << name;
}

// Every golden conforms, parses into its struct and serializes back to itself; every
// schema type has a golden.
void ExpectGoldensRoundTrip(Direction d, const std::map<std::string, Typed>& typed) {
  const fs::path dir = kGoldens / (d == Direction::kServerToClient ? "server" : "client");
  std::set<std::string> seen;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string type = entry.path().stem().string();
    SCOPED_TRACE(entry.path().string());
    const json::object golden = ReadJson(entry.path());
    EXPECT_EQ(Schema::Builtin().Check(d, golden), std::nullopt);
    EXPECT_EQ(golden.at("type").as_string(), type) << "a golden is named after its type";
    auto it = typed.find(type);
    ASSERT_NE(it, typed.end());
    auto out = it->second.round_trip(golden);
    ASSERT_TRUE(out.ok()) << out.error().message;
    // The hub adds seq to events; a client adds id.
    for (const char* envelope : {"seq", "id"})
      if (golden.contains(envelope) && !it->second.fields.contains(envelope)) (*out)[envelope] = golden.at(envelope);
    EXPECT_EQ(json::value(*out), json::value(golden));
    seen.insert(type);
  }
  EXPECT_EQ(seen.size(), Schema::Builtin().Types(d).size()) << "every frame type has a golden";
}

TEST(LiveGoldens, ServerFramesRoundTrip) { ExpectGoldensRoundTrip(Direction::kServerToClient, ServerFrames()); }
TEST(LiveGoldens, ClientFramesRoundTrip) { ExpectGoldensRoundTrip(Direction::kClientToServer, ClientFrames()); }

TEST(LiveGoldens, InvalidFramesAreRefusedWithTheirCode) {
  const json::object doc = ReadJson(kGoldens / "invalid.json");
  for (const json::value& c : doc.at("cases").as_array()) {
    SCOPED_TRACE(json::serialize(c));
    const Direction d = c.at("dir") == "client" ? Direction::kClientToServer : Direction::kServerToClient;
    auto problem = Schema::Builtin().Check(d, c.at("frame").as_object());
    ASSERT_TRUE(problem.has_value());
    EXPECT_EQ(problem->code, c.at("code").as_string());
  }
}

TEST(LiveFrames, ToJsonWritesTypeVersionAndFields) {
  EXPECT_EQ(json::serialize(ToJson(ChatRead{"m1"})), R"({"up_to":"m1","type":"chat.read","v":1})");
  EXPECT_EQ(json::value(ToJson(Pong{})), json::parse(R"({"type":"pong","v":1})"));
}

TEST(LiveFrames, FromJsonNamesTheMissingOrMistypedField) {
  auto missing = FromJson<Resume>(json::parse(R"({"type":"resume","v":1,"epoch":"e"})").as_object());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("seq is missing"), std::string::npos);
  auto nested = FromJson<ChatMessage>(json::parse(R"({"message":{"id":1}})").as_object());
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.error().message.find("message.id"), std::string::npos);
}

TEST(LiveSchema, ParseRefusesMalformedDocuments) {
  EXPECT_FALSE(Schema::Parse("[]").ok());
  EXPECT_FALSE(Schema::Parse(R"({"version":1})").ok());
}

}  // namespace
}  // namespace rk::live
