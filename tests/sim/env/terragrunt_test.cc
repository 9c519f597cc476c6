#include "sim/env/terragrunt.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace sim::env {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path FixtureDir() {
  return fs::path(__FILE__).parent_path() / "fixtures" / "environments" / "dev";
}

TerragruntOptions OptionsWithTeam(const std::string& team) {
  TerragruntOptions options;
  options.get_env = [team](const std::string& name) -> std::optional<std::string> {
    if (name == "SIM_TEAM") return team;
    return std::nullopt;
  };
  return options;
}

TEST(TerragruntFixtureTest, ModuleWithExposedIncludeDependencyAndReadConfig) {
  Result<TerragruntModule> module =
      EvaluateTerragrunt(FixtureDir() / "rds" / "terragrunt.hcl", OptionsWithTeam("payments"));
  ASSERT_TRUE(module.ok()) << module.error().message;
  const fs::path dev = fs::absolute(FixtureDir()).lexically_normal();
  EXPECT_EQ(module->name, "rds");
  EXPECT_EQ(module->dir, dev / "rds");
  EXPECT_EQ(module->source, "git::https://example.com/infra-modules.git//rds?ref=v2.1.0");
  EXPECT_EQ(module->inputs, json::parse(R"({
    "environment": "dev",
    "region": "eu-west-1",
    "team": "payments",
    "identifier": "shop-dev-postgres",
    "engine": "postgres",
    "engine_version": "15.4",
    "instance_class": "db.t3.micro",
    "allocated_storage": 20,
    "multi_az": false,
    "vpc_id": "vpc-00000000",
    "subnet_ids": ["subnet-a", "subnet-b"],
    "backup_retention_period": 7,
    "tags": {"Environment": "dev", "ManagedBy": "terragrunt", "Module": "rds",
             "Owner": "platform-team"},
    "password_secret": "dev/rds/SHOP-DEV-POSTGRES"
  })"));
  // The module's own locals only, never the root's.
  EXPECT_EQ(module->locals["identifier"], "shop-dev-postgres");
  EXPECT_EQ(module->locals["common"]["locals"]["read_from"], "dev");
  EXPECT_EQ(module->locals["common"]["locals"]["cost_center"], 1234);
  EXPECT_FALSE(module->locals.contains("env_vars"));
  EXPECT_EQ(module->dependencies, (std::vector<std::string>{(dev / "vpc").generic_string(),
                                                            (dev / "kms").generic_string()}));
}

TEST(TerragruntFixtureTest, RootInputsAreMergedUnderTheModules) {
  Result<TerragruntModule> module =
      EvaluateTerragrunt(FixtureDir() / "vpc" / "terragrunt.hcl", TerragruntOptions{});
  ASSERT_TRUE(module.ok()) << module.error().message;
  EXPECT_EQ(module->source, "git::https://example.com/infra-modules.git//vpc?ref=v1.4.0");
  EXPECT_EQ(module->inputs, json::parse(R"({
    "cidr_block": "10.0.0.0/16",
    "environment": "dev",
    "region": "eu-west-1",
    "team": "unknown",
    "tags": {"Environment": "dev", "ManagedBy": "terragrunt", "Module": "vpc"}
  })"));
  EXPECT_EQ(module->locals, json::object());
  EXPECT_TRUE(module->dependencies.empty());
}

TEST(TerragruntFixtureTest, LegacyUnnamedInclude) {
  Result<TerragruntModule> module =
      EvaluateTerragrunt(FixtureDir() / "kms" / "terragrunt.hcl", TerragruntOptions{});
  ASSERT_TRUE(module.ok()) << module.error().message;
  EXPECT_EQ(module->inputs["alias"], "alias/kms");
  EXPECT_EQ(module->inputs["environment"], "dev");
  EXPECT_EQ(module->inputs["tags"]["Module"], "kms");
}

TEST(TerragruntFixtureTest, ReadTerragruntConfigPublicApi) {
  Result<hcl::Value> common =
      ReadTerragruntConfig(FixtureDir() / "common.hcl", TerragruntOptions{});
  ASSERT_TRUE(common.ok()) << common.error().message;
  json j = common->ToJson();
  EXPECT_EQ(j["locals"]["owner"], "platform-team");
  EXPECT_EQ(j["inputs"]["backup_retention_period"], 7);
  EXPECT_EQ(j["dependencies"]["paths"], json::array());
  EXPECT_FALSE(j.contains("terraform"));
}

