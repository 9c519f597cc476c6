#pragma once
// simctl's commands. Each takes the words after its name and returns the
// process exit code: 0 done, 1 failed, 2 usage error, 3 no sim running.

#include <string>
#include <vector>

namespace sim::simctl {

enum ExitCode { kOk = 0, kFailed = 1, kUsage = 2, kNotRunning = 3 };

using Words = std::vector<std::string>;

int UpCommand(const Words& words);
int StatusCommand(const Words& words);
int DownCommand(const Words& words);
int EnvCommand(const Words& words);
int ServicesCommand(const Words& words);
int ClockCommand(const Words& words);
int FaultCommand(const Words& words);
int JournalCommand(const Words& words);

// `rows` as an aligned table; the first row is the header.
std::string FormatTable(const std::vector<std::vector<std::string>>& rows);
void PrintTable(const std::vector<std::vector<std::string>>& rows);
// "simctl: <message>" on stderr; returns `code`.
int Fail(int code, const std::string& message);

}  // namespace sim::simctl
