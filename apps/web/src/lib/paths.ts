/** Where the portal serves the listing's CSV export: the folder of `app/(portal)/clusters/export/route.ts`. */
export const CSV_EXPORT_PATH = "/clusters/export";
