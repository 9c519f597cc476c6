// Filesystem, path and Terragrunt context functions. Everything they know
// about "where" comes from the EvalContext; get_env() reads through its
// EnvGetter, never the process environment.

#include <fstream>
#include <sstream>

#include "sim/hcl/functions_internal.h"

namespace sim::hcl::internal {
namespace {

using Args = std::vector<Value>;
namespace fs = std::filesystem;

constexpr int kMaxFoldersToCheck = 100;  // as Terragrunt, against symlink loops

std::string PathString(const fs::path& p) {
  std::string s = p.lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s.empty() ? "." : s;
}

fs::path Resolve(const fs::path& base, const std::string& p) {
  fs::path path(p);
  return (path.is_absolute() ? path : base / path).lexically_normal();
}

fs::path TerragruntDir(const EvalContext& ctx) {
  return ctx.terragrunt_dir.empty() ? ctx.file_dir : ctx.terragrunt_dir;
}

// The include a path function refers to: the one named by the optional
// argument, else the include being evaluated, else the first. nullptr when
// the module has no include.
const IncludeInfo* SelectInclude(const EvalContext& ctx, const Args& args) {
  if (!args.empty()) {
    std::string name = StringArg(args, 0);
    for (const IncludeInfo& include : ctx.includes) {
      if (include.name == name) return &include;
    }
    ThrowFunctionError("no include block named \"" + name + "\"");
  }
  if (ctx.current_include >= 0 && ctx.current_include < static_cast<int>(ctx.includes.size())) {
    return &ctx.includes[static_cast<std::size_t>(ctx.current_include)];
  }
  return ctx.includes.empty() ? nullptr : &ctx.includes.front();
}

// Go's filepath.Base / filepath.Dir, which Terraform's basename/dirname use.
std::string Basename(std::string p) {
  if (p.empty()) return ".";
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (p == "/") return "/";
  std::size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::string Dirname(const std::string& p) {
  std::size_t slash = p.rfind('/');
  if (slash == std::string::npos) return ".";
  std::string dir = p.substr(0, slash + 1);
  return PathString(fs::path(dir));
}

Value Strings(std::initializer_list<const char*> items) {
  Value::List out;
  for (const char* item : items) out.push_back(Value(item));
  return Value(std::move(out));
}

}  // namespace

void AddPathFunctions(FunctionTable& t) {
  // find_in_parent_folders(name = "terragrunt.hcl", fallback): the first
  // match in the parent folders of the module directory (never the module
  // directory itself), as an absolute path.
  Register(t, "find_in_parent_folders", 0, 2, [](const EvalContext& ctx, const Args& args) {
    std::string name = args.empty() ? "terragrunt.hcl" : StringArg(args, 0);
    if (name.empty()) ThrowFunctionError("the file name must not be empty");
    fs::path dir = TerragruntDir(ctx).lexically_normal();
    for (int i = 0; i < kMaxFoldersToCheck; ++i) {
      fs::path parent = dir.parent_path();
      if (parent == dir || parent.empty()) break;
      fs::path candidate = parent / name;
      std::error_code ec;
      if (fs::exists(candidate, ec)) return Value(PathString(candidate));
      dir = parent;
    }
    if (args.size() == 2) return args[1];
    ThrowFunctionError("could not find a " + name + " in any of the parent folders of " +
                       PathString(TerragruntDir(ctx)));
  });
  Register(t, "file", 1, 1, [](const EvalContext& ctx, const Args& args) {
    std::string given = StringArg(args, 0);
    fs::path path = Resolve(ctx.file_dir, given);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) ThrowFunctionError("no file exists at \"" + given + "\"");
    std::ifstream in(path, std::ios::binary);
    if (!in) ThrowFunctionError("cannot read \"" + given + "\"");
    std::stringstream content;
    content << in.rdbuf();
    return Value(content.str());
  });
  Register(t, "fileexists", 1, 1, [](const EvalContext& ctx, const Args& args) {
    std::error_code ec;
    return Value(fs::is_regular_file(Resolve(ctx.file_dir, StringArg(args, 0)), ec));
  });
  Register(t, "get_env", 1, 2, [](const EvalContext& ctx, const Args& args) {
    std::string name = StringArg(args, 0);
    std::optional<std::string> value = ctx.get_env ? ctx.get_env(name) : std::nullopt;
    if (value) return Value(*value);
    if (args.size() == 2) return Value(StringArg(args, 1));
    ThrowFunctionError("environment variable \"" + name + "\" is not set");
  });
  Register(t, "get_terragrunt_dir", 0, 0, [](const EvalContext& ctx, const Args&) {
    return Value(PathString(TerragruntDir(ctx)));
  });
  // Directory of the included (parent) file; the module's own directory when
  // it has no include.
  Register(t, "get_parent_terragrunt_dir", 0, 1, [](const EvalContext& ctx, const Args& args) {
    const IncludeInfo* include = SelectInclude(ctx, args);
    return Value(PathString(include ? include->config_path.parent_path() : TerragruntDir(ctx)));
  });
  // Path from the included file's directory to the module: "dev/rds".
  Register(t, "path_relative_to_include", 0, 1, [](const EvalContext& ctx, const Args& args) {
    const IncludeInfo* include = SelectInclude(ctx, args);
    if (!include) return Value(".");
    fs::path rel = TerragruntDir(ctx).lexically_normal().lexically_relative(
        include->config_path.parent_path().lexically_normal());
    return Value(PathString(rel));
  });
  // Path from the module back to the included file's directory: "../..".
  Register(t, "path_relative_from_include", 0, 1, [](const EvalContext& ctx, const Args& args) {
    const IncludeInfo* include = SelectInclude(ctx, args);
    if (!include) return Value(".");
    fs::path rel = include->config_path.parent_path().lexically_normal().lexically_relative(
        TerragruntDir(ctx).lexically_normal());
    return Value(PathString(rel));
  });
  Register(t, "basename", 1, 1, [](const EvalContext&, const Args& args) {
    return Value(Basename(StringArg(args, 0)));
  });
  Register(t, "dirname", 1, 1,
           [](const EvalContext&, const Args& args) { return Value(Dirname(StringArg(args, 0))); });
  // Relative paths resolve against the module directory, where Terragrunt
  // runs Terraform.
  Register(t, "abspath", 1, 1, [](const EvalContext& ctx, const Args& args) {
    return Value(PathString(Resolve(TerragruntDir(ctx), StringArg(args, 0))));
  });
  Register(t, "get_terraform_commands_that_need_vars", 0, 0, [](const EvalContext&, const Args&) {
    return Strings({"apply", "console", "destroy", "import", "plan", "push", "refresh"});
  });
  Register(t, "get_terraform_commands_that_need_locking", 0, 0,
           [](const EvalContext&, const Args&) {
             return Strings({"apply", "destroy", "import", "plan", "refresh", "taint", "untaint"});
           });
  Register(t, "get_terraform_commands_that_need_input", 0, 0, [](const EvalContext&, const Args&) {
    return Strings({"apply", "import", "init", "plan", "refresh"});
  });
  Register(t, "get_terraform_commands_that_need_parallelism", 0, 0,
           [](const EvalContext&, const Args&) {
             return Strings({"apply", "plan", "destroy"});
           });
}

}  // namespace sim::hcl::internal
