#pragma once
// Errors as values on the request path. An Error carries what every protocol
// needs to render it in its own wire form: a code (AWS error code, RESP error
// prefix, SQLSTATE, ...), a human message and, for HTTP protocols, a status.

#include <string>
#include <utility>
#include <variant>

namespace sim {

struct Error {
  std::string code;
  std::string message;
  int http_status = 400;
  // AWS "Sender" (client) vs "Receiver" (server) fault; query/xml envelopes show it.
  bool sender_fault = true;
};

inline Error MakeError(std::string code, std::string message, int http_status = 400) {
  return Error{std::move(code), std::move(message), http_status, http_status < 500};
}

template <class T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Error error) : data_(std::move(error)) {}    // NOLINT: implicit by design

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const { return std::get<1>(data_); }

 private:
  std::variant<T, Error> data_;
};

// For operations that return nothing on success.
struct Unit {};
using Status = Result<Unit>;
inline Status Ok() { return Unit{}; }

}  // namespace sim
