#include "emulators/s3/storage/object_body.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace sim::s3 {
namespace {

BlobRef Store(BlobStore& store, const std::string& bytes) {
  auto writer = store.NewWriter();
  writer->Append(bytes);
  return writer->Commit();
}

TEST(ObjectBodyTest, ConcatenatedPiecesReadAsOneAndSliceAcrossBoundaries) {
  auto store = BlobStore::InMemory();
  BodyRef body = ObjectBody::Concat({ObjectBody::Whole(Store(*store, "0123")), ObjectBody::Whole(Store(*store, "45")),
                                     ObjectBody::Whole(Store(*store, "6789"))});
  EXPECT_EQ(body->size(), 10u);
  EXPECT_EQ(body->ReadAll(), "0123456789");
  BodyRef slice = body->Slice(3, 5);
  EXPECT_EQ(slice->ReadAll(), "34567");
  EXPECT_EQ(slice->pieces().size(), 3u);
  EXPECT_EQ(slice->Slice(1, 3)->ReadAll(), "456");
  char buffer[4];
  EXPECT_EQ(body->Read(8, buffer, 4), 2u);
  EXPECT_EQ(std::string(buffer, 2), "89");
  EXPECT_EQ(ObjectBody::Empty()->ReadAll(), "");
}

TEST(ObjectBodyTest, RoundTripsThroughJsonWhileItsBlobsLive) {
  auto store = BlobStore::InMemory();
  BodyRef body = ObjectBody::Whole(Store(*store, "hello world"))->Slice(6, 5);
  nlohmann::json saved = body->ToJson();
  BodyRef loaded = ObjectBody::FromJson(saved, *store);
  ASSERT_NE(loaded, nullptr);
  EXPECT_EQ(loaded->ReadAll(), "world");
  body.reset();
  loaded.reset();
  EXPECT_EQ(ObjectBody::FromJson(saved, *store), nullptr);  // the bytes are gone
}

}  // namespace
}  // namespace sim::s3