// Small trees written per test, for the error paths and less common features.
class TerragruntTreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("sim_tg_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    options_.display_root = root_;
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& relative, const std::string& content) {
    fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << content;
  }
  Result<TerragruntModule> Evaluate(const std::string& relative) {
    return EvaluateTerragrunt(root_ / relative, options_);
  }
  std::string Error(const std::string& relative) {
    Result<TerragruntModule> module = Evaluate(relative);
    EXPECT_FALSE(module.ok());
    if (module.ok()) return "";
    EXPECT_EQ(module.error().code, "HclError");
    return module.error().message;
  }

  fs::path root_;
  TerragruntOptions options_;
};

TEST_F(TerragruntTreeTest, SyntaxErrorsNameTheFileRelativeToTheDisplayRoot) {
  Write("dev/rds/terragrunt.hcl", "inputs = {\n  name = \"x\"\n}\nengine: \"postgres\"\n");
  EXPECT_EQ(Error("dev/rds/terragrunt.hcl"),
            "dev/rds/terragrunt.hcl:4:7: expected '=' or '{' after \"engine\"");
}

TEST_F(TerragruntTreeTest, ErrorsInTheIncludedFileNameThatFile) {
  Write("dev/terragrunt.hcl", "inputs = {\n  a = nope(1)\n}\n");
  Write("dev/app/terragrunt.hcl", "include \"root\" {\n  path = find_in_parent_folders()\n}\n");
  EXPECT_EQ(Error("dev/app/terragrunt.hcl"), "dev/terragrunt.hcl:2:7: unknown function \"nope\"");
}

TEST_F(TerragruntTreeTest, UnknownVariablesAndAttributes) {
  Write("a/terragrunt.hcl", "inputs = {\n  x = var.region\n}\n");
  EXPECT_EQ(Error("a/terragrunt.hcl"), "a/terragrunt.hcl:2:7: unknown variable \"var\"");
  Write("b/terragrunt.hcl", "locals {\n  a = 1\n}\ninputs = { x = local.b }\n");
  EXPECT_EQ(Error("b/terragrunt.hcl"), "b/terragrunt.hcl:4:22: object has no attribute \"b\"");
  // An include that is not exposed is not a variable.
  Write("c/terragrunt.hcl",
        "include \"root\" {\n  path = \"../root.hcl\"\n}\n"
        "inputs = { x = include.root.locals.a }\n");
  Write("root.hcl", "locals {\n  a = 1\n}\n");
  EXPECT_EQ(Error("c/terragrunt.hcl"), "c/terragrunt.hcl:4:16: unknown variable \"include\"");
}

TEST_F(TerragruntTreeTest, LocalsInAnyOrderAndTryOverMissingLocals) {
  Write("m/terragrunt.hcl", R"(
locals {
  c = "${local.b}-c"
  b = "${local.a}-b"
  a = "a"
  d = try(local.missing, "fallback")
  e = length(keys(local.f))
  f = { x = local.a }
}
inputs = { c = local.c, d = local.d, e = local.e }
)");
  Result<TerragruntModule> module = Evaluate("m/terragrunt.hcl");
  ASSERT_TRUE(module.ok()) << module.error().message;
  EXPECT_EQ(module->inputs, json::parse(R"({"c": "a-b-c", "d": "fallback", "e": 1})"));
}

TEST_F(TerragruntTreeTest, LocalCyclesAreErrors) {
  Write("m/terragrunt.hcl", "locals {\n  a = local.b\n  b = \"${local.c}\"\n  c = local.a\n}\n");
  EXPECT_EQ(Error("m/terragrunt.hcl"),
            "m/terragrunt.hcl:4:3: reference cycle: local.a -> local.b -> local.c -> local.a");
  Write("s/terragrunt.hcl", "locals {\n  self = local.self\n}\n");
  EXPECT_EQ(Error("s/terragrunt.hcl"),
            "s/terragrunt.hcl:2:3: reference cycle: local.self -> local.self");
  Write("d/terragrunt.hcl",
        "dependency \"vpc\" {\n  config_path = local.path\n}\n"
        "locals {\n  path = dependency.vpc.outputs.path\n}\n");
  EXPECT_EQ(Error("d/terragrunt.hcl"),
            "d/terragrunt.hcl:1:1: reference cycle: local.path -> dependency.vpc -> local.path");
}

