#pragma once
// botocore service models compiled into the binary (see models/embed_models.py).

#include <string_view>
#include <vector>

namespace sim::aws {

struct EmbeddedModel {
  std::string_view name;  // botocore folder name, e.g. "secretsmanager"
  std::string_view json;  // service-2.json without documentation, patched
};

const std::vector<EmbeddedModel>& EmbeddedModels();

}  // namespace sim::aws
