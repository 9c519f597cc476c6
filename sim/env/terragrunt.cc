#include "sim/env/terragrunt.h"

#include <algorithm>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "sim/hcl/ast.h"
#include "sim/hcl/diagnostic.h"
#include "sim/hcl/evaluator.h"
#include "sim/hcl/parser.h"

namespace sim::env {
namespace {

namespace fs = std::filesystem;
using hcl::Value;

// Thrown inside this file only; the public functions (and the
// read_terragrunt_config function) turn it back into a Result.
struct Failure {
  Error error;
};

[[noreturn]] void Fail(const hcl::SourcePos& pos, const std::string& message) {
  throw Failure{hcl::MakeHclError(pos, message)};
}
[[noreturn]] void Fail(Error error) { throw Failure{std::move(error)}; }

template <class T>
T Unwrap(Result<T> result) {
  if (!result.ok()) Fail(result.error());
  return std::move(result).value();
}

fs::path Normalize(const fs::path& p) {
  fs::path out = fs::absolute(p).lexically_normal();
  if (!out.has_filename() && out != out.root_path()) out = out.parent_path();  // "a/b/" -> "a/b"
  return out;
}

fs::path Resolve(const fs::path& base, const std::string& p) {
  fs::path path(p);
  return Normalize(path.is_absolute() ? path : base / path);
}

void AddUnique(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

// Terragrunt's deep merge: objects merge recursively, lists concatenate,
// anything else is replaced by the overriding value.
Value DeepMerge(const Value& base, const Value& over) {
  if (base.is_object() && over.is_object()) {
    Value::Object out = base.AsObject();
    for (const auto& [key, value] : over.AsObject()) {
      auto it = out.find(key);
      out.insert_or_assign(key, it == out.end() ? value : DeepMerge(it->second, value));
    }
    return Value(std::move(out));
  }
  if (base.is_list() && over.is_list()) {
    Value::List out = base.AsList();
    out.insert(out.end(), over.AsList().begin(), over.AsList().end());
    return Value(std::move(out));
  }
  return over;
}

Value::Object ShallowMerge(Value::Object base, const Value::Object& over) {
  for (const auto& [key, value] : over) base.insert_or_assign(key, value);
  return base;
}

enum class MergeStrategy { kShallow, kDeep, kNoMerge };

// One evaluated configuration file.
struct Config {
  Value::Object locals;
  Value::Object inputs;
  Value::Object dependency;  // name -> {config_path, outputs, mock_outputs}
  Value::Object attributes;  // top-level attributes other than inputs
  std::vector<std::string> dependency_paths;
  std::optional<std::string> source;

  // The shape read_terragrunt_config() and include.<name> give.
  Value AsValue() const {
    Value::Object out = attributes;
    out.insert_or_assign("locals", Value(locals));
    out.insert_or_assign("inputs", Value(inputs));
    out.insert_or_assign("dependency", Value(dependency));
    Value::List paths(dependency_paths.begin(), dependency_paths.end());
    out.insert_or_assign("dependencies", Value(Value::Object{{"paths", Value(std::move(paths))}}));
    if (source) out.insert_or_assign("terraform", Value(Value::Object{{"source", Value(*source)}}));
    return Value(std::move(out));
  }
};

// On whose behalf a file is evaluated.
struct Role {
  fs::path module_dir = {};                     // get_terragrunt_dir()
  std::vector<hcl::IncludeInfo> includes = {};  // the module's includes (set for included files)
  int current_include = -1;
  bool included = false;  // an included (root) file evaluated for the module
};

struct Include {
  hcl::IncludeInfo info;
  bool expose = false;
  MergeStrategy strategy = MergeStrategy::kShallow;
  hcl::SourcePos pos;
  Config config;
};

class ConfigEvaluator {
 public:
  explicit ConfigEvaluator(const TerragruntOptions& options)
      : options_(options),
        display_root_(options.display_root.empty() ? fs::current_path()
                                                   : Normalize(options.display_root)) {}

  Config Evaluate(const fs::path& file, const Role& role) {
    if (std::find(stack_.begin(), stack_.end(), file) != stack_.end()) {
      std::string chain;
      for (const fs::path& f : stack_) chain += Display(f) + " -> ";
      Fail(hcl::MakeHclError(Display(file) + ": configuration files read each other in a cycle: " +
                             chain + Display(file)));
    }
    stack_.push_back(file);
    struct Pop {
      std::vector<fs::path>& stack;
      ~Pop() { stack.pop_back(); }
    } pop{stack_};

    hcl::File parsed = Unwrap(hcl::ParseConfigFile(file, Display(file)));
    const hcl::Body& body = parsed.body;
    hcl::EvalContext ctx = BaseContext(file, role);
    Config config;

    std::vector<Include> includes = ReadIncludes(body, role, ctx);
    ctx.includes = role.included ? role.includes : IncludeInfos(includes);
    Value::Object exposed;
    for (std::size_t i = 0; i < includes.size(); ++i) {
      Role included_role{role.module_dir, ctx.includes, static_cast<int>(i), true};
      std::error_code ec;
      if (!fs::is_regular_file(includes[i].info.config_path, ec)) {
        Fail(includes[i].pos,
             "included file " + Display(includes[i].info.config_path) + " does not exist");
      }
      includes[i].config = Evaluate(includes[i].info.config_path, included_role);
      if (includes[i].expose && !includes[i].info.name.empty()) {
        exposed.insert_or_assign(includes[i].info.name, includes[i].config.AsValue());
      }
    }
    if (!exposed.empty()) ctx.variables["include"] = Value(exposed);

    // The included files' dependency blocks come first; the module's own
    // override them by name.
    for (const Include& include : includes) {
      if (include.strategy == MergeStrategy::kNoMerge) continue;
      config.dependency = ShallowMerge(std::move(config.dependency), include.config.dependency);
    }
    EvaluateLocalsAndDependencies(body, role, ctx, config);
    ReadDependencyPaths(body, role, ctx, config.dependency_paths);

    for (const hcl::Block* block : body.BlocksOfType("terraform")) {
      if (const hcl::Attribute* source = block->body.FindAttribute("source")) {
        Value v = Eval(*source->expr, ctx);
        if (v.is_null()) continue;
        if (!v.is_string()) Fail(source->pos, "terraform source must be a string");
        config.source = v.AsString();
      }
    }

    for (const hcl::Attribute& attribute : body.attributes) {
      Value v = Eval(*attribute.expr, ctx);
      if (attribute.name != "inputs") {
        config.attributes.insert_or_assign(attribute.name, v);
        continue;
      }
      if (v.is_null()) continue;
      if (!v.is_object()) {
        Fail(attribute.pos, "inputs must be an object, got " + std::string(v.TypeName()));
      }
      config.inputs = v.AsObject();
    }

    MergeIncludes(includes, config);
    return config;
  }

  std::string Display(const fs::path& p) const {
    fs::path rel = p.lexically_relative(display_root_);
    if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
    return p.generic_string();
  }

 private:
  hcl::EvalContext BaseContext(const fs::path& file, const Role& role) {
    hcl::EvalContext ctx;
    ctx.file_dir = file.parent_path();
    ctx.terragrunt_dir = role.module_dir;
    ctx.includes = role.includes;
    ctx.current_include = role.current_include;
    ctx.get_env = options_.get_env;
    for (const auto& [name, fn] : options_.extra_functions) ctx.functions[name] = fn;
    ctx.functions["read_terragrunt_config"] = [this, module_dir = role.module_dir](
                                                  const hcl::EvalContext&,
                                                  const std::vector<Value>& args) {
      return ReadConfigFunction(module_dir, args);
    };
    return ctx;
  }

  // read_terragrunt_config(path[, default]): a relative path is relative to
  // the module directory; a directory means its terragrunt.hcl.
  Result<Value> ReadConfigFunction(const fs::path& module_dir, const std::vector<Value>& args) {
    if (args.empty() || args.size() > 2) {
      return hcl::MakeHclError("expects 1 or 2 arguments, got " + std::to_string(args.size()));
    }
    if (!args[0].is_string()) {
      return hcl::MakeHclError("argument 1 must be a string, got " +
                               std::string(args[0].TypeName()));
    }
    fs::path target = Resolve(module_dir, args[0].AsString());
    std::error_code ec;
    if (fs::is_directory(target, ec)) target /= "terragrunt.hcl";
    if (!fs::is_regular_file(target, ec)) {
      if (args.size() == 2) return args[1];
      return hcl::MakeHclError("terragrunt config " + Display(target) + " does not exist");
    }
    try {
      return Evaluate(target, Role{target.parent_path()}).AsValue();
    } catch (const Failure& failure) {
      return failure.error;
    }
  }

  Value Eval(const hcl::Expression& expr, const hcl::EvalContext& ctx) {
    return Unwrap(hcl::Evaluate(expr, ctx));
  }

  static std::vector<hcl::IncludeInfo> IncludeInfos(const std::vector<Include>& includes) {
    std::vector<hcl::IncludeInfo> out;
    for (const Include& include : includes) out.push_back(include.info);
    return out;
  }

  // Include blocks are read before locals exist, so only functions apply.
  std::vector<Include> ReadIncludes(const hcl::Body& body, const Role& role,
                                    const hcl::EvalContext& ctx) {
    std::vector<Include> out;
    std::set<std::string> names;
    for (const hcl::Block* block : body.BlocksOfType("include")) {
      if (role.included) {
        Fail(block->pos,
             "an included file cannot include another one; Terragrunt supports a "
             "single level of include");
      }
      if (block->labels.size() > 1) Fail(block->pos, "an include block takes at most one label");
      Include include;
      include.pos = block->pos;
      include.info.name = block->labels.empty() ? "" : block->labels[0];
      if (!names.insert(include.info.name).second) {
        Fail(block->pos, "include \"" + include.info.name + "\" is defined more than once");
      }
      const hcl::Attribute* path = block->body.FindAttribute("path");
      if (!path) Fail(block->pos, "an include block needs a \"path\" attribute");
      Value path_value = Eval(*path->expr, ctx);
      if (!path_value.is_string()) Fail(path->pos, "the include path must be a string");
      include.pos = path->pos;
      include.info.config_path = Resolve(role.module_dir, path_value.AsString());
      if (const hcl::Attribute* expose = block->body.FindAttribute("expose")) {
        std::optional<bool> b = hcl::ConvertToBool(Eval(*expose->expr, ctx));
        if (!b) Fail(expose->pos, "expose must be a bool");
        include.expose = *b;
      }
      if (const hcl::Attribute* strategy = block->body.FindAttribute("merge_strategy")) {
        Value v = Eval(*strategy->expr, ctx);
        std::string name = v.is_string() ? v.AsString() : "";
        if (name == "shallow") {
          include.strategy = MergeStrategy::kShallow;
        } else if (name == "deep") {
          include.strategy = MergeStrategy::kDeep;
        } else if (name == "no_merge") {
          include.strategy = MergeStrategy::kNoMerge;
        } else {
          Fail(strategy->pos, "merge_strategy must be \"shallow\", \"deep\" or \"no_merge\"");
        }
      }
      out.push_back(std::move(include));
    }
    return out;
  }

  // A local or a dependency block: what locals and dependency blocks can
  // reference, in any order (`local.a`, `dependency.vpc.outputs.id`).
  struct Node {
    std::string name;  // "local.a", "dependency.vpc"
    const hcl::Attribute* local = nullptr;
    const hcl::Block* dependency = nullptr;
    hcl::SourcePos pos;
  };

  static std::vector<hcl::Reference> NodeReferences(const Node& node) {
    if (node.local) return hcl::CollectReferences(*node.local->expr);
    std::vector<hcl::Reference> out;
    for (const hcl::Attribute& attribute : node.dependency->body.attributes) {
      for (hcl::Reference& ref : hcl::CollectReferences(*attribute.expr)) out.push_back(ref);
    }
    return out;
  }

  // Evaluates the module's locals and dependency blocks in the order their
  // references require; a cycle is an error. Fills config.locals, adds the
  // enabled dependency blocks to config.dependency (their outputs are their
  // mock_outputs: Terraform never runs) and their paths to dependency_paths.
  void EvaluateLocalsAndDependencies(const hcl::Body& body, const Role& role, hcl::EvalContext& ctx,
                                     Config& config) {
    std::vector<Node> nodes;
    std::map<std::string, std::size_t> index;
    for (const hcl::Block* block : body.BlocksOfType("locals")) {
      for (const hcl::Attribute& attribute : block->body.attributes) {
        if (!index.emplace("local." + attribute.name, nodes.size()).second) {
          Fail(attribute.pos, "local \"" + attribute.name + "\" is defined more than once");
        }
        nodes.push_back(Node{"local." + attribute.name, &attribute, nullptr, attribute.pos});
      }
    }
    for (const hcl::Block* block : body.BlocksOfType("dependency")) {
      if (block->labels.size() != 1) {
        Fail(block->pos, "a dependency block needs exactly one label, its name");
      }
      const std::string& name = block->labels[0];
      if (!index.emplace("dependency." + name, nodes.size()).second) {
        Fail(block->pos, "dependency \"" + name + "\" is defined more than once");
      }
      nodes.push_back(Node{"dependency." + name, nullptr, block, block->pos});
    }

    std::vector<std::vector<std::size_t>> edges(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      for (const hcl::Reference& ref : NodeReferences(nodes[i])) {
        if (ref.root != "local" && ref.root != "dependency") continue;
        if (ref.attribute.empty()) {  // `local` as a whole needs every local
          for (std::size_t j = 0; j < nodes.size(); ++j) {
            if (j != i && nodes[j].name.starts_with(ref.root + ".")) edges[i].push_back(j);
          }
        } else if (auto it = index.find(ref.root + "." + ref.attribute); it != index.end()) {
          edges[i].push_back(it->second);
        }
      }
    }

    std::vector<int> state(nodes.size(), 0);  // 0 new, 1 on the path, 2 done
    std::vector<std::size_t> path;
    std::vector<std::size_t> order;
    std::function<void(std::size_t)> visit = [&](std::size_t i) {
      if (state[i] == 2) return;
      if (state[i] == 1) {
        std::string chain;
        auto from = std::find(path.begin(), path.end(), i);
        for (auto it = from; it != path.end(); ++it) chain += nodes[*it].name + " -> ";
        Fail(nodes[path.back()].pos, "reference cycle: " + chain + nodes[i].name);
      }
      state[i] = 1;
      path.push_back(i);
      for (std::size_t d : edges[i]) visit(d);
      path.pop_back();
      state[i] = 2;
      order.push_back(i);
    };
    for (std::size_t i = 0; i < nodes.size(); ++i) visit(i);

    for (std::size_t i : order) {
      ctx.variables["local"] = Value(config.locals);
      ctx.variables["dependency"] = Value(config.dependency);
      const Node& node = nodes[i];
      if (node.local) {
        config.locals.insert_or_assign(node.local->name, Eval(*node.local->expr, ctx));
      } else {
        ReadDependency(*node.dependency, role, ctx, config);
      }
    }
    ctx.variables["local"] = Value(config.locals);
    ctx.variables["dependency"] = Value(config.dependency);
  }

  void ReadDependency(const hcl::Block& block, const Role& role, const hcl::EvalContext& ctx,
                      Config& config) {
    const std::string& name = block.labels[0];
    if (const hcl::Attribute* enabled = block.body.FindAttribute("enabled")) {
      if (hcl::ConvertToBool(Eval(*enabled->expr, ctx)) == false) return;
    }
    const hcl::Attribute* config_path = block.body.FindAttribute("config_path");
    if (!config_path) Fail(block.pos, "dependency \"" + name + "\" needs a config_path");
    Value path = Eval(*config_path->expr, ctx);
    if (!path.is_string()) Fail(config_path->pos, "config_path must be a string");
    AddUnique(config.dependency_paths, Resolve(role.module_dir, path.AsString()).generic_string());

    Value mock = Value::EmptyObject();
    if (const hcl::Attribute* mock_outputs = block.body.FindAttribute("mock_outputs")) {
      mock = Eval(*mock_outputs->expr, ctx);
      if (mock.is_null()) mock = Value::EmptyObject();
      if (!mock.is_object()) Fail(mock_outputs->pos, "mock_outputs must be an object");
    }
    config.dependency.insert_or_assign(
        name,
        Value(Value::Object{{"config_path", path}, {"mock_outputs", mock}, {"outputs", mock}}));
  }

  // dependencies { paths = [...] }: more directories the module waits for.
  void ReadDependencyPaths(const hcl::Body& body, const Role& role, const hcl::EvalContext& ctx,
                           std::vector<std::string>& paths) {
    for (const hcl::Block* block : body.BlocksOfType("dependencies")) {
      const hcl::Attribute* list = block->body.FindAttribute("paths");
      if (!list) continue;
      Value v = Eval(*list->expr, ctx);
      if (!v.is_list()) Fail(list->pos, "dependencies.paths must be a list of strings");
      for (const Value& item : v.AsList()) {
        if (!item.is_string()) Fail(list->pos, "dependencies.paths must be a list of strings");
        AddUnique(paths, Resolve(role.module_dir, item.AsString()).generic_string());
      }
    }
  }

  // What the included files contribute besides dependencies: inputs under
  // the module's, terraform.source and top-level attributes when the module
  // sets none, dependency paths after the module's.
  static void MergeIncludes(const std::vector<Include>& includes, Config& config) {
    Value merged_inputs = Value::EmptyObject();
    Value::Object attributes;
    std::optional<std::string> source;
    MergeStrategy last = MergeStrategy::kShallow;
    for (const Include& include : includes) {
      if (include.strategy == MergeStrategy::kNoMerge) continue;
      last = include.strategy;
      Value inputs(include.config.inputs);
      merged_inputs = include.strategy == MergeStrategy::kDeep
                          ? DeepMerge(merged_inputs, inputs)
                          : Value(ShallowMerge(merged_inputs.AsObject(), include.config.inputs));
      attributes = ShallowMerge(std::move(attributes), include.config.attributes);
      if (include.config.source) source = include.config.source;
      for (const std::string& path : include.config.dependency_paths) {
        AddUnique(config.dependency_paths, path);
      }
    }
    Value own(config.inputs);
    merged_inputs = last == MergeStrategy::kDeep
                        ? DeepMerge(merged_inputs, own)
                        : Value(ShallowMerge(merged_inputs.AsObject(), config.inputs));
    config.inputs = merged_inputs.AsObject();
    config.attributes = ShallowMerge(std::move(attributes), config.attributes);
    if (!config.source) config.source = source;
  }

  const TerragruntOptions& options_;
  fs::path display_root_;
  std::vector<fs::path> stack_;  // files being evaluated, innermost last
};

// Runs `fn` and turns Failures and filesystem exceptions into errors.
template <class T, class Fn>
Result<T> Guard(Fn fn) {
  try {
    return fn();
  } catch (const Failure& failure) {
    return failure.error;
  } catch (const std::exception& e) {
    return hcl::MakeHclError(e.what());
  }
}

}  // namespace

Result<TerragruntModule> EvaluateTerragrunt(const std::filesystem::path& hcl_file,
                                            const TerragruntOptions& options) {
  return Guard<TerragruntModule>([&] {
    fs::path file = Normalize(hcl_file);
    ConfigEvaluator evaluator(options);
    Config config = evaluator.Evaluate(file, Role{file.parent_path()});
    TerragruntModule module;
    module.dir = file.parent_path();
    module.name = module.dir.filename().string();
    module.source = config.source.value_or("");
    module.inputs = Value(config.inputs).ToJson();
    module.locals = Value(config.locals).ToJson();
    module.dependencies = config.dependency_paths;
    return module;
  });
}

Result<hcl::Value> ReadTerragruntConfig(const std::filesystem::path& hcl_file,
                                        const TerragruntOptions& options) {
  return Guard<hcl::Value>([&] {
    fs::path file = Normalize(hcl_file);
    ConfigEvaluator evaluator(options);
    return evaluator.Evaluate(file, Role{file.parent_path()}).AsValue();
  });
}

}  // namespace sim::env
