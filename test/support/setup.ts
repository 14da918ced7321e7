// Jest setup shared by every test file: cdktf's matchers (toHaveResource, toHaveResourceWithProperties...).
import "cdktf/lib/testing/adapters/jest";