// Locals may read dependency outputs and dependency blocks may read locals,
// in whatever order the blocks appear.
TEST_F(TerragruntTreeTest, LocalsAndDependenciesReferenceEachOther) {
  Write("app/terragrunt.hcl", R"(
locals {
  subnet    = dependency.vpc.outputs.subnets[0]
  vpc_dir   = "../${local.vpc_name}"
  vpc_name  = "vpc"
}
dependency "vpc" {
  config_path  = local.vpc_dir
  mock_outputs = { subnets = ["subnet-1", "subnet-2"], name = local.vpc_name }
}
inputs = { subnet = local.subnet, name = dependency.vpc.outputs.name }
)");
  Result<TerragruntModule> module = Evaluate("app/terragrunt.hcl");
  ASSERT_TRUE(module.ok()) << module.error().message;
  EXPECT_EQ(module->inputs, json::parse(R"({"subnet": "subnet-1", "name": "vpc"})"));
  EXPECT_EQ(module->locals["subnet"], "subnet-1");
  EXPECT_EQ(module->dependencies, std::vector<std::string>{(root_ / "vpc").generic_string()});
}

TEST_F(TerragruntTreeTest, DuplicateLocalsAcrossBlocks) {
  Write("m/terragrunt.hcl", "locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\n");
  EXPECT_EQ(Error("m/terragrunt.hcl"),
            "m/terragrunt.hcl:5:3: local \"a\" is defined more than once");
}

TEST_F(TerragruntTreeTest, IncludeErrors) {
  Write("m/terragrunt.hcl", "include \"root\" {\n  path = \"../missing.hcl\"\n}\n");
  EXPECT_EQ(Error("m/terragrunt.hcl"),
            "m/terragrunt.hcl:2:3: included file missing.hcl does not exist");
  Write("n/terragrunt.hcl", "include \"root\" {\n  expose = true\n}\n");
  EXPECT_EQ(Error("n/terragrunt.hcl"),
            "n/terragrunt.hcl:1:1: an include block needs a \"path\" attribute");
  Write("mid.hcl", "include \"top\" {\n  path = \"top.hcl\"\n}\n");
  Write("o/terragrunt.hcl", "include \"mid\" {\n  path = \"../mid.hcl\"\n}\n");
  EXPECT_EQ(Error("o/terragrunt.hcl"),
            "mid.hcl:1:1: an included file cannot include another one; Terragrunt supports a "
            "single level of include");
  Write("p/terragrunt.hcl", "include \"root\" {\n  path = find_in_parent_folders()\n}\n");
  EXPECT_EQ(Error("p/terragrunt.hcl"),
            "p/terragrunt.hcl:2:10: call to function \"find_in_parent_folders\" failed: could not "
            "find a terragrunt.hcl in any of the parent folders of " +
                (root_ / "p").generic_string());
}

TEST_F(TerragruntTreeTest, MergeStrategies) {
  Write("root.hcl", R"(
inputs = {
  tags  = { a = "1", b = "2" }
  list  = [1]
  only_root = true
}
terraform {
  source = "root-source"
}
)");
  Write("shallow/terragrunt.hcl", R"(
include "root" {
  path = "../root.hcl"
}
inputs = {
  tags = { b = "3" }
  list = [2]
}
)");
  Write("deep/terragrunt.hcl", R"(
include "root" {
  path           = "../root.hcl"
  merge_strategy = "deep"
}
inputs = {
  tags = { b = "3" }
  list = [2]
}
)");
  Write("none/terragrunt.hcl", R"(
include "root" {
  path           = "../root.hcl"
  merge_strategy = "no_merge"
}
inputs = { x = 1 }
)");
  Result<TerragruntModule> shallow = Evaluate("shallow/terragrunt.hcl");
  ASSERT_TRUE(shallow.ok()) << shallow.error().message;
  EXPECT_EQ(shallow->inputs,
            json::parse(R"({"tags": {"b": "3"}, "list": [2], "only_root": true})"));
  EXPECT_EQ(shallow->source, "root-source");  // the module sets none

  Result<TerragruntModule> deep = Evaluate("deep/terragrunt.hcl");
  ASSERT_TRUE(deep.ok()) << deep.error().message;
  EXPECT_EQ(deep->inputs,
            json::parse(R"({"tags": {"a": "1", "b": "3"}, "list": [1, 2], "only_root": true})"));

  Result<TerragruntModule> none = Evaluate("none/terragrunt.hcl");
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_EQ(none->inputs, json::parse(R"({"x": 1})"));
  EXPECT_EQ(none->source, "");

  Write("bad/terragrunt.hcl",
        "include \"root\" {\n  path = \"../root.hcl\"\n  merge_strategy = \"x\"\n}\n");
  EXPECT_EQ(Error("bad/terragrunt.hcl"),
            "bad/terragrunt.hcl:3:3: merge_strategy must be \"shallow\", \"deep\" or \"no_merge\"");
}

