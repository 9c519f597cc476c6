#include "emulators/s3/api/s3_error.h"

#include "sim/aws/xml_writer.h"

namespace sim::s3 {

aws::HttpResponse ErrorResponse(const S3Error& error, const std::string& request_id) {
  aws::HttpResponse response;
  response.status = error.status;
  response.SetHeader("Content-Type", "application/xml");
  response.SetHeader("x-amz-request-id", request_id);
  response.SetHeader("x-amz-id-2", request_id);
  for (const auto& [name, value] : error.headers) response.SetHeader(name, value);
  aws::XmlWriter xml(&response.body);
  xml.Declaration();
  xml.StartElement("Error");
  xml.Element("Code", error.code);
  xml.Element("Message", error.message);
  for (const auto& [name, value] : error.details) xml.Element(name, value);
  xml.Element("RequestId", request_id);
  xml.Element("HostId", request_id);
  xml.EndElement();
  return response;
}

S3Error NoSuchBucket(const std::string& bucket) {
  return {404, "NoSuchBucket", "The specified bucket does not exist", {{"BucketName", bucket}}};
}

S3Error NoSuchKey(const std::string& key) {
  return {404, "NoSuchKey", "The specified key does not exist.", {{"Key", key}}};
}

S3Error NoSuchVersion(const std::string& key, const std::string& version_id) {
  return {404, "NoSuchVersion", "The specified version does not exist.",
          {{"Key", key}, {"VersionId", version_id}}};
}

S3Error NoSuchUpload(const std::string& upload_id) {
  return {404, "NoSuchUpload",
          "The specified upload does not exist. The upload ID may be invalid, or the upload may "
          "have been aborted or completed.",
          {{"UploadId", upload_id}}};
}

S3Error InvalidArgument(const std::string& message, const std::string& name, const std::string& value) {
  S3Error error{400, "InvalidArgument", message, {}};
  if (!name.empty()) error.details = {{"ArgumentName", name}, {"ArgumentValue", value}};
  return error;
}

S3Error InvalidRequest(const std::string& message) { return {400, "InvalidRequest", message, {}}; }

S3Error MalformedXml() {
  return {400, "MalformedXML",
          "The XML you provided was not well-formed or did not validate against our published schema",
          {}};
}

S3Error PreconditionFailed(const std::string& condition) {
  return {412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
          {{"Condition", condition}}};
}

S3Error NotImplemented(const std::string& what) {
  return {501, "NotImplemented", what + " is not implemented by this simulator", {}};
}

S3Error MethodNotAllowed(const std::string& method, const std::string& resource_type) {
  return {405, "MethodNotAllowed", "The specified method is not allowed against this resource.",
          {{"Method", method}, {"ResourceType", resource_type}}};
}

}  // namespace sim::s3
