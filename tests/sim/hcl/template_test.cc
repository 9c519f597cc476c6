// String templates, heredocs, directives and strip markers.

#include <gtest/gtest.h>

#include "tests/sim/hcl/hcl_test_util.h"

namespace sim::hcl {
namespace {

using testing::Eval;
using testing::EvalError;
using testing::EvalJson;

EvalContext Vars() {
  EvalContext ctx;
  ctx.variables["name"] = Value("db");
  ctx.variables["n"] = Value(3);
  ctx.variables["flag"] = Value(true);
  ctx.variables["items"] = Value(Value::List{Value("a"), Value("b"), Value("c")});
  ctx.variables["map"] = Value(Value::Object{{"x", Value(1)}, {"y", Value(2)}});
  ctx.variables["space_bar"] = Value("  Bar");
  return ctx;
}

TEST(TemplateTest, InterpolationConvertsPrimitives) {
  EXPECT_EQ(Eval(R"("${name}-${n}-${flag}-${1.5}")", Vars()).AsString(), "db-3-true-1.5");
  EXPECT_EQ(Eval(R"("a${"b${"c"}"}d")").AsString(), "abcd");
}

TEST(TemplateTest, LoneInterpolationKeepsTheValueType) {
  EXPECT_EQ(EvalJson(R"("${items}")", Vars()), R"(["a","b","c"])");
  EXPECT_EQ(EvalJson(R"("${n}")", Vars()), "3");
  EXPECT_EQ(EvalJson(R"("x${n}")", Vars()), R"("x3")");
}

TEST(TemplateTest, EscapedSequencesStayLiteral) {
  EXPECT_EQ(Eval(R"("$${name} %%{if} \u0041")", Vars()).AsString(), "${name} %{if} A");
}

TEST(TemplateTest, IfElseDirective) {
  EXPECT_EQ(Eval(R"("%{ if flag }on%{ else }off%{ endif }")", Vars()).AsString(), "on");
  EXPECT_EQ(Eval(R"("%{ if !flag }on%{ else }off%{ endif }")", Vars()).AsString(), "off");
  EXPECT_EQ(Eval(R"("[%{ if n > 5 }big%{ endif }]")", Vars()).AsString(), "[]");
}

TEST(TemplateTest, ForDirective) {
  EXPECT_EQ(Eval(R"("%{ for x in items }${x},%{ endfor }")", Vars()).AsString(), "a,b,c,");
  EXPECT_EQ(Eval(R"("%{ for i, x in items }${i}=${x} %{ endfor }")", Vars()).AsString(),
            "0=a 1=b 2=c ");
  EXPECT_EQ(Eval(R"("%{ for k, v in map }${k}:${v};%{ endfor }")", Vars()).AsString(), "x:1;y:2;");
}

TEST(TemplateTest, StripMarkersTrimAdjacentWhitespace) {
  EXPECT_EQ(Eval(R"("a   ${~ name ~}   b")", Vars()).AsString(), "adbb");
  EXPECT_EQ(Eval("<<EOT\n%{ for x in items ~}\n${x}\n%{ endfor ~}\nEOT", Vars()).AsString(),
            "a\nb\nc\n");
  EXPECT_EQ(Eval("<<EOT\nitems:\n  %{~ for x in items ~}\n  - ${x}\n  %{~ endfor ~}\n\nEOT", Vars())
                .AsString(),
            "items:\n  - a\n  - b\n  - c\n\n");  // as HCL: each marker trims one line's literal
}

TEST(TemplateTest, HeredocKeepsIndentation) {
  EXPECT_EQ(Eval("<<EOT\nFoo\nBar\nEOT").AsString(), "Foo\nBar\n");
  EXPECT_EQ(Eval("<<EOT\n    Foo\n      Bar\n  EOT").AsString(), "    Foo\n      Bar\n");
  EXPECT_EQ(Eval("<<EOT\n    NOT EOT\n  EOT").AsString(), "    NOT EOT\n");
  EXPECT_EQ(Eval("<<EOT\nEOT").AsString(), "");
  EXPECT_EQ(Eval("<<EOT\n\\n stays ${name}\nEOT", Vars()).AsString(), "\\n stays db\n");
}

// Cases from the HCL specification suite (heredoc.hcl, "flush").
TEST(TemplateTest, FlushHeredocRemovesCommonIndentation) {
  EXPECT_EQ(Eval("<<-EOT\n    Foo\n    Bar\n    Baz\n  EOT").AsString(), "Foo\nBar\nBaz\n");
  EXPECT_EQ(Eval("<<-EOT\n    Foo\n      Bar\n    Baz\n  EOT").AsString(), "Foo\n  Bar\nBaz\n");
  EXPECT_EQ(Eval("<<-EOT\n    Foo\n  Bar\n    Baz\n  EOT").AsString(), "  Foo\nBar\n  Baz\n");
  EXPECT_EQ(Eval("<<-EOT\n    Foo\n    ${name}\n    Baz\n  EOT", Vars()).AsString(),
            "Foo\ndb\nBaz\n");
  EXPECT_EQ(Eval("<<-EOT\n    Foo\n  ${space_bar}\n    Baz\n  EOT", Vars()).AsString(),
            "  Foo\n  Bar\n  Baz\n");
  EXPECT_EQ(Eval("<<-EOT\n\tFoo\n  Bar\n  Baz\n  EOT").AsString(), "Foo\n Bar\n Baz\n");
  EXPECT_EQ(Eval("<<-EOT\n    Foo\n\n    Bar\n  EOT").AsString(), "Foo\n\nBar\n");
}

TEST(TemplateTest, HeredocInAttributeFollowedByMoreAttributes) {
  EvalContext ctx = Vars();
  Result<Value> v = EvaluateString("{\n  a = <<-EOT\n    x ${name}\n  EOT\n  b = 2\n}", ctx);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->ToJson().dump(), R"({"a":"x db\n","b":2})");
}

TEST(TemplateTest, InterpolationErrors) {
  EXPECT_EQ(EvalError(R"("a${null}")"),
            "test.hcl:1:5: cannot use a null value in a string template");
  EXPECT_EQ(EvalError(R"("a${[1]}")"),
            "test.hcl:1:5: cannot use a tuple value in a string template; a string is required");
  EXPECT_EQ(EvalError(R"("%{ if "maybe" }x%{ endif }")"),
            "test.hcl:1:8: the %{ if } condition must be a bool, got string");
  EXPECT_EQ(EvalError(R"("%{ for x in 5 }x%{ endfor }")"),
            "test.hcl:1:14: cannot iterate over a number value");
}

}  // namespace
}  // namespace sim::hcl
