#include "emulators/elasticache/resp/resp_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace sim::elasticache {

std::string FormatRedisDouble(double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // glibc prints "-nan" for a negative NaN; the RESP3 spec only knows "nan".
  if (std::isnan(value)) return "nan";
  char buffer[64];
  int length = std::snprintf(buffer, sizeof(buffer), "%.17g", value);
  return std::string(buffer, static_cast<std::size_t>(length));
}

void RespWriter::Header(char type, std::int64_t count) {
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), count);
  out_->push_back(type);
  out_->append(buffer, result.ptr);
  out_->append("\r\n");
}

void RespWriter::LineWithoutNewlines(std::string_view text) {
  std::size_t start = out_->size();
  out_->append(text);
  for (std::size_t i = start; i < out_->size(); ++i) {
    if ((*out_)[i] == '\r' || (*out_)[i] == '\n') (*out_)[i] = ' ';
  }
  out_->append("\r\n");
}

void RespWriter::SimpleString(std::string_view text) {
  out_->push_back('+');
  LineWithoutNewlines(text);
}

void RespWriter::Error(std::string_view message) {
  if (message.empty() || message[0] != '-') out_->append("-ERR ");
  LineWithoutNewlines(message);
}

void RespWriter::Error(std::string_view code, std::string_view message) {
  out_->push_back('-');
  out_->append(code.empty() ? std::string_view("ERR") : code);
  out_->push_back(' ');
  LineWithoutNewlines(message);
}

void RespWriter::Integer(std::int64_t value) { Header(':', value); }

void RespWriter::Bulk(std::string_view bytes) {
  Header('$', static_cast<std::int64_t>(bytes.size()));
  out_->append(bytes);
  out_->append("\r\n");
}

void RespWriter::Null() { out_->append(resp3() ? "_\r\n" : "$-1\r\n"); }

void RespWriter::NullArray() { out_->append(resp3() ? "_\r\n" : "*-1\r\n"); }

void RespWriter::ArrayHeader(std::size_t count) { Header('*', static_cast<std::int64_t>(count)); }

void RespWriter::MapHeader(std::size_t pairs) {
  if (resp3()) {
    Header('%', static_cast<std::int64_t>(pairs));
  } else {
    Header('*', static_cast<std::int64_t>(pairs * 2));
  }
}

void RespWriter::SetHeader(std::size_t count) {
  Header(resp3() ? '~' : '*', static_cast<std::int64_t>(count));
}

void RespWriter::PushHeader(std::size_t count) {
  Header(resp3() ? '>' : '*', static_cast<std::int64_t>(count));
}

void RespWriter::Double(double value) {
  std::string text = FormatRedisDouble(value);
  if (!resp3()) {
    Bulk(text);
    return;
  }
  out_->push_back(',');
  out_->append(text);
  out_->append("\r\n");
}

void RespWriter::Boolean(bool value) {
  if (resp3()) {
    out_->append(value ? "#t\r\n" : "#f\r\n");
  } else {
    out_->append(value ? ":1\r\n" : ":0\r\n");
  }
}

void RespWriter::Verbatim(std::string_view text, std::string_view format) {
  if (!resp3()) {
    Bulk(text);
    return;
  }
  Header('=', static_cast<std::int64_t>(text.size() + format.size() + 1));
  out_->append(format);
  out_->push_back(':');
  out_->append(text);
  out_->append("\r\n");
}

void RespWriter::BigNumber(std::string_view digits) {
  if (!resp3()) {
    Bulk(digits);
    return;
  }
  out_->push_back('(');
  out_->append(digits);
  out_->append("\r\n");
}

}  // namespace sim::elasticache
