// What other packages' suites use to test the portal (`@fleet/web/testing`): the test build and the
// portal's server on it, the same ones this package's browser suite uses.
export { ensureTestBuild, webRoot } from "./build";
export { freePort, type RunningServer, startNextServer } from "./server";
