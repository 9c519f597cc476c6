// Every built-in function, including the filesystem and Terragrunt ones.

#include "sim/hcl/functions.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "tests/sim/hcl/hcl_test_util.h"

namespace sim::hcl {
namespace {

namespace fs = std::filesystem;
using testing::Eval;
using testing::EvalError;
using testing::EvalJson;

TEST(FunctionsTest, CollectionFunctions) {
  EXPECT_EQ(EvalJson(R"(merge({a = 1, b = 2}, null, {b = 3, c = {d = 4}}))"),
            R"({"a":1,"b":3,"c":{"d":4}})");
  EXPECT_EQ(EvalJson("merge()"), "{}");
  EXPECT_EQ(EvalJson(R"(lookup({a = 1}, "a"))"), "1");
  EXPECT_EQ(EvalJson(R"(lookup({a = 1}, "b", "dflt"))"), R"("dflt")");
  EXPECT_EQ(EvalJson(R"(concat([1], [], ["a", [2]]))"), R"([1,"a",[2]])");
  EXPECT_EQ(EvalJson(R"(coalesce(null, "", "x", "y"))"), R"("x")");
  EXPECT_EQ(EvalJson("coalesce(null, 0)"), "0");
  EXPECT_EQ(EvalJson(R"(keys({b = 1, a = 2}))"), R"(["a","b"])");
  EXPECT_EQ(EvalJson(R"(values({b = 1, a = 2}))"), "[2,1]");
  EXPECT_EQ(EvalJson(R"(length("héllo"))"), "5");
  EXPECT_EQ(EvalJson("length([1, 2])"), "2");
  EXPECT_EQ(EvalJson("length({a = 1})"), "1");
  EXPECT_EQ(EvalJson(R"(contains(["a", "b"], "b"))"), "true");
  EXPECT_EQ(EvalJson(R"(contains(["a", "b"], "c"))"), "false");
  EXPECT_EQ(EvalJson(R"(index(["a", "b"], "b"))"), "1");
  EXPECT_EQ(EvalJson(R"(element(["a", "b", "c"], 1))"), R"("b")");
  EXPECT_EQ(EvalJson(R"(element(["a", "b", "c"], 4))"), R"("b")");  // wraps around
  EXPECT_EQ(EvalJson("flatten([1, [2, [3, [4]]], []])"), "[1,2,3,4]");
  EXPECT_EQ(EvalJson(R"(distinct(["b", "a", "b", 1, 1]))"), R"(["b","a",1])");
  EXPECT_EQ(EvalJson(R"(compact(["a", "", null, "b"]))"), R"(["a","b"])");
  EXPECT_EQ(EvalJson("reverse([1, 2, 3])"), "[3,2,1]");
  EXPECT_EQ(EvalJson("slice([1, 2, 3, 4], 1, 3)"), "[2,3]");
  EXPECT_EQ(EvalJson(R"(sort(["b", "c", "a"]))"), R"(["a","b","c"])");
  EXPECT_EQ(EvalJson("range(3)"), "[0,1,2]");
  EXPECT_EQ(EvalJson("range(1, 4)"), "[1,2,3]");
  EXPECT_EQ(EvalJson("range(5, 0, -2)"), "[5,3,1]");
  EXPECT_EQ(EvalJson(R"(zipmap(["a", "b"], [1, 2]))"), R"({"a":1,"b":2})");
  EXPECT_EQ(EvalJson("one([])"), "null");
  EXPECT_EQ(EvalJson("one([7])"), "7");
  EXPECT_EQ(EvalJson("alltrue([true, \"true\"])"), "true");
  EXPECT_EQ(EvalJson("alltrue([true, false])"), "false");
  EXPECT_EQ(EvalJson("anytrue([false, true])"), "true");
  EXPECT_EQ(EvalJson("anytrue([])"), "false");
  EXPECT_EQ(EvalJson("sum([1, 2.5])"), "3.5");
  EXPECT_EQ(EvalJson("min(3, 1, 2)"), "1");
  EXPECT_EQ(EvalJson("max(3, 1, 2)"), "3");
  EXPECT_EQ(EvalJson("abs(-2)"), "2");
  EXPECT_EQ(EvalJson("floor(1.7)"), "1");
  EXPECT_EQ(EvalJson("ceil(1.2)"), "2");
}

TEST(FunctionsTest, CollectionFunctionErrors) {
  EXPECT_EQ(EvalError(R"(merge({}, "x"))"),
            "test.hcl:1:1: call to function \"merge\" failed: argument 2 must be an object or "
            "map, got string");
  EXPECT_EQ(EvalError(R"(lookup({a = 1}, "b"))"),
            "test.hcl:1:1: call to function \"lookup\" failed: lookup failed to find key \"b\"");
  EXPECT_EQ(EvalError(R"(coalesce(null, ""))"),
            "test.hcl:1:1: call to function \"coalesce\" failed: no non-null, non-empty-string "
            "arguments");
  EXPECT_EQ(EvalError("element([], 0)"),
            "test.hcl:1:1: call to function \"element\" failed: cannot use element function with "
            "an empty list");
  EXPECT_EQ(EvalError("element([1], -1)"),
            "test.hcl:1:1: call to function \"element\" failed: cannot use element function with "
            "a negative index");
  EXPECT_EQ(EvalError("length(null)"),
            "test.hcl:1:1: call to function \"length\" failed: argument must be a string, list or "
            "object, got null");
  EXPECT_EQ(EvalError("one([1, 2])"),
            "test.hcl:1:1: call to function \"one\" failed: must be a list with at most one "
            "element");
  EXPECT_EQ(EvalError("slice([1], 1, 0)"),
            "test.hcl:1:1: call to function \"slice\" failed: the start index must not be greater "
            "than the end index");
  EXPECT_EQ(EvalError("index([1], 2)"),
            "test.hcl:1:1: call to function \"index\" failed: item not found");
  EXPECT_EQ(EvalError("range(0, 1, 0)"),
            "test.hcl:1:1: call to function \"range\" failed: step must not be zero");
  EXPECT_EQ(EvalError("sum([])"),
            "test.hcl:1:1: call to function \"sum\" failed: cannot sum an empty list");
  EXPECT_EQ(EvalError(R"(zipmap(["a"], []))"),
            "test.hcl:1:1: call to function \"zipmap\" failed: the keys and values lists must "
            "have the same length");
}

TEST(FunctionsTest, TypeConversions) {
  EXPECT_EQ(EvalJson("tostring(5)"), R"("5")");
  EXPECT_EQ(EvalJson("tostring(true)"), R"("true")");
  EXPECT_EQ(EvalJson("tostring(null)"), "null");
  EXPECT_EQ(EvalJson(R"(tonumber("42.5"))"), "42.5");
  EXPECT_EQ(EvalJson("tonumber(null)"), "null");
  EXPECT_EQ(EvalJson(R"(tobool("true"))"), "true");
  EXPECT_EQ(EvalJson("tolist([1, 2])"), "[1,2]");
  EXPECT_EQ(EvalJson(R"(toset(["b", "a", "b"]))"), R"(["a","b"])");
  EXPECT_EQ(EvalJson("toset([3, 1, 3])"), "[1,3]");
  EXPECT_EQ(EvalJson(R"(tomap({a = "x"}))"), R"({"a":"x"})");
  EXPECT_EQ(EvalError("tostring([1])"),
            "test.hcl:1:1: call to function \"tostring\" failed: cannot convert tuple to string");
  EXPECT_EQ(EvalError(R"(tonumber("abc"))"),
            "test.hcl:1:1: call to function \"tonumber\" failed: cannot convert \"abc\" to number");
  EXPECT_EQ(EvalError("tobool(1)"),
            "test.hcl:1:1: call to function \"tobool\" failed: cannot convert number to bool");
  EXPECT_EQ(EvalError("tolist({})"),
            "test.hcl:1:1: call to function \"tolist\" failed: argument 1 must be a list, got "
            "object");
  EXPECT_EQ(EvalError("tomap([])"),
            "test.hcl:1:1: call to function \"tomap\" failed: argument 1 must be an object or map, "
            "got tuple");
  EXPECT_EQ(
      EvalError("toset(1)"),
      "test.hcl:1:1: call to function \"toset\" failed: argument 1 must be a list, got number");
}

TEST(FunctionsTest, StringFunctions) {
  EXPECT_EQ(EvalJson(R"(lower("AbC"))"), R"("abc")");
  EXPECT_EQ(EvalJson(R"(upper("AbC"))"), R"("ABC")");
  EXPECT_EQ(EvalJson(R"(title("hello big-world"))"), R"("Hello Big-World")");
  EXPECT_EQ(EvalJson(R"(join("-", ["a", "b"], [1]))"), R"("a-b-1")");
  EXPECT_EQ(EvalJson(R"(join(",", []))"), R"("")");
  EXPECT_EQ(EvalJson(R"(split(",", "a,b,,c"))"), R"(["a","b","","c"])");
  EXPECT_EQ(EvalJson(R"(split(",", ""))"), R"([""])");
  EXPECT_EQ(EvalJson(R"(replace("a-b-c", "-", "_"))"), R"("a_b_c")");
  EXPECT_EQ(EvalJson(R"(replace("db-01-x", "/(\\d+)/", "<$1>"))"), R"("db-<01>-x")");
  // Go's ${1} group syntax; "$$" keeps HCL from reading it as an interpolation.
  EXPECT_EQ(EvalJson(R"(replace("ab12", "/([0-9])/", "<$${1}>"))"), R"("ab<1><2>")");
  EXPECT_EQ(EvalJson(R"(trimspace("  a b \n"))"), R"("a b")");
  EXPECT_EQ(EvalJson(R"(trim("?!hello?!", "!?"))"), R"("hello")");
  EXPECT_EQ(EvalJson(R"(trimprefix("helloworld", "hello"))"), R"("world")");
  EXPECT_EQ(EvalJson(R"(trimsuffix("helloworld", "world"))"), R"("hello")");
  EXPECT_EQ(EvalJson(R"(chomp("a\n\n"))"), R"("a")");
  EXPECT_EQ(EvalJson(R"(startswith("terragrunt", "terra"))"), "true");
  EXPECT_EQ(EvalJson(R"(startswith("terragrunt", "grunt"))"), "false");
  EXPECT_EQ(EvalJson(R"(endswith("terragrunt", "grunt"))"), "true");
  EXPECT_EQ(EvalJson(R"(strrev("héllo"))"), R"("olléh")");
  EXPECT_EQ(EvalJson(R"(substr("hello world", 1, 4))"), R"("ello")");
  EXPECT_EQ(EvalJson(R"(substr("hello world", -5, -1))"), R"("world")");
  EXPECT_EQ(EvalJson(R"(substr("héllo", 1, 2))"), R"("él")");
  EXPECT_EQ(EvalJson(R"(substr("abc", 5, 1))"), R"("")");
  EXPECT_TRUE(EvalError(R"(replace("a", "/(/", "b"))")
                  .starts_with("test.hcl:1:1: call to function \"replace\" failed: invalid "
                               "regular expression /(/: "));
  EXPECT_EQ(EvalError(R"(join(",", [null]))"),
            "test.hcl:1:1: call to function \"join\" failed: join needs lists of strings, got a "
            "null element");
}

TEST(FunctionsTest, Format) {
  EXPECT_EQ(Eval(R"(format("%s-%d", "db", 5))").AsString(), "db-5");
  EXPECT_EQ(Eval(R"(format("%q", "x\"y"))").AsString(), R"("x\"y")");
  EXPECT_EQ(Eval(R"(format("%v %v %v %v", "s", 1.5, true, [1]))").AsString(), "s 1.5 true [1]");
  EXPECT_EQ(Eval(R"(format("%#v", "s"))").AsString(), R"("s")");
  EXPECT_EQ(Eval(R"(format("100%%"))").AsString(), "100%");
  EXPECT_EQ(Eval(R"(format("[%5s][%-5s][%.2s]", "ab", "ab", "abc"))").AsString(),
            "[   ab][ab   ][ab]");
  EXPECT_EQ(Eval(R"(format("%03d|%+d|%5d", 7, 3, -42))").AsString(), "007|+3|  -42");
  EXPECT_EQ(Eval(R"(format("%x %X %o %b %#x", 255, 255, 8, 5, 255))").AsString(),
            "ff FF 10 101 0xff");
  EXPECT_EQ(Eval(R"(format("%.2f %e", 3.14159, 1500))").AsString(), "3.14 1.500000e+03");
  EXPECT_EQ(Eval(R"(format("%t", true))").AsString(), "true");
  EXPECT_EQ(Eval(R"(format("%[2]s %[1]s", "a", "b"))").AsString(), "b a");
  EXPECT_EQ(Eval(R"(format("%s", 12))").AsString(), "12");
  EXPECT_EQ(EvalError(R"(format("%s %s", "a"))"),
            "test.hcl:1:1: call to function \"format\" failed: not enough arguments for \"%s\": "
            "need 2, have 1");
  EXPECT_EQ(EvalError(R"(format("%s", "a", "b"))"),
            "test.hcl:1:1: call to function \"format\" failed: too many arguments; only 1 used by "
            "the format string");
  EXPECT_EQ(EvalError(R"(format("%d", 1.5))"),
            "test.hcl:1:1: call to function \"format\" failed: unsupported value for \"%d\" "
            "(argument 1): value has a fractional part");
  EXPECT_EQ(EvalError(R"(format("%s", null))"),
            "test.hcl:1:1: call to function \"format\" failed: unsupported value for \"%s\" "
            "(argument 1): null value cannot be formatted");
  EXPECT_EQ(EvalError(R"(format("%y", 1))"),
            "test.hcl:1:1: call to function \"format\" failed: unsupported format verb \"%y\"");
}

TEST(FunctionsTest, JsonFunctions) {
  EXPECT_EQ(EvalJson(R"(jsondecode("{\"a\": [1, 2.5, null, true], \"b\": \"x\"}"))"),
            R"({"a":[1,2.5,null,true],"b":"x"})");
  EXPECT_EQ(Eval(R"(jsonencode({b = [1, "x"], a = null}))").AsString(),
            R"({"a":null,"b":[1,"x"]})");
  EXPECT_EQ(EvalError(R"(jsondecode("{bad"))"),
            "test.hcl:1:1: call to function \"jsondecode\" failed: invalid JSON");
}

TEST(FunctionsTest, YamlDecodeResolvesScalarsLikeTerraform) {
  EvalContext ctx;
  ctx.variables["doc"] = Value(R"(
name: app
port: 5432
ratio: 0.5
big: 1_000
hex: 0x1F
enabled: yes
disabled: off
quoted_bool: "true"
quoted_num: '42'
nothing: ~
empty:
date: 2024-03-05
list: [a, 1, true]
nested:
  - k: v
base: &base
  x: 1
  y: 2
derived:
  <<: *base
  y: 3
)");
  EXPECT_EQ(EvalJson("yamldecode(doc)", ctx),
            R"({"base":{"x":1,"y":2},"big":1000,"date":"2024-03-05T00:00:00Z",)"
            R"("derived":{"x":1,"y":3},"disabled":false,"empty":null,"enabled":true,"hex":31,)"
            R"("list":["a",1,true],"name":"app","nested":[{"k":"v"}],"nothing":null,)"
            R"("port":5432,"quoted_bool":"true","quoted_num":"42","ratio":0.5})");
  EXPECT_EQ(EvalJson(R"(yamldecode(""))"), "null");
  EXPECT_EQ(EvalJson(R"(yamldecode("[0o17, -0b101, .5, 1., -2e2, 0x, 12ab, 2024-1-2, 2024-13]"))"),
            R"([15,-5,0.5,1,-200,"0x","12ab","2024-01-02T00:00:00Z","2024-13"])");
  EXPECT_EQ(EvalJson(R"(yamldecode("- !!str 12\n- !!int \"7\""))"), R"(["12",7])");
  EXPECT_TRUE(EvalError(R"(yamldecode("a: [1"))")
                  .starts_with("test.hcl:1:1: call to function \"yamldecode\" failed: invalid "
                               "YAML on line 1, column "));
  EXPECT_EQ(EvalError(R"(yamldecode("a: 1\n---\nb: 2"))"),
            "test.hcl:1:1: call to function \"yamldecode\" failed: YAML source holds more than one "
            "document");
}

// A scratch directory tree for the filesystem functions:
//   <root>/terragrunt.hcl, <root>/vars.yaml, <root>/env/common.yaml,
//   <root>/env/app/terragrunt.hcl, <root>/env/app/data.txt
class FilesystemFunctionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("sim_hcl_fn_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "env" / "app");
    Write(root_ / "terragrunt.hcl", "# root\n");
    Write(root_ / "vars.yaml", "region: eu-west-1\n");
    Write(root_ / "env" / "common.yaml", "tier: gold\n");
    Write(root_ / "env" / "app" / "terragrunt.hcl", "# child\n");
    Write(root_ / "env" / "app" / "data.txt", "hello\n");
    ctx_.file_dir = root_ / "env" / "app";
    ctx_.terragrunt_dir = root_ / "env" / "app";
  }
  void TearDown() override { fs::remove_all(root_); }

  static void Write(const fs::path& path, const std::string& content) {
    std::ofstream(path) << content;
  }
  std::string Root() const { return root_.generic_string(); }

  fs::path root_;
  EvalContext ctx_;
};

TEST_F(FilesystemFunctionsTest, FindInParentFoldersStartsAboveTheModule) {
  // The module's own terragrunt.hcl is skipped: the search starts in the parent.
  EXPECT_EQ(Eval("find_in_parent_folders()", ctx_).AsString(), Root() + "/terragrunt.hcl");
  EXPECT_EQ(Eval(R"(find_in_parent_folders("vars.yaml"))", ctx_).AsString(), Root() + "/vars.yaml");
  EXPECT_EQ(Eval(R"(find_in_parent_folders("common.yaml"))", ctx_).AsString(),
            Root() + "/env/common.yaml");
  EXPECT_EQ(Eval(R"(find_in_parent_folders("env/common.yaml"))", ctx_).AsString(),
            Root() + "/env/common.yaml");
  EXPECT_EQ(Eval(R"(find_in_parent_folders("data.txt", "none"))", ctx_).AsString(), "none");
  EXPECT_EQ(EvalError(R"(find_in_parent_folders("nope.hcl"))", ctx_),
            "test.hcl:1:1: call to function \"find_in_parent_folders\" failed: could not find a "
            "nope.hcl in any of the parent folders of " +
                Root() + "/env/app");
}

TEST_F(FilesystemFunctionsTest, FileReadsRelativeToTheFileDirectory) {
  EXPECT_EQ(Eval(R"(file("data.txt"))", ctx_).AsString(), "hello\n");
  EXPECT_EQ(Eval(R"(file("../common.yaml"))", ctx_).AsString(), "tier: gold\n");
  EXPECT_EQ(Eval("yamldecode(file(find_in_parent_folders(\"vars.yaml\"))).region", ctx_).AsString(),
            "eu-west-1");
  EXPECT_TRUE(Eval(R"(fileexists("data.txt"))", ctx_).AsBool());
  EXPECT_FALSE(Eval(R"(fileexists("missing.txt"))", ctx_).AsBool());
  EXPECT_EQ(EvalError(R"(file("missing.txt"))", ctx_),
            "test.hcl:1:1: call to function \"file\" failed: no file exists at \"missing.txt\"");
}

TEST_F(FilesystemFunctionsTest, TerragruntDirectoryFunctions) {
  EXPECT_EQ(Eval("get_terragrunt_dir()", ctx_).AsString(), Root() + "/env/app");
  // Without an include, the parent dir is the module's and the relative path ".".
  EXPECT_EQ(Eval("get_parent_terragrunt_dir()", ctx_).AsString(), Root() + "/env/app");
  EXPECT_EQ(Eval("path_relative_to_include()", ctx_).AsString(), ".");
  EXPECT_EQ(Eval("path_relative_from_include()", ctx_).AsString(), ".");

  ctx_.includes.push_back(IncludeInfo{"root", root_ / "terragrunt.hcl"});
  ctx_.includes.push_back(IncludeInfo{"env", root_ / "env" / "env.hcl"});
  EXPECT_EQ(Eval("get_parent_terragrunt_dir()", ctx_).AsString(), Root());
  EXPECT_EQ(Eval(R"(get_parent_terragrunt_dir("env"))", ctx_).AsString(), Root() + "/env");
  EXPECT_EQ(Eval("path_relative_to_include()", ctx_).AsString(), "env/app");
  EXPECT_EQ(Eval(R"(path_relative_to_include("env"))", ctx_).AsString(), "app");
  EXPECT_EQ(Eval("path_relative_from_include()", ctx_).AsString(), "../..");
  ctx_.current_include = 1;  // evaluating env.hcl on behalf of the module
  EXPECT_EQ(Eval("path_relative_to_include()", ctx_).AsString(), "app");
  EXPECT_EQ(EvalError(R"(path_relative_to_include("nope"))", ctx_),
            "test.hcl:1:1: call to function \"path_relative_to_include\" failed: no include block "
            "named \"nope\"");
}

TEST_F(FilesystemFunctionsTest, PathStringFunctions) {
  EXPECT_EQ(Eval(R"(basename("foo/bar/baz.txt"))").AsString(), "baz.txt");
  EXPECT_EQ(Eval(R"(basename("foo/bar/"))").AsString(), "bar");
  EXPECT_EQ(Eval(R"(basename(""))").AsString(), ".");
  EXPECT_EQ(Eval(R"(dirname("foo/bar/baz.txt"))").AsString(), "foo/bar");
  EXPECT_EQ(Eval(R"(dirname("foo"))").AsString(), ".");
  EXPECT_EQ(Eval(R"(dirname("/foo"))").AsString(), "/");
  EXPECT_EQ(Eval(R"(abspath("../x/./y"))", ctx_).AsString(), Root() + "/env/x/y");
  EXPECT_EQ(Eval(R"(abspath("/a/b/../c"))", ctx_).AsString(), "/a/c");
  EXPECT_EQ(Eval("basename(get_terragrunt_dir())", ctx_).AsString(), "app");
}

TEST(FunctionsTest, GetEnvUsesTheContextGetterOnly) {
  EvalContext ctx;
  ctx.get_env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "SIM_REGION") return "us-east-2";
    return std::nullopt;
  };
  EXPECT_EQ(Eval(R"(get_env("SIM_REGION"))", ctx).AsString(), "us-east-2");
  EXPECT_EQ(Eval(R"(get_env("SIM_REGION", "dflt"))", ctx).AsString(), "us-east-2");
  EXPECT_EQ(Eval(R"(get_env("PATH", "dflt"))", ctx).AsString(), "dflt");  // not the real env
  EXPECT_EQ(EvalError(R"(get_env("PATH"))", ctx),
            "test.hcl:1:1: call to function \"get_env\" failed: environment variable \"PATH\" is "
            "not set");
  EXPECT_EQ(Eval(R"(get_env("HOME", "x"))").AsString(), "x");  // no getter: nothing is set
}

TEST(FunctionsTest, TerraformCommandLists) {
  EXPECT_TRUE(Eval(R"(contains(get_terraform_commands_that_need_vars(), "plan"))").AsBool());
  EXPECT_TRUE(Eval(R"(contains(get_terraform_commands_that_need_locking(), "apply"))").AsBool());
  EXPECT_TRUE(Eval(R"(contains(get_terraform_commands_that_need_input(), "init"))").AsBool());
  EXPECT_TRUE(Eval(R"(contains(get_terraform_commands_that_need_parallelism(), "plan"))").AsBool());
}

// Every registered name appears in one of the tests above; a function added
// without a test makes this fail.
TEST(FunctionsTest, EveryBuiltinIsCovered) {
  const std::set<std::string> tested = {"abs",
                                        "abspath",
                                        "alltrue",
                                        "anytrue",
                                        "basename",
                                        "can",
                                        "ceil",
                                        "chomp",
                                        "coalesce",
                                        "compact",
                                        "concat",
                                        "contains",
                                        "dirname",
                                        "distinct",
                                        "element",
                                        "endswith",
                                        "file",
                                        "fileexists",
                                        "find_in_parent_folders",
                                        "flatten",
                                        "floor",
                                        "format",
                                        "get_env",
                                        "get_parent_terragrunt_dir",
                                        "get_terraform_commands_that_need_input",
                                        "get_terraform_commands_that_need_locking",
                                        "get_terraform_commands_that_need_parallelism",
                                        "get_terraform_commands_that_need_vars",
                                        "get_terragrunt_dir",
                                        "index",
                                        "join",
                                        "jsondecode",
                                        "jsonencode",
                                        "keys",
                                        "length",
                                        "lookup",
                                        "lower",
                                        "max",
                                        "merge",
                                        "min",
                                        "one",
                                        "path_relative_from_include",
                                        "path_relative_to_include",
                                        "range",
                                        "replace",
                                        "reverse",
                                        "slice",
                                        "sort",
                                        "split",
                                        "startswith",
                                        "strrev",
                                        "substr",
                                        "sum",
                                        "title",
                                        "tobool",
                                        "tolist",
                                        "tomap",
                                        "tonumber",
                                        "toset",
                                        "tostring",
                                        "trim",
                                        "trimprefix",
                                        "trimspace",
                                        "trimsuffix",
                                        "try",
                                        "upper",
                                        "values",
                                        "yamldecode",
                                        "zipmap"};
  for (const std::string& name : BuiltinFunctionNames()) {
    EXPECT_TRUE(tested.count(name)) << name << " has no test";
  }
  for (const std::string& name : tested) {
    EXPECT_TRUE(name == "try" || name == "can" || FindBuiltinFunction(name) != nullptr) << name;
  }
}

}  // namespace
}  // namespace sim::hcl
