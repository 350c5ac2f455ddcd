import { handleFleetRequest } from "@/server/fleet-handler";

export const GET = handleFleetRequest;
export const POST = handleFleetRequest;
