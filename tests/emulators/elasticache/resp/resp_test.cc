#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "emulators/elasticache/resp/resp_parser.h"
#include "emulators/elasticache/resp/resp_writer.h"

namespace sim::elasticache {
namespace {

using Commands = std::vector<RespCommand>;

Commands Drain(RespParser& parser) {
  Commands commands;
  while (auto command = parser.Next()) commands.push_back(std::move(*command));
  return commands;
}

Commands ParseAll(std::string_view bytes, RespParserLimits limits = {}) {
  RespParser parser(limits);
  parser.Feed(bytes);
  EXPECT_FALSE(parser.failed()) << parser.error().message;
  return Drain(parser);
}

// The error message after feeding `bytes` in one piece, "" when none.
std::string ErrorOf(std::string_view bytes, RespParserLimits limits = {}) {
  RespParser parser(limits);
  parser.Feed(bytes);
  return parser.failed() ? parser.error().message : "";
}

// ---------------------------------------------------------------- parser

TEST(RespParserTest, MultibulkCommand) {
  EXPECT_EQ(ParseAll("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n"), (Commands{{"GET", "key"}}));
}

TEST(RespParserTest, BulkArgumentsAreBinarySafe) {
  std::string value("a\r\nb\0c*$", 8);
  std::string wire = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$8\r\n" + value + "\r\n";
  EXPECT_EQ(ParseAll(wire), (Commands{{"SET", "k", value}}));
}

TEST(RespParserTest, EmptyBulkArgument) {
  EXPECT_EQ(ParseAll("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"), (Commands{{"ECHO", ""}}));
}

TEST(RespParserTest, EmptyMultibulkAndEmptyInlineLinesYieldNoCommand) {
  EXPECT_EQ(ParseAll("*0\r\n*-1\r\n\r\n\n   \r\n*1\r\n$4\r\nPING\r\n"), (Commands{{"PING"}}));
}

TEST(RespParserTest, InlineCommands) {
  EXPECT_EQ(ParseAll("PING\r\n"), (Commands{{"PING"}}));
  EXPECT_EQ(ParseAll("PING\n"), (Commands{{"PING"}}));
  EXPECT_EQ(ParseAll("  SET\tk   v  \r\n"), (Commands{{"SET", "k", "v"}}));
}

TEST(RespParserTest, IncompleteInputWaits) {
  RespParser parser;
  parser.Feed("*2\r\n$3\r\nGET\r\n$3\r\nke");
  EXPECT_FALSE(parser.Next().has_value());
  EXPECT_FALSE(parser.failed());
  parser.Feed("y\r");
  EXPECT_FALSE(parser.Next().has_value());
  parser.Feed("\n");
  EXPECT_EQ(parser.Next(), (RespCommand{"GET", "key"}));
  parser.Feed("PIN");
  EXPECT_FALSE(parser.Next().has_value());
  EXPECT_EQ(parser.buffered_bytes(), 3u);
  parser.Feed("G\r\n");
  EXPECT_EQ(parser.Next(), (RespCommand{"PING"}));
  EXPECT_EQ(parser.buffered_bytes(), 0u);
}

TEST(RespParserTest, BytesAfterBulkBodyAreSkippedUnchecked) {
  // Redis skips the two bytes after a bulk body without checking for CRLF.
  EXPECT_EQ(ParseAll("*1\r\n$4\r\nPINGxy*1\r\n$4\r\nPING\r\n"), (Commands{{"PING"}, {"PING"}}));
}

const char kPipeline[] =
    "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n"
    "PING\r\n"
    "*0\r\n"
    "SET \"a b\" 'c\\'d'\r\n"
    "\r\n"
    "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"
    "*1\r\n$4\r\nQUIT\r\n";

const Commands kPipelineCommands = {
    {"SET", "key", "va\r\nl"}, {"PING"}, {"SET", "a b", "c'd"}, {"ECHO", ""}, {"QUIT"}};

TEST(RespParserTest, PipelineSplitAtEveryPosition) {
  std::string_view wire = kPipeline;
  for (std::size_t split = 0; split <= wire.size(); ++split) {
    RespParser parser;
    parser.Feed(wire.substr(0, split));
    Commands got = Drain(parser);
    parser.Feed(wire.substr(split));
    for (auto& command : Drain(parser)) got.push_back(std::move(command));
    EXPECT_FALSE(parser.failed()) << "split at " << split;
    EXPECT_EQ(got, kPipelineCommands) << "split at " << split;
    EXPECT_EQ(parser.buffered_bytes(), 0u);
  }
}

TEST(RespParserTest, PipelineSplitAtEveryPairOfPositions) {
  std::string_view wire = kPipeline;
  for (std::size_t a = 0; a <= wire.size(); ++a) {
    for (std::size_t b = a; b <= wire.size(); ++b) {
      RespParser parser;
      parser.Feed(wire.substr(0, a));
      parser.Feed(wire.substr(a, b - a));
      parser.Feed(wire.substr(b));
      ASSERT_EQ(Drain(parser), kPipelineCommands) << "splits at " << a << ", " << b;
    }
  }
}

TEST(RespParserTest, PipelineByteByByte) {
  RespParser parser;
  Commands got;
  for (char c : std::string_view(kPipeline)) {
    parser.Feed(std::string_view(&c, 1));
    for (auto& command : Drain(parser)) got.push_back(std::move(command));
  }
  EXPECT_EQ(got, kPipelineCommands);
}

TEST(RespParserTest, ProtocolErrorMessages) {
  EXPECT_EQ(ErrorOf("*abc\r\n"), "Protocol error: invalid multibulk length");
  EXPECT_EQ(ErrorOf("*\r\n"), "Protocol error: invalid multibulk length");
  EXPECT_EQ(ErrorOf("*01\r\n"), "Protocol error: invalid multibulk length");
  EXPECT_EQ(ErrorOf("*1\r\n$-1\r\n"), "Protocol error: invalid bulk length");
  EXPECT_EQ(ErrorOf("*1\r\n$x\r\n"), "Protocol error: invalid bulk length");
  EXPECT_EQ(ErrorOf("*1\r\n$\r\n"), "Protocol error: invalid bulk length");
  EXPECT_EQ(ErrorOf("*1\r\nx3\r\n"), "Protocol error: expected '$', got 'x'");
  EXPECT_EQ(ErrorOf("*2\r\n$3\r\nGET\r\n:1\r\n"), "Protocol error: expected '$', got ':'");
  EXPECT_EQ(ErrorOf("SET \"a b\r\n"), "Protocol error: unbalanced quotes in request");
  EXPECT_EQ(ErrorOf("SET 'a b\r\n"), "Protocol error: unbalanced quotes in request");
  EXPECT_EQ(ErrorOf("SET \"a\"b\r\n"), "Protocol error: unbalanced quotes in request");
  EXPECT_EQ(ErrorOf("SET 'a'b\r\n"), "Protocol error: unbalanced quotes in request");
  RespParser parser;
  parser.Feed("*1\r\n$-1\r\n");
  EXPECT_EQ(parser.error().code, "ERR");
}

TEST(RespParserTest, HeaderIsCheckedOnlyOnceItsLineIsComplete) {
  // Like Redis, the '$' check waits for the header's CRLF.
  EXPECT_EQ(ErrorOf("*1\r\nx3"), "");
  EXPECT_EQ(ErrorOf("*1\r\nx3\r"), "");
  EXPECT_EQ(ErrorOf("*abc\r"), "");
}

TEST(RespParserTest, CommandsBeforeAnErrorAreDeliveredAndTheErrorIsFinal) {
  RespParser parser;
  parser.Feed("PING\r\n*1\r\n$4\r\nPING\r\n*1\r\n$-5\r\n*1\r\n$4\r\nPING\r\n");
  EXPECT_EQ(Drain(parser), (Commands{{"PING"}, {"PING"}}));
  ASSERT_TRUE(parser.failed());
  EXPECT_EQ(parser.error().message, "Protocol error: invalid bulk length");
  parser.Feed("PING\r\n");
  EXPECT_FALSE(parser.Next().has_value());
  EXPECT_EQ(parser.error().message, "Protocol error: invalid bulk length");
}

TEST(RespParserTest, ErrorFoundAtEverySplit) {
  std::string_view wire = "PING\r\n*2\r\n$4\r\nECHO\r\n#3\r\nabc\r\n";
  for (std::size_t split = 0; split <= wire.size(); ++split) {
    RespParser parser;
    parser.Feed(wire.substr(0, split));
    parser.Feed(wire.substr(split));
    EXPECT_EQ(Drain(parser), (Commands{{"PING"}})) << "split at " << split;
    ASSERT_TRUE(parser.failed()) << "split at " << split;
    EXPECT_EQ(parser.error().message, "Protocol error: expected '$', got '#'");
  }
}

TEST(RespParserTest, MultibulkLengthLimit) {
  EXPECT_EQ(ErrorOf("*1048577\r\n"), "Protocol error: invalid multibulk length");
  EXPECT_EQ(ErrorOf("*1048576\r\n"), "");
  EXPECT_EQ(ErrorOf("*99999999999999999999\r\n"), "Protocol error: invalid multibulk length");
  RespParserLimits limits;
  limits.max_multibulk_len = 2;
  EXPECT_EQ(ErrorOf("*3\r\n", limits), "Protocol error: invalid multibulk length");
  EXPECT_EQ(ErrorOf("*2\r\n", limits), "");
}

TEST(RespParserTest, BulkLengthLimit) {
  EXPECT_EQ(ErrorOf("*1\r\n$536870913\r\n"), "Protocol error: invalid bulk length");
  EXPECT_EQ(ErrorOf("*1\r\n$536870912\r\n"), "");
  RespParserLimits limits;
  limits.max_bulk_len = 4;
  EXPECT_EQ(ErrorOf("*1\r\n$5\r\n", limits), "Protocol error: invalid bulk length");
  EXPECT_EQ(ParseAll("*1\r\n$4\r\nPING\r\n", limits), (Commands{{"PING"}}));
}

TEST(RespParserTest, InlineSizeLimit) {
  std::string at_limit(64 * 1024, 'a');
  EXPECT_EQ(ErrorOf(at_limit), "");
  EXPECT_EQ(ErrorOf(at_limit + "a"), "Protocol error: too big inline request");
  // Redis checks the limit only while no newline has arrived.
  EXPECT_EQ(ParseAll("GET " + at_limit + "\r\n"), (Commands{{"GET", at_limit}}));
  // The limit counts bytes buffered across reads.
  RespParser parser;
  for (int i = 0; i < 64; ++i) parser.Feed(std::string(1024, 'b'));
  EXPECT_FALSE(parser.failed());
  parser.Feed("b");
  ASSERT_TRUE(parser.failed());
  EXPECT_EQ(parser.error().message, "Protocol error: too big inline request");
}

TEST(RespParserTest, HeaderLineSizeLimits) {
  std::string digits(64 * 1024, '1');
  EXPECT_EQ(ErrorOf("*" + digits), "Protocol error: too big mbulk count string");
  EXPECT_EQ(ErrorOf("*" + digits.substr(1)), "");
  EXPECT_EQ(ErrorOf("*1\r\n$" + digits), "Protocol error: too big bulk count string");
  EXPECT_EQ(ErrorOf("*1\r\n$" + digits.substr(1)), "");
}

TEST(RespParserTest, LargeDeclaredBulkWaitsWithoutBufferingTheBody) {
  RespParser parser;
  parser.Feed("*2\r\n$3\r\nSET\r\n$536870912\r\n");
  EXPECT_FALSE(parser.failed());
  EXPECT_FALSE(parser.Next().has_value());

  // A 200 KiB argument streamed in small reads goes straight into the argument.
  RespParser streaming;
  std::string value(200 * 1024, 'v');
  streaming.Feed("*2\r\n$3\r\nSET\r\n$204800\r\n");
  for (std::size_t i = 0; i < value.size(); i += 1000) {
    streaming.Feed(std::string_view(value).substr(i, 1000));
    EXPECT_EQ(streaming.buffered_bytes(), 0u);
  }
  streaming.Feed("\r\nPING\r\n");
  EXPECT_EQ(Drain(streaming), (Commands{{"SET", value}, {"PING"}}));
}

TEST(RespParserTest, InlineQuoting) {
  EXPECT_EQ(ParseAll("SET \"a b\" 'c d'\r\n"), (Commands{{"SET", "a b", "c d"}}));
  EXPECT_EQ(ParseAll("ECHO \"\\x41\\x4a\\n\\r\\t\\b\\a\\\\\\\"\\q\"\r\n"),
            (Commands{{"ECHO", "AJ\n\r\t\b\a\\\"q"}}));
  EXPECT_EQ(ParseAll("ECHO \"\\xZZ\"\r\n"), (Commands{{"ECHO", "xZZ"}}));
  EXPECT_EQ(ParseAll("ECHO 'it\\'s \\n'\r\n"), (Commands{{"ECHO", "it's \\n"}}));
  EXPECT_EQ(ParseAll("ECHO a\"b c\"\r\n"), (Commands{{"ECHO", "ab c"}}));
  EXPECT_EQ(ParseAll("ECHO \"\" ''\r\n"), (Commands{{"ECHO", "", ""}}));
  EXPECT_EQ(ParseAll("ECHO \"a\"\tb\r\n"), (Commands{{"ECHO", "a", "b"}}));
  EXPECT_EQ(ParseAll("ECHO a\rb\r\n"), (Commands{{"ECHO", "a", "b"}}));
}

TEST(RespParserTest, SplitRedisArgsStopsAtNul) {
  EXPECT_EQ(SplitRedisArgs(std::string_view("a b\0c", 5)), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(SplitRedisArgs(""), (std::vector<std::string>{}));
  EXPECT_FALSE(SplitRedisArgs("\"abc").has_value());
}

TEST(RespParserTest, ParseRedisInteger) {
  EXPECT_EQ(ParseRedisInteger("0"), 0);
  EXPECT_EQ(ParseRedisInteger("-12"), -12);
  EXPECT_EQ(ParseRedisInteger("9223372036854775807"), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(ParseRedisInteger("-9223372036854775808"), std::numeric_limits<std::int64_t>::min());
  for (const char* bad : {"", "-", "-0", "01", "+1", " 1", "1 ", "1a", "9223372036854775808",
                          "-9223372036854775809", "18446744073709551616"}) {
    EXPECT_FALSE(ParseRedisInteger(bad).has_value()) << bad;
  }
}

// ---------------------------------------------------------------- writer

std::string Write(RespProtocol protocol, void (*write)(RespWriter&)) {
  std::string out;
  RespWriter writer(&out, protocol);
  write(writer);
  return out;
}

constexpr RespProtocol k2 = RespProtocol::kResp2;
constexpr RespProtocol k3 = RespProtocol::kResp3;

TEST(RespWriterTest, SimpleStringsAndErrors) {
  for (RespProtocol p : {k2, k3}) {
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Ok(); }), "+OK\r\n");
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.SimpleString("PONG"); }), "+PONG\r\n");
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.SimpleString("a\r\nb"); }), "+a  b\r\n");
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Error("unknown command 'FOO'"); }),
              "-ERR unknown command 'FOO'\r\n");
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Error("-NOAUTH Authentication required."); }),
              "-NOAUTH Authentication required.\r\n");
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Error(""); }), "-ERR \r\n");
    EXPECT_EQ(Write(p,
                    [](RespWriter& w) {
                      w.Error("WRONGTYPE",
                              "Operation against a key holding the wrong kind of value");
                    }),
              "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Error("", "bad\nline"); }), "-ERR bad line\r\n");
    EXPECT_EQ(Write(p,
                    [](RespWriter& w) {
                      w.Error(MakeError("ERR", "Protocol error: invalid bulk length"));
                    }),
              "-ERR Protocol error: invalid bulk length\r\n");
  }
}

