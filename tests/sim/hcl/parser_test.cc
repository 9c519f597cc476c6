#include "sim/hcl/parser.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sim/hcl/evaluator.h"

namespace sim::hcl {
namespace {

File MustParse(const std::string& source) {
  Result<File> file = ParseConfig(source, "main.hcl");
  EXPECT_TRUE(file.ok()) << (file.ok() ? "" : file.error().message);
  return file.ok() ? std::move(file).value() : File{};
}

std::string ParseError(const std::string& source, const std::string& name = "main.hcl") {
  Result<File> file = ParseConfig(source, name);
  EXPECT_FALSE(file.ok());
  if (file.ok()) return "";
  EXPECT_EQ(file.error().code, "HclError");
  return file.error().message;
}

std::string AttributeJson(const Body& body, const std::string& name) {
  const Attribute* attribute = body.FindAttribute(name);
  EXPECT_NE(attribute, nullptr) << name;
  if (!attribute) return "";
  Result<Value> v = Evaluate(*attribute->expr, EvalContext{});
  EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().message);
  return v.ok() ? v->ToJson().dump() : "";
}

TEST(ParserTest, AttributesAndBlocksWithLabels) {
  File file = MustParse(R"(
# comment
name = "x"
count = 3 // trailing comment

terraform {
  source = "git::https://example.com/modules.git//rds?ref=v1"
}

include "root" {
  path = "../terragrunt.hcl"
  expose = true
}

resource aws_s3_bucket "b" {}
locals { one_line = 1 }
nested {
  inner "a" { x = 1 }
  inner "b" {
    x = 2
  }
}
)");
  ASSERT_EQ(file.body.attributes.size(), 2u);
  EXPECT_EQ(file.body.attributes[0].name, "name");
  EXPECT_EQ(file.body.attributes[0].pos.ToString(), "main.hcl:3:1");
  EXPECT_EQ(AttributeJson(file.body, "count"), "3");
  ASSERT_EQ(file.body.blocks.size(), 5u);
  const Block& include = file.body.blocks[1];
  EXPECT_EQ(include.type, "include");
  EXPECT_EQ(include.labels, std::vector<std::string>{"root"});
  EXPECT_EQ(AttributeJson(include.body, "expose"), "true");
  EXPECT_EQ(file.body.blocks[2].labels, (std::vector<std::string>{"aws_s3_bucket", "b"}));
  EXPECT_TRUE(file.body.blocks[2].body.attributes.empty());
  EXPECT_EQ(AttributeJson(file.body.blocks[3].body, "one_line"), "1");
  std::vector<const Block*> inner = file.body.blocks[4].body.BlocksOfType("inner");
  ASSERT_EQ(inner.size(), 2u);
  EXPECT_EQ(AttributeJson(inner[1]->body, "x"), "2");
}

TEST(ParserTest, ObjectsAcceptEqualsColonsCommasAndNewlines) {
  File file = MustParse(R"(
o = {
  a = 1, "b" = 2
  c: 3
  (local_key) = 4
  "${"d"}" = 5

  nested = { x = [1,
    2,
  ] }
}
)");
  const Attribute* o = file.body.FindAttribute("o");
  ASSERT_NE(o, nullptr);
  EvalContext ctx;
  ctx.variables["local_key"] = Value("from_var");
  Result<Value> v = Evaluate(*o->expr, ctx);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->ToJson().dump(), R"({"a":1,"b":2,"c":3,"d":5,"from_var":4,"nested":{"x":[1,2]}})");
}

TEST(ParserTest, NewlinesInsideBracketsAndParensAreIgnored) {
  File file = MustParse("x = concat(\n  [1],\n  [2]\n)\ny = (1\n+ 2)\nz = [\n]\n");
  EXPECT_EQ(AttributeJson(file.body, "x"), "[1,2]");
  EXPECT_EQ(AttributeJson(file.body, "y"), "3");
  EXPECT_EQ(AttributeJson(file.body, "z"), "[]");
}

