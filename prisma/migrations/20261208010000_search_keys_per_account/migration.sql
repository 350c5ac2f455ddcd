-- A search is within one account, yet a trigram index keys every account's rows by the same
-- trigrams: even led by account_id (btree_gin), a term of common words (a full generated name) read
-- posting lists of the whole table, and in a large account a rare name took as long to find as
-- twenty pages of the default listing. Here each entry is a trigram of one account: the key hashes
-- the account with the trigram, so a term's candidates come from its own account's entries only.
--
-- A trigram is three letters or digits in a row within one word of the lowercased text (words are
-- split at anything else). A row is keyed by every trigram of its name and description; a term by
-- a cover of its words' trigrams (every third, and each word's last). Whatever contains a term
-- (ILIKE '%term%', which lowercases as lower() does) contains each of the term's words within one
-- of its own, hence every trigram of the term: the index finds a superset of the matches and the
-- ILIKE decides. Both sides are computed by the same function, so they agree on what a letter is
-- and how it lowercases, in every locale.
CREATE FUNCTION fleet_trigram_keys(account text, value text, step int) RETURNS int8[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN ARRAY(
    SELECT hashtextextended(account || ' ' || substr(word, i, 3), 0)
    FROM unnest(regexp_split_to_array(lower(value), '[^[:alnum:]]+')) AS word,
         generate_series(1, length(word) - 2) AS i
    WHERE (i - 1) % step = 0 OR i = length(word) - 2);

-- Name and description together: one index, one scan.
CREATE FUNCTION fleet_search_keys(account text, name text, description text) RETURNS int8[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN fleet_trigram_keys(account, name || ' ' || coalesce(description, ''), 1);

-- The short pending list of migration 20261207184500_clusters_room_for_updates, kept.
CREATE INDEX "clusters_search_keys_idx" ON "clusters" USING GIN (fleet_search_keys("account_id", "name", "description"))
  WITH (gin_pending_list_limit = 256);

-- pg_trgm and btree_gin are no longer used by Fleet. They stay installed: dropping an extension
-- fails wherever anything else uses it, and an unused one costs nothing.
DROP INDEX "clusters_account_id_name_trgm_idx";
DROP INDEX "clusters_account_id_description_trgm_idx";
