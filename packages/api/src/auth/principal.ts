/** Who is calling: an API key (directly, or through a portal session opened with it). */
export interface Principal {
  accountId: string;
  apiKeyId: string;
  scopes: string[];
  /** The projects this key may see; null means every project of the account. */
  projectIds: string[] | null;
}

export const SCOPES = { clustersRead: "clusters:read" } as const;
export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

/** Same account, key, scopes and project restriction (in the same order). */
export function samePrincipal(a: Principal, b: Principal): boolean {
  const sameList = (x: string[] | null, y: string[] | null) =>
    x === y || (x !== null && y !== null && x.length === y.length && x.every((v, i) => v === y[i]));
  return (
    a.accountId === b.accountId &&
    a.apiKeyId === b.apiKeyId &&
    sameList(a.scopes, b.scopes) &&
    sameList(a.projectIds, b.projectIds)
  );
}