TEST(ParserTest, ErrorsNameFileLineAndColumn) {
  EXPECT_EQ(ParseError("locals {\n  a = 1\n}\nengine: \"postgres\"\n",
                       "environments/dev/rds/terragrunt.hcl"),
            "environments/dev/rds/terragrunt.hcl:4:7: expected '=' or '{' after \"engine\"");
  EXPECT_EQ(ParseError("a = 1\na = 2\n"),
            "main.hcl:2:1: attribute \"a\" is already defined at line 1");
  EXPECT_EQ(ParseError("a = 1 b = 2\n"),
            "main.hcl:1:7: expected a newline after attribute \"a\", found \"b\"");
  EXPECT_EQ(ParseError("block {\n  a = 1\n"),
            "main.hcl:3:1: unexpected end of file; missing '}' to close a block");
  EXPECT_EQ(ParseError("a = \n"), "main.hcl:1:5: expected an expression, found newline");
  EXPECT_EQ(ParseError("a = [1 2]\n"),
            "main.hcl:1:8: expected ',' or ']' in tuple, found number 2");
  EXPECT_EQ(ParseError("a = f(1 2)\n"),
            "main.hcl:1:9: expected ',' or ')' in call to \"f\", found number 2");
  EXPECT_EQ(ParseError("a = { b 1 }\n"),
            "main.hcl:1:9: expected '=' or ':' after object key, found number 1");
  EXPECT_EQ(ParseError("a = { b = 1 c = 2 }\n"),
            "main.hcl:1:13: expected ',', newline or '}' after object item, found \"c\"");
  EXPECT_EQ(ParseError("a = x.\n"),
            "main.hcl:1:7: expected an attribute name after '.', found newline");
  EXPECT_EQ(ParseError("block \"${x}\" {}\n"),
            "main.hcl:1:7: a block label must be a plain string, without ${ or %{ sequences");
  EXPECT_EQ(ParseError("= 1\n"), "main.hcl:1:1: expected an attribute or block name, found '='");
  EXPECT_EQ(ParseError("a = true ? 1\n"),
            "main.hcl:1:13: expected ':' in conditional expression, found newline");
  EXPECT_EQ(ParseError("a = [for x in y x]\n"),
            "main.hcl:1:17: expected ':' after the for collection, found \"x\"");
  EXPECT_EQ(
      ParseError("a = \"%{ bogus }\"\n"),
      "main.hcl:1:9: expected 'if', 'else', 'endif', 'for' or 'endfor' in template directive, "
      "found \"bogus\"");
  EXPECT_EQ(ParseError("a = \"%{ if x }y\"\n"),
            "main.hcl:1:6: missing %{ endif } for this %{ if }");
  EXPECT_EQ(ParseError("a = \"%{ endfor }\"\n"), "main.hcl:1:6: unexpected %{ endfor }");
}

TEST(ParserTest, LexErrorsComeThrough) {
  EXPECT_EQ(ParseError("a = \"x\n"),
            "main.hcl:1:5: unterminated string; a quoted string must end on the line it starts");
}

TEST(ParserTest, ParseConfigFileReadsAndNamesTheFile) {
  Result<File> missing = ParseConfigFile("/nonexistent/dir/terragrunt.hcl", "shown.hcl");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "shown.hcl: cannot read file");
}

TEST(ParserTest, StandaloneExpression) {
  Result<ExpressionPtr> e = ParseExpression("1 +\n 2", "e");
  ASSERT_TRUE(e.ok());
  Result<ExpressionPtr> bad = ParseExpression("1 2", "e");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "e:1:3: unexpected number 2 after expression");
}

TEST(ParserTest, CollectReferencesSkipsBoundVariables) {
  Result<ExpressionPtr> e = ParseExpression(
      R"([[for k, v in local.items : "${k}-${v}-${local.suffix}-${var["x"]}" if include.root.x],
         [for x in local.all: x][0] + local["bracket"] + dependency.vpc.outputs.id])");
  ASSERT_TRUE(e.ok()) << e.error().message;
  std::vector<std::string> refs;
  for (const Reference& r : CollectReferences(**e)) refs.push_back(r.root + "." + r.attribute);
  EXPECT_EQ(refs, (std::vector<std::string>{"local.items", "local.suffix", "var.x", "include.root",
                                            "local.all", "local.bracket", "dependency.vpc"}));
}

}  // namespace
}  // namespace sim::hcl
