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
-- and how it lowercases, whatever the database's locale (pg_trgm's show_trgm classifies letters by
-- the C library's locale and may split a word that lower() reads whole).
CREATE FUNCTION fleet_trigram_key(account text, trigram text) RETURNS int8
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN hashtextextended(account || ' ' || trigram, 0);

CREATE FUNCTION fleet_trigram_keys(account text, value text, step int) RETURNS int8[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN ARRAY(
    SELECT fleet_trigram_key(account, substr(word, i, 3))
    FROM unnest(regexp_split_to_array(lower(value), '[^[:alnum:]]+')) AS word,
         generate_series(1, length(word) - 2) AS i
    WHERE (i - 1) % step = 0 OR i = length(word) - 2);

-- The keys cover a row's first 1,000 characters, so that a long description costs no more to key
-- than a short one; a longer row also carries its account's "long" key (the empty trigram), which
-- every search asks for beside the term's keys, and the ILIKE finds what lies past the cut.
CREATE FUNCTION fleet_search_keys(account text, name text, description text) RETURNS int8[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN fleet_trigram_keys(account, left(name || ' ' || coalesce(description, ''), 1000), 1)
    || CASE WHEN length(name) + length(coalesce(description, '')) >= 1000
            THEN ARRAY[fleet_trigram_key(account, '')] ELSE '{}'::int8[] END;

-- The short pending list of migration 20261207184500_clusters_room_for_updates, kept.
CREATE INDEX "clusters_search_keys_idx" ON "clusters" USING GIN (fleet_search_keys("account_id", "name", "description"))
  WITH (gin_pending_list_limit = 256);

-- pg_trgm and btree_gin are no longer used by Fleet. They stay installed: dropping an extension
-- fails wherever anything else uses it, and an unused one costs nothing.
DROP INDEX IF EXISTS "clusters_account_id_name_trgm_idx";
DROP INDEX IF EXISTS "clusters_account_id_description_trgm_idx";
