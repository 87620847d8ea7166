// Integration tests run against the real PostgreSQL and Ceph RGW started by scripts/dev-stack.
#include <gtest/gtest.h>

#include "s3/s3_client.h"
#include "support/stack.h"

namespace {

// Loaded when tests run, not when CTest lists them.
class StackEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { s3load::testing::load_stack_environment(); }
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  s3load::initialize_http();
  ::testing::AddGlobalTestEnvironment(new StackEnvironment);
  return RUN_ALL_TESTS();
}
