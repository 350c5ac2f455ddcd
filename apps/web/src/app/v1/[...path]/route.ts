import { handleFleetRequest } from "@/server/fleet-handler";

// Every method goes to the API, which answers 405 with `Allow` itself where a method does not apply.
export const GET = handleFleetRequest;
export const HEAD = handleFleetRequest;
export const POST = handleFleetRequest;
export const PUT = handleFleetRequest;
export const PATCH = handleFleetRequest;
export const DELETE = handleFleetRequest;
