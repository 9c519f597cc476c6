#pragma once
// Streaming XML output into one std::string: start tags stay open for
// attributes until the first child or text, text and attribute values are
// escaped. Enough for AWS response documents; no pretty-printing.

#include <string>
#include <string_view>
#include <vector>

namespace sim::aws {

class XmlWriter {
 public:
  explicit XmlWriter(std::string* out) : out_(out) {}

  // <?xml version="1.0" encoding="UTF-8"?>
  void Declaration();
  void StartElement(std::string_view name);
  // Only between StartElement and the element's first content.
  void Attribute(std::string_view name, std::string_view value);
  void Text(std::string_view text);
  void EndElement();
  // <name>text</name>
  void Element(std::string_view name, std::string_view text);

 private:
  void CloseStartTag();

  std::string* out_;
  std::vector<std::string> open_;
  bool start_tag_open_ = false;
};

// Appends `text` escaped for element content (or, with `attribute`, for a
// double-quoted attribute value). Carriage returns and other control
// characters become character references so they survive XML parsing.
void AppendXmlEscaped(std::string& out, std::string_view text, bool attribute);

}  // namespace sim::aws
