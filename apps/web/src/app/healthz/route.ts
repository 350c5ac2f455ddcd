import { handleFleetRequest } from "@/server/fleet-handler";

export const dynamic = "force-dynamic";
export const GET = handleFleetRequest;
