// What other packages' suites and the bench use to run the portal (`@fleet/web/testing`): its builds
// and the portal's server on one, the same ones this package's browser suite uses.
export { SERVED_DIST_DIR } from "../../dist-dir";
export { buildIdPath, ensureTestBuild, webRoot } from "./build";
export { type RunningServer, startNextServer } from "./server";
