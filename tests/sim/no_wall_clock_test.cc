// Time in the sim comes only from sim::Clock, so drills on a SimClock replay
// exactly. This test scans the production sources for direct wall-clock reads
// and real sleeps. Exempt: the clock's own files (clock.h / clock.cc) and
// socket idle timeouts (paths containing "socket_timeout"), which are about
// real network peers rather than simulated behaviour.

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#ifndef SIM_SOURCE_DIR
#error "SIM_SOURCE_DIR must name the repository root"
#endif

namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 10> kForbidden = {
    "system_clock::now", "steady_clock::now", "high_resolution_clock::now", "std::time(",
    "time(nullptr)", "gettimeofday", "clock_gettime", "sleep_for", "sleep_until",
    // A bare "time(NULL)" is the same call as time(nullptr).
    "time(NULL)"};

// Blanks out // and /* */ comments (keeping line breaks), so prose that names a
// forbidden call does not count; string and character literals are kept.
std::string StripComments(std::string_view source) {
  std::string out;
  out.reserve(source.size());
  enum { kCode, kLine, kBlock, kString, kChar } state = kCode;
  for (std::size_t i = 0; i < source.size(); ++i) {
    char c = source[i];
    char next = i + 1 < source.size() ? source[i + 1] : '\0';
    switch (state) {
      case kCode:
        if (c == '/' && next == '/') {
          state = kLine;
          ++i;
          continue;
        }
        if (c == '/' && next == '*') {
          state = kBlock;
          ++i;
          continue;
        }
        if (c == '"') state = kString;
        if (c == '\'') state = kChar;
        out += c;
        break;
      case kLine:
        if (c == '\n') {
          state = kCode;
          out += c;
        }
        break;
      case kBlock:
        if (c == '*' && next == '/') {
          state = kCode;
          ++i;
        } else if (c == '\n') {
          out += c;
        }
        break;
      case kString:
      case kChar:
        out += c;
        if (c == '\\' && next != '\0') {
          out += next;
          ++i;
        } else if ((state == kString && c == '"') || (state == kChar && c == '\'') || c == '\n') {
          state = kCode;
        }
        break;
    }
  }
  return out;
}

struct Finding {
  int line;
  std::string_view call;
};

std::vector<Finding> FindWallClockCalls(std::string_view source) {
  std::vector<Finding> out;
  std::istringstream lines(StripComments(source));
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    for (std::string_view call : kForbidden) {
      if (line.find(call) != std::string::npos) out.push_back({number, call});
    }
  }
  return out;
}

bool IsSource(const fs::path& p) {
  auto ext = p.extension();
  return ext == ".h" || ext == ".cc" || ext == ".cpp" || ext == ".hpp";
}

bool IsExempt(const fs::path& p) {
  auto name = p.filename();
  return name == "clock.h" || name == "clock.cc" ||
         p.generic_string().find("socket_timeout") != std::string::npos;
}

TEST(StripCommentsTest, RemovesCommentsKeepsCodeAndLines) {
  EXPECT_EQ(StripComments("a(); // sleep_for\nb();"), "a(); \nb();");
  EXPECT_EQ(StripComments("a(); /* x\n y */ b();"), "a(); \n b();");
  EXPECT_EQ(StripComments("s = \"// not a comment\"; // gone"), "s = \"// not a comment\"; ");
  EXPECT_EQ(StripComments("c = '\"'; d(); // gone"), "c = '\"'; d(); ");
  EXPECT_EQ(StripComments("s = \"a\\\"b\"; // gone"), "s = \"a\\\"b\"; ");
}

TEST(FindWallClockCallsTest, FlagsEachForbiddenCallWithItsLine) {
  const std::string source =
      "#include <chrono>\n"
      "auto a = std::chrono::system_clock::now();\n"
      "auto b = std::chrono::steady_clock::now();\n"
      "auto c = std::chrono::high_resolution_clock::now();\n"
      "auto d = std::time(nullptr);\n"
      "auto e = time(nullptr);\n"
      "gettimeofday(&tv, nullptr);\n"
      "clock_gettime(CLOCK_MONOTONIC, &ts);\n"
      "std::this_thread::sleep_for(std::chrono::seconds(1));\n"
      "std::this_thread::sleep_until(deadline);\n"
      "auto f = clock.Now();  // system_clock::now is banned\n"
      "/* steady_clock::now() */ int g = 0;\n";
  std::vector<Finding> found = FindWallClockCalls(source);
  std::vector<int> lines;
  for (const Finding& f : found) lines.push_back(f.line);
  // Line 5 holds "std::time(" and "time(nullptr)": both are reported.
  EXPECT_EQ(lines, (std::vector<int>{2, 3, 4, 5, 5, 6, 7, 8, 9, 10}));
}

TEST(FindWallClockCallsTest, AllowsTheClockAbstraction) {
  EXPECT_TRUE(FindWallClockCalls("TimePoint now = clock_.Now();\n"
                                 "clock.ScheduleAfter(std::chrono::seconds(5), fn);\n"
                                 "sim_clock.Advance(std::chrono::hours(1));\n")
                  .empty());
}

TEST(ExemptionTest, OnlyClockFilesAndSocketTimeouts) {
  EXPECT_TRUE(IsExempt("sim/core/clock.cc"));
  EXPECT_TRUE(IsExempt("sim/core/clock.h"));
  EXPECT_TRUE(IsExempt("sim/http/socket_timeout.cc"));
  EXPECT_TRUE(IsExempt("emulators/redis/socket_timeout/idle.cc"));
  EXPECT_FALSE(IsExempt("sim/core/sim_clock_helpers.cc"));
  EXPECT_FALSE(IsExempt("emulators/s3/service.cc"));
  EXPECT_TRUE(IsSource("a/b.hpp"));
  EXPECT_TRUE(IsSource("a/b.cpp"));
  EXPECT_FALSE(IsSource("a/b.py"));
  EXPECT_FALSE(IsSource("a/CMakeLists.txt"));
}

TEST(NoWallClockTest, ProductionSourcesReadTimeOnlyFromSimClock) {
  const fs::path root = SIM_SOURCE_DIR;
  ASSERT_TRUE(fs::is_directory(root / "sim")) << "no sim/ under " << root;
  std::size_t scanned = 0;
  std::ostringstream report;
  for (const char* top : {"sim", "emulators", "app"}) {
    if (!fs::is_directory(root / top)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      if (!entry.is_regular_file() || !IsSource(entry.path())) continue;
      fs::path relative = fs::relative(entry.path(), root);
      if (IsExempt(relative)) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      ASSERT_TRUE(in) << "cannot read " << entry.path();
      std::stringstream text;
      text << in.rdbuf();
      ++scanned;
      for (const Finding& f : FindWallClockCalls(text.str())) {
        report << "  " << relative.generic_string() << ":" << f.line << ": " << f.call << "\n";
      }
    }
  }
  // The clock itself lives in sim/core, so a tree with nothing else to scan is
  // a wrong SIM_SOURCE_DIR, not a clean tree.
  EXPECT_GT(scanned, 0u) << "no sources found under " << root;
  EXPECT_TRUE(report.str().empty())
      << "Use sim::Clock (sim/core/clock.h) instead of the wall clock or real sleeps:\n"
      << report.str();
}

}  // namespace
