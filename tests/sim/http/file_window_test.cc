// FileWindow hands out the bytes of a file window by window: every byte
// read through it matches the file, from unaligned offsets and across window
// boundaries; another file replaces the open one.

#include "sim/http/file_window.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace sim::http {
namespace {

std::string Pattern(std::size_t size, int seed) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 131 + seed * 7 + i / 4096) % 251);
  return bytes;
}

std::filesystem::path WriteFile(const std::string& name, const std::string& bytes) {
  auto path = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(getpid()));
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(FileWindowTest, ReadsEveryByteAcrossWindowsFromUnalignedOffsets) {
  const std::string bytes = Pattern(5 * 4096 + 123, 1);
  auto path = WriteFile("file-window", bytes);
  FileWindow file(2 * 4096);  // small windows: many remaps
  ASSERT_TRUE(file.Open(path.string()));
  for (std::uint64_t start : {0ull, 1ull, 4095ull, 4096ull, 10000ull}) {
    std::string got;
    std::uint64_t offset = start;
    while (offset < bytes.size()) {
      std::string_view piece = file.Map(offset, bytes.size() - offset);
      ASSERT_FALSE(piece.empty()) << offset;
      ASSERT_LE(piece.size(), 2u * 4096);
      got.append(piece);
      offset += piece.size();
    }
    EXPECT_EQ(got, bytes.substr(start)) << start;
  }
  // A request shorter than the window gets no more than it asked for.
  EXPECT_EQ(file.Map(100, 10), std::string_view(bytes).substr(100, 10));
  std::filesystem::remove(path);
}

TEST(FileWindowTest, OpeningAnotherFileReplacesTheWindowAndAMissingFileFails) {
  const std::string one = Pattern(10000, 2), two = Pattern(10000, 3);
  auto first = WriteFile("file-window-one", one), second = WriteFile("file-window-two", two);
  FileWindow file;
  ASSERT_TRUE(file.Open(first.string()));
  EXPECT_EQ(file.Map(5000, 100), std::string_view(one).substr(5000, 100));
  ASSERT_TRUE(file.Open(second.string()));
  EXPECT_EQ(file.Map(5000, 100), std::string_view(two).substr(5000, 100));
  EXPECT_FALSE(file.Open("/no/such/file"));
  EXPECT_TRUE(file.Map(0, 1).empty());
  std::filesystem::remove(first);
  std::filesystem::remove(second);
}

}  // namespace
}  // namespace sim::http
