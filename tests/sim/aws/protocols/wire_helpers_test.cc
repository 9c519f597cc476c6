// The shared pieces under the protocols: XML escaping, timestamp formats, URI
// templates, and the model traits the real services here do not exercise
// (flattened lists and maps, XML attributes), on a small synthetic model.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "sim/aws/model.h"
#include "sim/aws/query_params.h"
#include "sim/aws/timestamp_format.h"
#include "sim/aws/uri_template.h"
#include "sim/aws/xml_shaping.h"
#include "sim/aws/xml_writer.h"

namespace sim::aws {
namespace {

using nlohmann::json;

TEST(XmlWriterTest, EscapesTextAndAttributes) {
  std::string out;
  XmlWriter w(&out);
  w.StartElement("a");
  w.Attribute("note", "say \"hi\" & <bye>\n");
  w.Element("b", "x < y && y > \"z\"\r\n");
  w.StartElement("empty");
  w.EndElement();
  w.EndElement();
  EXPECT_EQ(out,
            "<a note=\"say &quot;hi&quot; &amp; &lt;bye&gt;&#xA;\">"
            "<b>x &lt; y &amp;&amp; y &gt; \"z\"&#xD;\n</b><empty/></a>");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(out.c_str()));
  EXPECT_STREQ(doc.child("a").attribute("note").value(), "say \"hi\" & <bye>\n");
  EXPECT_STREQ(doc.child("a").child_value("b"), "x < y && y > \"z\"\r\n");
}

TEST(TimestampFormatTest, ParsesEveryWireForm) {
  EXPECT_EQ(ParseTimestampText("2026-11-27T20:00:00Z"), 1795809600.0);
  EXPECT_EQ(ParseTimestampText("2026-11-27T20:00:00.250Z"), 1795809600.25);
  EXPECT_EQ(ParseTimestampText("1795809600"), 1795809600.0);
  EXPECT_EQ(ParseTimestampText("1795809600.5"), 1795809600.5);
  EXPECT_EQ(ParseTimestampText("Fri, 27 Nov 2026 20:00:00 GMT"), 1795809600.0);
  EXPECT_EQ(ParseTimestampText("27 Nov 2026 20:00:00 GMT"), 1795809600.0);
  EXPECT_FALSE(ParseTimestampText("yesterday"));
  EXPECT_FALSE(ParseTimestampText("2026-13-27T20:00:00Z"));
  EXPECT_FALSE(ParseTimestampText("Fri, 27 Nov 2026 20:00:00 PST"));
  EXPECT_FALSE(ParseTimestampText(""));
}

TEST(TimestampFormatTest, FormatsEachNamedFormat) {
  EXPECT_EQ(FormatTimestampText(1795809600.25, "iso8601"), "2026-11-27T20:00:00.250Z");
  EXPECT_EQ(FormatTimestampText(1795809600, "unixTimestamp"), "1795809600");
  EXPECT_EQ(FormatTimestampText(1795809600.5, "unixtimestamp"), "1795809600.5");
  EXPECT_EQ(FormatTimestampText(1795809600, "rfc822"), "Fri, 27 Nov 2026 20:00:00 GMT");
  EXPECT_EQ(FormatHttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(UriTemplateTest, MatchesLabelsGreedyLabelsAndQueryLiterals) {
  auto m = MatchRequestUri("/v1/brokers/{broker-id}/users/{username}",
                           "/v1/brokers/b-1/users/al%20ice", {});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->labels, (std::vector<std::pair<std::string, std::string>>{{"broker-id", "b-1"},
                                                                         {"username", "al ice"}}));
  EXPECT_FALSE(MatchRequestUri("/v1/brokers/{broker-id}", "/v1/brokers/", {}));
  EXPECT_FALSE(MatchRequestUri("/v1/brokers/{broker-id}", "/v1/brokers/b-1/users", {}));

  auto greedy = MatchRequestUri("/{Bucket}/{Key+}/meta", "/b/a/b/c/meta", {});
  ASSERT_TRUE(greedy);
  EXPECT_EQ(greedy->labels[1].second, "a/b/c");
  EXPECT_TRUE(greedy->greedy);

  EXPECT_TRUE(MatchRequestUri("/{Bucket}?list-type=2", "/b", {{"list-type", "2"}}));
  EXPECT_FALSE(MatchRequestUri("/{Bucket}?list-type=2", "/b", {{"list-type", "1"}}));
  EXPECT_FALSE(MatchRequestUri("/{Bucket}?tagging", "/b", {}));
  EXPECT_EQ(MatchRequestUri("/{Bucket}?tagging", "/b", {{"tagging", ""}})->query_literals, 1);
}

constexpr char kSyntheticModel[] = R"({
  "metadata": {"protocol": "query", "apiVersion": "2020-01-01", "endpointPrefix": "synth"},
  "operations": {},
  "shapes": {
    "Input": {"type": "structure", "members": {
      "Names": {"shape": "NameList", "flattened": true},
      "Renamed": {"shape": "RenamedList"},
      "Attrs": {"shape": "AttrMap"},
      "Flat": {"shape": "FlatMap"},
      "Nested": {"shape": "Nested"}}},
    "NameList": {"type": "list", "member": {"shape": "String"}},
    "RenamedList": {"type": "list", "member": {"shape": "String", "locationName": "Item"},
                    "flattened": true},
    "AttrMap": {"type": "map", "key": {"shape": "String", "locationName": "Name"},
                "value": {"shape": "Integer", "locationName": "Count"}},
    "FlatMap": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "String"},
                "flattened": true},
    "Nested": {"type": "structure", "members": {
      "Id": {"shape": "String", "xmlAttribute": true, "locationName": "id"},
      "When": {"shape": "Time", "timestampFormat": "unixTimestamp"},
      "Self": {"shape": "Nested"}}},
    "String": {"type": "string"},
    "Integer": {"type": "integer"},
    "Time": {"type": "timestamp"}
  }
})";

