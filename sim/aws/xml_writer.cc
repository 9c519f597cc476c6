#include "sim/aws/xml_writer.h"

namespace sim::aws {

void AppendXmlEscaped(std::string& out, std::string_view text, bool attribute) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::size_t plain_start = 0;
  auto flush = [&](std::size_t end) { out.append(text.substr(plain_start, end - plain_start)); };
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    const char* replacement = nullptr;
    switch (c) {
      case '&':
        replacement = "&amp;";
        break;
      case '<':
        replacement = "&lt;";
        break;
      case '>':
        replacement = "&gt;";
        break;
      case '"':
        replacement = attribute ? "&quot;" : nullptr;
        break;
      case '\n':
        replacement = attribute ? "&#xA;" : nullptr;
        break;
      case '\t':
        replacement = attribute ? "&#x9;" : nullptr;
        break;
      default:
        break;
    }
    if (replacement) {
      flush(i);
      out.append(replacement);
      plain_start = i + 1;
    } else if (c < 0x20 && c != '\n' && c != '\t') {
      // '\r' would be normalized away by parsers; the others are not even
      // legal XML 1.0 characters, but a reference keeps them visible.
      flush(i);
      out.append("&#x");
      if (c >= 0x10) out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
      out.push_back(';');
      plain_start = i + 1;
    }
  }
  flush(text.size());
}

void XmlWriter::Declaration() { out_->append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"); }

void XmlWriter::CloseStartTag() {
  if (start_tag_open_) {
    out_->push_back('>');
    start_tag_open_ = false;
  }
}

void XmlWriter::StartElement(std::string_view name) {
  CloseStartTag();
  out_->push_back('<');
  out_->append(name);
  open_.emplace_back(name);
  start_tag_open_ = true;
}

void XmlWriter::Attribute(std::string_view name, std::string_view value) {
  if (!start_tag_open_) return;
  out_->push_back(' ');
  out_->append(name);
  out_->append("=\"");
  AppendXmlEscaped(*out_, value, /*attribute=*/true);
  out_->push_back('"');
}

void XmlWriter::Text(std::string_view text) {
  CloseStartTag();
  AppendXmlEscaped(*out_, text, /*attribute=*/false);
}

void XmlWriter::EndElement() {
  if (open_.empty()) return;
  if (start_tag_open_) {
    out_->append("/>");
    start_tag_open_ = false;
  } else {
    out_->append("</");
    out_->append(open_.back());
    out_->push_back('>');
  }
  open_.pop_back();
}

void XmlWriter::Element(std::string_view name, std::string_view text) {
  StartElement(name);
  Text(text);
  EndElement();
}

}  // namespace sim::aws
