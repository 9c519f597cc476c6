// S3 checksum throughput over 1 MiB buffers: each x-amz-checksum algorithm,
// the portable CRC32C, MD5, and MD5 plus each CRC (what a PUT computes; the
// emulator's large-PUT target is >= 500 MB/s).
//
//   build/bench/checksum_bench

#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "emulators/s3/checksum/checksum.h"
#include "emulators/s3/checksum/crc.h"

namespace sim::s3 {
namespace {

const std::string& Buffer() {
  static const std::string buffer = [] {
    std::mt19937 rng(1);
    std::string out(1 << 20, '\0');
    for (char& c : out) c = static_cast<char>(rng() & 0xff);
    return out;
  }();
  return buffer;
}

void BM_Checksum(benchmark::State& state) {
  auto algorithm = static_cast<ChecksumAlgorithm>(state.range(0));
  state.SetLabel(std::string(ChecksumName(algorithm)));
  ChecksumHasher hasher(algorithm);
  for (auto _ : state) {
    hasher.Update(Buffer());
    benchmark::DoNotOptimize(hasher.Final());
  }
  state.SetBytesProcessed(state.iterations() * Buffer().size());
}
BENCHMARK(BM_Checksum)->DenseRange(0, 4);

void BM_Crc32cPortable(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Crc32cPortable(0, Buffer()));
  state.SetBytesProcessed(state.iterations() * Buffer().size());
}
BENCHMARK(BM_Crc32cPortable);

void BM_Md5(benchmark::State& state) {
  Md5Hasher hasher;
  for (auto _ : state) {
    hasher.Update(Buffer());
    benchmark::DoNotOptimize(hasher.Final());
  }
  state.SetBytesProcessed(state.iterations() * Buffer().size());
}
BENCHMARK(BM_Md5);

void BM_Md5PlusChecksum(benchmark::State& state) {
  auto algorithm = static_cast<ChecksumAlgorithm>(state.range(0));
  state.SetLabel("MD5+" + std::string(ChecksumName(algorithm)));
  Md5Hasher md5;
  ChecksumHasher hasher(algorithm);
  for (auto _ : state) {
    md5.Update(Buffer());
    hasher.Update(Buffer());
    benchmark::DoNotOptimize(md5.Final());
    benchmark::DoNotOptimize(hasher.Final());
  }
  state.SetBytesProcessed(state.iterations() * Buffer().size());
}
BENCHMARK(BM_Md5PlusChecksum)->DenseRange(0, 2);

}  // namespace
}  // namespace sim::s3

BENCHMARK_MAIN();
