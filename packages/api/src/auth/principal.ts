/** Who is calling: an API key (directly, or through a portal session opened with it). */
export interface Principal {
  accountId: string;
  apiKeyId: string;
  scopes: string[];
  /** The projects this key may see; null means every project of the account. */
  projectIds: string[] | null;
}