class SyntheticModelTest : public ::testing::Test {
 protected:
  std::unique_ptr<ServiceModel> model_ = ParseServiceModel("synth", kSyntheticModel);
  const Shape& input_ = *model_->FindShape("Input");
  const json value_ = json::parse(R"({
    "Names": ["a", "b"], "Renamed": ["x"], "Attrs": {"k1": 1, "k2": 2},
    "Flat": {"f": "v"}, "Nested": {"Id": "n-1", "When": 1795809600}})");
};

TEST_F(SyntheticModelTest, QueryParametersFollowFlatteningAndLocationNames) {
  auto parsed = ParseQueryParameters(input_, {{"Names.1", "a"},
                                              {"Names.2", "b"},
                                              {"Item.1", "x"},
                                              {"Attrs.entry.1.Name", "k1"},
                                              {"Attrs.entry.1.Count", "1"},
                                              {"Attrs.entry.2.Name", "k2"},
                                              {"Attrs.entry.2.Count", "2"},
                                              {"Flat.1.key", "f"},
                                              {"Flat.1.value", "v"},
                                              {"Nested.id", "n-1"},
                                              {"Nested.When", "1795809600"},
                                              {"Unknown.Param", "ignored"}});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed.value(), value_);

  auto bad =
      ParseQueryParameters(input_, {{"Attrs.entry.1.Name", "k"}, {"Attrs.entry.1.Count", "x"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "InvalidParameterValue");
  EXPECT_NE(bad.error().message.find("Attrs.entry.1.Count"), std::string::npos);
}

TEST_F(SyntheticModelTest, XmlWritesFlattenedMembersAttributesAndFormats) {
  std::string out;
  XmlWriter w(&out);
  w.StartElement("Input");
  WriteXmlMembers(w, input_, value_, /*body_only=*/false);
  w.EndElement();
  // Members come in the model's member order as model.cc stores it.
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(out.c_str())) << out;
  pugi::xml_node root = doc.child("Input");
  EXPECT_STREQ(root.child("Names").child_value(), "a");
  EXPECT_STREQ(root.child("Names").next_sibling("Names").child_value(), "b");
  EXPECT_STREQ(root.child_value("Item"), "x");
  EXPECT_FALSE(root.child("Renamed"));
  EXPECT_STREQ(root.child("Attrs").child("entry").child_value("Name"), "k1");
  EXPECT_STREQ(root.child("Attrs").child("entry").child_value("Count"), "1");
  EXPECT_STREQ(root.child("Flat").child_value("key"), "f");
  EXPECT_STREQ(root.child("Nested").attribute("id").value(), "n-1");
  EXPECT_STREQ(root.child("Nested").child_value("When"), "1795809600");

  auto back = ReadXmlDocument(input_, out, /*body_only=*/false, "MalformedXML");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back.value(), value_);
}

}  // namespace
}  // namespace sim::aws