TEST(RespWriterTest, IntegersAndBulkStrings) {
  for (RespProtocol p : {k2, k3}) {
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Integer(0); }), ":0\r\n");
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Integer(-42); }), ":-42\r\n");
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Integer(std::numeric_limits<std::int64_t>::min()); }),
              ":-9223372036854775808\r\n");
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Bulk("hello"); }), "$5\r\nhello\r\n");
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Bulk(""); }), "$0\r\n\r\n");
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Bulk(std::string_view("a\r\n\0", 4)); }),
              std::string("$4\r\na\r\n\0\r\n", 10));
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Raw("+QUEUED\r\n"); }), "+QUEUED\r\n");
  }
}

TEST(RespWriterTest, Nulls) {
  EXPECT_EQ(Write(k2, [](RespWriter& w) { w.Null(); }), "$-1\r\n");
  EXPECT_EQ(Write(k2, [](RespWriter& w) { w.NullArray(); }), "*-1\r\n");
  EXPECT_EQ(Write(k3, [](RespWriter& w) { w.Null(); }), "_\r\n");
  EXPECT_EQ(Write(k3, [](RespWriter& w) { w.NullArray(); }), "_\r\n");
}

TEST(RespWriterTest, Aggregates) {
  auto array = [](RespWriter& w) {
    w.ArrayHeader(2);
    w.Bulk("a");
    w.Integer(1);
  };
  EXPECT_EQ(Write(k2, array), "*2\r\n$1\r\na\r\n:1\r\n");
  EXPECT_EQ(Write(k3, array), "*2\r\n$1\r\na\r\n:1\r\n");
  EXPECT_EQ(Write(k2, [](RespWriter& w) { w.ArrayHeader(0); }), "*0\r\n");

  auto map = [](RespWriter& w) {
    w.MapHeader(2);
    w.Bulk("f1");
    w.Bulk("v1");
    w.Bulk("f2");
    w.Integer(2);
  };
  EXPECT_EQ(Write(k2, map), "*4\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n:2\r\n");
  EXPECT_EQ(Write(k3, map), "%2\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n:2\r\n");

  auto set = [](RespWriter& w) {
    w.SetHeader(1);
    w.Bulk("m");
  };
  EXPECT_EQ(Write(k2, set), "*1\r\n$1\r\nm\r\n");
  EXPECT_EQ(Write(k3, set), "~1\r\n$1\r\nm\r\n");

  auto push = [](RespWriter& w) {
    w.PushHeader(3);
    w.Bulk("message");
    w.Bulk("ch");
    w.Bulk("hi");
  };
  EXPECT_EQ(Write(k2, push), "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
  EXPECT_EQ(Write(k3, push), ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
}

TEST(RespWriterTest, Doubles) {
  EXPECT_EQ(FormatRedisDouble(1.0), "1");
  EXPECT_EQ(FormatRedisDouble(-2.5), "-2.5");
  EXPECT_EQ(FormatRedisDouble(3.14), "3.1400000000000001");
  EXPECT_EQ(FormatRedisDouble(0.1), "0.10000000000000001");
  EXPECT_EQ(FormatRedisDouble(1e20), "1e+20");
  EXPECT_EQ(FormatRedisDouble(0.0), "0");
  EXPECT_EQ(FormatRedisDouble(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(FormatRedisDouble(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(FormatRedisDouble(std::nan("")), "nan");
  EXPECT_EQ(FormatRedisDouble(-std::nan("")), "nan");

  EXPECT_EQ(Write(k2, [](RespWriter& w) { w.Double(1.5); }), "$3\r\n1.5\r\n");
  EXPECT_EQ(Write(k3, [](RespWriter& w) { w.Double(1.5); }), ",1.5\r\n");
  EXPECT_EQ(Write(k2, [](RespWriter& w) { w.Double(3.0); }), "$1\r\n3\r\n");
  EXPECT_EQ(Write(k3, [](RespWriter& w) { w.Double(3.0); }), ",3\r\n");
  EXPECT_EQ(Write(k2, [](RespWriter& w) { w.Double(-std::numeric_limits<double>::infinity()); }),
            "$4\r\n-inf\r\n");
  EXPECT_EQ(Write(k3, [](RespWriter& w) { w.Double(std::numeric_limits<double>::infinity()); }),
            ",inf\r\n");
  EXPECT_EQ(Write(k3, [](RespWriter& w) { w.Double(std::nan("")); }), ",nan\r\n");
}

TEST(RespWriterTest, Booleans) {
  EXPECT_EQ(Write(k2, [](RespWriter& w) { w.Boolean(true); }), ":1\r\n");
  EXPECT_EQ(Write(k2, [](RespWriter& w) { w.Boolean(false); }), ":0\r\n");
  EXPECT_EQ(Write(k3, [](RespWriter& w) { w.Boolean(true); }), "#t\r\n");
  EXPECT_EQ(Write(k3, [](RespWriter& w) { w.Boolean(false); }), "#f\r\n");
}

TEST(RespWriterTest, VerbatimAndBigNumber) {
  EXPECT_EQ(Write(k2, [](RespWriter& w) { w.Verbatim("Some string"); }), "$11\r\nSome string\r\n");
  EXPECT_EQ(Write(k3, [](RespWriter& w) { w.Verbatim("Some string"); }),
            "=15\r\ntxt:Some string\r\n");
  EXPECT_EQ(Write(k3, [](RespWriter& w) { w.Verbatim("# x", "mkd"); }), "=7\r\nmkd:# x\r\n");
  EXPECT_EQ(
      Write(k2, [](RespWriter& w) { w.BigNumber("-3492890328409238509324850943850943825024385"); }),
      "$44\r\n-3492890328409238509324850943850943825024385\r\n");
  EXPECT_EQ(
      Write(k3, [](RespWriter& w) { w.BigNumber("3492890328409238509324850943850943825024385"); }),
      "(3492890328409238509324850943850943825024385\r\n");
}

TEST(RespWriterTest, ProtocolSwitchAndAppend) {
  std::string out = "+OK\r\n";
  RespWriter writer(&out);
  EXPECT_EQ(writer.protocol(), k2);
  writer.Null();
  writer.set_protocol(k3);
  writer.Null();
  EXPECT_EQ(out, "+OK\r\n$-1\r\n_\r\n");
}

}  // namespace
}  // namespace sim::elasticache