TEST_F(TerragruntTreeTest, DependenciesFromTheRootAndWithoutMockOutputs) {
  Write("root.hcl", R"(
dependency "kms" {
  config_path = "${get_terragrunt_dir()}/../kms"
  mock_outputs = { key_arn = "arn:aws:kms:eu-west-1:000000000000:key/mock" }
}
)");
  Write("app/terragrunt.hcl", R"(
include "root" {
  path = "../root.hcl"
}
dependency "vpc" {
  config_path = "../vpc"
}
dependency "disabled" {
  config_path = "../never"
  enabled     = false
}
inputs = {
  key = dependency.kms.outputs.key_arn
  vpc_outputs = dependency.vpc.outputs
}
)");
  Result<TerragruntModule> module = Evaluate("app/terragrunt.hcl");
  ASSERT_TRUE(module.ok()) << module.error().message;
  EXPECT_EQ(module->inputs["key"], "arn:aws:kms:eu-west-1:000000000000:key/mock");
  EXPECT_EQ(module->inputs["vpc_outputs"], json::object());
  EXPECT_EQ(module->dependencies, (std::vector<std::string>{(root_ / "vpc").generic_string(),
                                                            (root_ / "kms").generic_string()}));

  Write("b/terragrunt.hcl",
        "dependency \"vpc\" {\n  config_path = \"../vpc\"\n}\n"
        "inputs = { id = dependency.vpc.outputs.vpc_id }\n");
  EXPECT_EQ(Error("b/terragrunt.hcl"), "b/terragrunt.hcl:4:40: object has no attribute \"vpc_id\"");
  Write("c/terragrunt.hcl", "dependency {\n  config_path = \"../vpc\"\n}\n");
  EXPECT_EQ(Error("c/terragrunt.hcl"),
            "c/terragrunt.hcl:1:1: a dependency block needs exactly one label, its name");
}

TEST_F(TerragruntTreeTest, ReadTerragruntConfigDefaultsAndCycles) {
  Write("m/terragrunt.hcl", R"(
locals {
  missing = read_terragrunt_config("nope.hcl", { locals = { a = "default" } })
  dir     = read_terragrunt_config("../other")
}
inputs = { a = local.missing.locals.a, b = local.dir.inputs.b, src = local.dir.terraform.source }
)");
  Write("other/terragrunt.hcl", "terraform {\n  source = \"s\"\n}\ninputs = { b = 2 }\n");
  Result<TerragruntModule> module = Evaluate("m/terragrunt.hcl");
  ASSERT_TRUE(module.ok()) << module.error().message;
  EXPECT_EQ(module->inputs, json::parse(R"({"a": "default", "b": 2, "src": "s"})"));

  Write("x/terragrunt.hcl", "locals {\n  y = read_terragrunt_config(\"../y/terragrunt.hcl\")\n}\n");
  Write("y/terragrunt.hcl", "locals {\n  x = read_terragrunt_config(\"../x/terragrunt.hcl\")\n}\n");
  std::string error = Error("x/terragrunt.hcl");
  EXPECT_NE(error.find("configuration files read each other in a cycle: x/terragrunt.hcl -> "
                       "y/terragrunt.hcl -> x/terragrunt.hcl"),
            std::string::npos)
      << error;
  EXPECT_TRUE(
      error.starts_with("x/terragrunt.hcl:2:7: call to function \"read_terragrunt_config\" "
                        "failed: y/terragrunt.hcl:2:7: call to function"))
      << error;
}

TEST_F(TerragruntTreeTest, InputsMustBeAnObjectAndRemoteStateIsNotEvaluated) {
  Write("m/terragrunt.hcl", "remote_state {\n  backend = unknown_fn()\n}\ninputs = [1]\n");
  EXPECT_EQ(Error("m/terragrunt.hcl"), "m/terragrunt.hcl:4:1: inputs must be an object, got tuple");
}

TEST_F(TerragruntTreeTest, ExtraFunctionsAndEnvironment) {
  options_.extra_functions["get_aws_account_id"] =
      [](const hcl::EvalContext&, const std::vector<hcl::Value>&) -> Result<hcl::Value> {
    return hcl::Value("000000000000");
  };
  options_.get_env = [](const std::string& name) -> std::optional<std::string> {
    return name == "STAGE" ? std::optional<std::string>("qa") : std::nullopt;
  };
  Write("m/terragrunt.hcl",
        "inputs = {\n  account = get_aws_account_id()\n  stage = get_env(\"STAGE\")\n}\n");
  Result<TerragruntModule> module = Evaluate("m/terragrunt.hcl");
  ASSERT_TRUE(module.ok()) << module.error().message;
  EXPECT_EQ(module->inputs, json::parse(R"({"account": "000000000000", "stage": "qa"})"));
}

}  // namespace
}  // namespace sim::env
