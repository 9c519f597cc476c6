#include "sim/hcl/value.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sim::hcl {
namespace {

TEST(ValueTest, KindsAndAccessors) {
  EXPECT_TRUE(Value().is_null());
  EXPECT_TRUE(Value(true).AsBool());
  EXPECT_EQ(Value(2.5).AsNumber(), 2.5);
  EXPECT_EQ(Value(3).AsNumber(), 3.0);
  EXPECT_EQ(Value("x").AsString(), "x");
  Value list(Value::List{Value(1), Value("a")});
  ASSERT_TRUE(list.is_list());
  EXPECT_EQ(list.AsList().size(), 2u);
  Value object(Value::Object{{"k", Value(1)}});
  ASSERT_TRUE(object.is_object());
  ASSERT_NE(object.Find("k"), nullptr);
  EXPECT_EQ(object.Find("missing"), nullptr);
  EXPECT_EQ(Value(1).Find("k"), nullptr);
  EXPECT_EQ(list.TypeName(), "tuple");
  EXPECT_EQ(object.TypeName(), "object");
}

TEST(ValueTest, EqualityIsDeepAndTyped) {
  EXPECT_EQ(Value(1), Value(1.0));
  EXPECT_NE(Value(1), Value("1"));
  EXPECT_NE(Value(), Value(false));
  EXPECT_EQ(Value(Value::List{Value("a"), Value::Object{{"b", Value(2)}}}),
            Value(Value::List{Value("a"), Value::Object{{"b", Value(2)}}}));
  EXPECT_NE(Value(Value::Object{{"b", Value(2)}}), Value(Value::Object{{"b", Value(3)}}));
}

TEST(ValueTest, JsonRoundTripKeepsIntegersIntegral) {
  nlohmann::json in = nlohmann::json::parse(
      R"({"a": 1, "b": 2.5, "c": [true, null, "s"], "d": {"e": -7}, "big": 12345678901})");
  Value v = Value::FromJson(in);
  EXPECT_EQ(v.Find("a")->AsNumber(), 1.0);
  nlohmann::json out = v.ToJson();
  EXPECT_EQ(out, in);
  EXPECT_TRUE(out["a"].is_number_integer());
  EXPECT_TRUE(out["b"].is_number_float());
  EXPECT_EQ(out.dump(), R"({"a":1,"b":2.5,"big":12345678901,"c":[true,null,"s"],"d":{"e":-7}})");
}

TEST(ValueTest, FormatNumberHasNoExponent) {
  EXPECT_EQ(FormatNumber(5), "5");
  EXPECT_EQ(FormatNumber(-0.0), "0");
  EXPECT_EQ(FormatNumber(0.1), "0.1");
  EXPECT_EQ(FormatNumber(-2.5), "-2.5");
  EXPECT_EQ(FormatNumber(1e20), "100000000000000000000");
  EXPECT_EQ(FormatNumber(1.5e-7), "0.00000015");
}

TEST(ValueTest, Conversions) {
  EXPECT_EQ(ConvertToString(Value(3)), "3");
  EXPECT_EQ(ConvertToString(Value(true)), "true");
  EXPECT_EQ(ConvertToString(Value()), std::nullopt);
  EXPECT_EQ(ConvertToString(Value::EmptyList()), std::nullopt);
  EXPECT_EQ(ConvertToNumber(Value("42")), 42.0);
  EXPECT_EQ(ConvertToNumber(Value("-1.5e2")), -150.0);
  EXPECT_EQ(ConvertToNumber(Value("+3")), 3.0);
  EXPECT_EQ(ConvertToNumber(Value("inf")), std::nullopt);
  EXPECT_EQ(ConvertToNumber(Value("12abc")), std::nullopt);
  EXPECT_EQ(ConvertToNumber(Value("")), std::nullopt);
  EXPECT_EQ(ConvertToBool(Value("true")), true);
  EXPECT_EQ(ConvertToBool(Value("false")), false);
  EXPECT_EQ(ConvertToBool(Value("yes")), std::nullopt);
  EXPECT_EQ(ConvertToBool(Value(1)), std::nullopt);
}

}  // namespace
}  // namespace sim::hcl
