// Operators, traversals, splats, for expressions, conditionals, calls.

#include <gtest/gtest.h>

#include "tests/sim/hcl/hcl_test_util.h"

namespace sim::hcl {
namespace {

using testing::Eval;
using testing::EvalError;
using testing::EvalJson;

EvalContext Ctx() {
  EvalContext ctx;
  ctx.variables["local"] = Value::FromJson(nlohmann::json::parse(R"({
    "list": [1, 2, 3],
    "names": ["a", "b"],
    "map": {"x": 1, "y": 2},
    "users": [{"name": "ann", "tags": ["t1"]}, {"name": "bob", "tags": ["t2", "t3"]}],
    "one": {"name": "solo"},
    "nothing": null,
    "nested": {"a": {"b": {"c": "deep"}}}
  })"));
  return ctx;
}

TEST(EvaluatorTest, Literals) {
  EXPECT_EQ(EvalJson("1"), "1");
  EXPECT_EQ(EvalJson("1.25"), "1.25");
  EXPECT_EQ(EvalJson("1e3"), "1000");
  EXPECT_EQ(EvalJson("true"), "true");
  EXPECT_EQ(EvalJson("null"), "null");
  EXPECT_EQ(EvalJson(R"(["a", 1, [], {}])"), R"(["a",1,[],{}])");
  EXPECT_EQ(EvalJson("[1, 2,]"), "[1,2]");
}

// Expected values from the HCL specification suite (operators.hcl).
TEST(EvaluatorTest, ArithmeticAndPrecedence) {
  EXPECT_EQ(Eval("3.5 + 2").AsNumber(), 5.5);
  EXPECT_EQ(Eval("3.5 - 2").AsNumber(), 1.5);
  EXPECT_EQ(Eval("2 - 3.5").AsNumber(), -1.5);
  EXPECT_EQ(Eval("3 * 3").AsNumber(), 9);
  EXPECT_EQ(Eval("1 / 10").AsNumber(), 0.1);
  EXPECT_EQ(Eval("11 % 5").AsNumber(), 1);
  EXPECT_EQ(Eval("-7 % 3").AsNumber(), -1);
  EXPECT_EQ(Eval("1 + 2 * 3").AsNumber(), 7);
  EXPECT_EQ(Eval("(1 + 2) * 3").AsNumber(), 9);
  EXPECT_EQ(Eval("10 - 4 - 3").AsNumber(), 3);
  EXPECT_EQ(Eval("-2 * -3").AsNumber(), 6);
  EXPECT_EQ(Eval(R"("5" + 1)").AsNumber(), 6);  // numeric strings convert
}

TEST(EvaluatorTest, ComparisonEqualityAndLogic) {
  EXPECT_TRUE(Eval("1 < 2").AsBool());
  EXPECT_TRUE(Eval("2 <= 2").AsBool());
  EXPECT_FALSE(Eval("1 > 2").AsBool());
  EXPECT_TRUE(Eval("2 >= 2").AsBool());
  EXPECT_TRUE(Eval("1 == 1.0").AsBool());
  EXPECT_FALSE(Eval(R"(1 == "1")").AsBool());
  EXPECT_FALSE(Eval("true == 1").AsBool());
  EXPECT_TRUE(Eval(R"(["a", {b = 1}] == ["a", {b = 1}])").AsBool());
  EXPECT_TRUE(Eval("null == null").AsBool());
  EXPECT_TRUE(Eval("1 != 2").AsBool());
  EXPECT_TRUE(Eval("true && !false").AsBool());
  EXPECT_FALSE(Eval("false || false").AsBool());
  EXPECT_TRUE(Eval("1 < 2 && 2 < 3 || false").AsBool());
  EXPECT_TRUE(Eval(R"("true" && true)").AsBool());
}

TEST(EvaluatorTest, LogicShortCircuits) {
  EXPECT_FALSE(Eval("local.nothing != null && local.nothing.x == 1", Ctx()).AsBool());
  EXPECT_TRUE(Eval("local.nothing == null || local.nothing.x == 1", Ctx()).AsBool());
}

TEST(EvaluatorTest, ConditionalEvaluatesOnlyTheChosenBranch) {
  EXPECT_EQ(Eval(R"(true ? "a" : "b")").AsString(), "a");
  EXPECT_EQ(Eval(R"(false ? "a" : "b")").AsString(), "b");
  EXPECT_EQ(Eval(R"(1 > 2 ? "a" : 3 > 2 ? "b" : "c")").AsString(), "b");
  EXPECT_EQ(Eval("local.nothing == null ? 0 : local.nothing.x", Ctx()).AsNumber(), 0);
}

TEST(EvaluatorTest, TraversalsAndIndexes) {
  EvalContext ctx = Ctx();
  EXPECT_EQ(Eval("local.list[1]", ctx).AsNumber(), 2);
  EXPECT_EQ(Eval(R"(local.list["2"])", ctx).AsNumber(), 3);
  EXPECT_EQ(Eval("local.list.0", ctx).AsNumber(), 1);  // legacy index syntax
  EXPECT_EQ(Eval(R"(local.map["y"])", ctx).AsNumber(), 2);
  EXPECT_EQ(Eval("local.nested.a.b.c", ctx).AsString(), "deep");
  EXPECT_EQ(Eval(R"(local["nested"]["a"].b["c"])", ctx).AsString(), "deep");
  EXPECT_EQ(Eval("local.users[1].tags[0]", ctx).AsString(), "t2");
  EXPECT_EQ(Eval("[[1, 2], [3, 4]].1.0", ctx).AsNumber(), 3);
  EXPECT_EQ(Eval("{a = {b = 5}}.a.b").AsNumber(), 5);
}

TEST(EvaluatorTest, Splats) {
  EvalContext ctx = Ctx();
  EXPECT_EQ(EvalJson("local.users[*].name", ctx), R"(["ann","bob"])");
  EXPECT_EQ(EvalJson("local.users.*.name", ctx), R"(["ann","bob"])");
  EXPECT_EQ(EvalJson("local.users[*].tags[0]", ctx), R"(["t1","t2"])");
  EXPECT_EQ(EvalJson("local.users.*.tags[0]", ctx), R"(["t1"])");  // attr splat ends before [0]
  EXPECT_EQ(EvalJson("length(local.users[*])", ctx), "2");
  EXPECT_EQ(EvalJson("local.one[*].name", ctx), R"(["solo"])");
  EXPECT_EQ(EvalJson("local.nothing[*].name", ctx), "[]");
}

TEST(EvaluatorTest, ForExpressions) {
  EvalContext ctx = Ctx();
  EXPECT_EQ(EvalJson("[for x in local.list : x * 2]", ctx), "[2,4,6]");
  EXPECT_EQ(EvalJson("[for i, x in local.names : \"${i}:${x}\"]", ctx), R"(["0:a","1:b"])");
  EXPECT_EQ(EvalJson("[for x in local.list : x if x != 2]", ctx), "[1,3]");
  EXPECT_EQ(EvalJson("{for k, v in local.map : v => k}", ctx), R"({"1":"x","2":"y"})");
  EXPECT_EQ(EvalJson("{for u in local.users : u.name => length(u.tags)}", ctx),
            R"({"ann":1,"bob":2})");
  EXPECT_EQ(EvalJson("[for v in local.map : v]", ctx), "[1,2]");
  EXPECT_EQ(EvalJson("{for x in [\"a\", \"b\", \"a\"] : x => x...}"),
            R"({"a":["a","a"],"b":["b"]})");
  EXPECT_EQ(EvalJson("[\n for x in [1, 2] :\n x\n ]"), "[1,2]");
  EXPECT_EQ(EvalJson("[for x in [1, 2] : [for y in [10, 20] : x * y]]"), "[[10,20],[20,40]]");
}

TEST(EvaluatorTest, FunctionCallsAndExpansion) {
  EXPECT_EQ(EvalJson("max(1, 5, 3)"), "5");
  EXPECT_EQ(EvalJson("max([1, 5, 3]...)"), "5");
  EXPECT_EQ(EvalJson("concat([1], [[2], [3]]...)"), "[1,2,3]");
  EXPECT_EQ(EvalJson("upper(\n\"x\"\n)"), R"("X")");
}

TEST(EvaluatorTest, TryAndCan) {
  EvalContext ctx = Ctx();
  EXPECT_EQ(EvalJson("try(local.nothing.x, local.missing, \"fallback\")", ctx), R"("fallback")");
  EXPECT_EQ(EvalJson("try(local.map.x, 0)", ctx), "1");
  EXPECT_EQ(EvalJson("try([for x in local.list : x.y], [])", ctx), "[]");
  EXPECT_TRUE(Eval("can(local.map.x)", ctx).AsBool());
  EXPECT_FALSE(Eval("can(local.map.z)", ctx).AsBool());
  EXPECT_FALSE(Eval("can(unknown_fn())", ctx).AsBool());
  // A failed try inside a for expression leaves the for variable intact.
  EXPECT_EQ(EvalJson("[for x in [1, 2] : try(x.y, x)]", ctx), "[1,2]");
  EXPECT_EQ(EvalError("try(local.nope)", ctx),
            "test.hcl:1:1: call to function \"try\" failed: no expression succeeded; last error: "
            "test.hcl:1:11: object has no attribute \"nope\"");
}

TEST(EvaluatorTest, ExtraFunctionsFromTheContext) {
  EvalContext ctx;
  ctx.functions["double"] = [](const EvalContext&,
                               const std::vector<Value>& args) -> Result<Value> {
    if (args.size() != 1 || !args[0].is_number()) return MakeHclError("needs one number");
    return Value(args[0].AsNumber() * 2);
  };
  EXPECT_EQ(Eval("double(21)", ctx).AsNumber(), 42);
  EXPECT_EQ(EvalError("double(\"x\")", ctx),
            "test.hcl:1:1: call to function \"double\" failed: needs one number");
}

TEST(EvaluatorTest, ErrorsCarryPositions) {
  EvalContext ctx = Ctx();
  EXPECT_EQ(EvalError("foo(1)"), "test.hcl:1:1: unknown function \"foo\"");
  EXPECT_EQ(EvalError("1 + var.x"), "test.hcl:1:5: unknown variable \"var\"");
  EXPECT_EQ(EvalError("local.map.z", ctx), "test.hcl:1:11: object has no attribute \"z\"");
  EXPECT_EQ(EvalError("local.nothing.z", ctx),
            "test.hcl:1:15: cannot get attribute \"z\" of a null value");
  EXPECT_EQ(EvalError("local.list.z", ctx),
            "test.hcl:1:12: cannot get attribute \"z\" of a tuple; use an index like [0] or a "
            "splat like [*]");
  EXPECT_EQ(EvalError("local.list[3]", ctx),
            "test.hcl:1:12: index 3 is out of range for a tuple of 3 elements");
  EXPECT_EQ(EvalError(R"(local.map["q"])", ctx),
            "test.hcl:1:11: object has no element with key \"q\"");
  EXPECT_EQ(EvalError("\"a\"[0]"), "test.hcl:1:5: cannot index a string value");
  EXPECT_EQ(EvalError(R"(1 + "x")"),
            "test.hcl:1:5: unsuitable value for + operator: a number is required, got \"x\"");
  EXPECT_EQ(EvalError("1 / 0"), "test.hcl:1:3: division by zero");
  EXPECT_EQ(EvalError("!1"), "test.hcl:1:2: the operand of ! must be a bool, got number");
  EXPECT_EQ(EvalError("null ? 1 : 2"), "test.hcl:1:1: the condition must be a bool, got null");
  EXPECT_EQ(EvalError("{for x in [1, 1] : x => x}"),
            "test.hcl:1:20: duplicate key \"1\" in for expression; add '...' after the value to "
            "group by key");
  EXPECT_EQ(EvalError("[for x in 1 : x]"), "test.hcl:1:11: cannot iterate over a number value");
  EXPECT_EQ(EvalError("{(null) = 1}"), "test.hcl:1:2: an object key must not be null");
  EXPECT_EQ(EvalError("max([1]...) + max(1...)"),
            "test.hcl:1:19: the argument before '...' must be a tuple, got number");
  EXPECT_EQ(EvalError("lower(\"a\", \"b\")"),
            "test.hcl:1:1: function \"lower\" expects 1 argument, got 2");
  EXPECT_EQ(EvalError("lookup({})"),
            "test.hcl:1:1: function \"lookup\" expects 2 to 3 arguments, got 1");
  EXPECT_EQ(EvalError("coalesce()"),
            "test.hcl:1:1: function \"coalesce\" expects at least 1 argument, got 0");
}

}  // namespace
}  // namespace sim::hcl
