// Jest setup shared by every test file: cdktf's matchers (toHaveResource, toHaveResourceWithProperties...).
import { setupJest } from "cdktf/lib/testing/adapters/jest";

setupJest();
