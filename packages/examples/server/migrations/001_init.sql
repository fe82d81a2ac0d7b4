-- Kehu reference server, schema 1: one table of records for every collection and tenant, the
-- change feed, and the sort-key functions that make SQL order values exactly as the storage
-- contract (and the memory store) does. See README.md, section "Storage".

-- Every record of every collection of every tenant. `data` is the entity as validated by core's
-- zod schema, without `version` (which lives in its own column and is bumped by the store).
CREATE TABLE IF NOT EXISTS records (
  tenant_id  text        NOT NULL,
  collection text        NOT NULL,
  id         text        NOT NULL,
  version    integer     NOT NULL CHECK (version > 0),
  data       jsonb       NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, collection, id)
);

-- One row per committed write, in commit order per tenant: the change feed behind `watch` and the
-- GraphQL `changes` subscription. Written in the same transaction as the write it describes.
CREATE TABLE IF NOT EXISTS changes (
  seq        bigserial   PRIMARY KEY,
  tenant_id  text        NOT NULL,
  collection text        NOT NULL,
  id         text        NOT NULL,
  op         text        NOT NULL CHECK (op IN ('put', 'delete')),
  version    integer,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS changes_tenant_seq ON changes (tenant_id, seq);

-- Strings compare by UTF-16 code units in the contract (as IndexedDB keys and JS `<` do). Under
-- COLLATE "C" Postgres compares code points, which differs only for U+E000..U+FFFF against
-- astral characters (UTF-16 puts surrogates, i.e. astral characters, below U+E000). Prefixing
-- each U+E000..U+FFFF character with U+10FFFF lifts it above every astral character and keeps
-- every other comparison as it was.
CREATE OR REPLACE FUNCTION kehu_str_key(s text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN regexp_replace(s, '[\uE000-\uFFFF]', E'\U0010FFFF\\&', 'g');

-- A non-zero number as text that sorts like the number under COLLATE "C": sign, biased decimal
-- exponent, then the significant digits (complemented, and terminated by '~', for negatives).
CREATE OR REPLACE FUNCTION kehu_num_exp(t text) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE
    WHEN split_part(t, '.', 1) <> '0' THEN length(split_part(t, '.', 1)) - 1
    ELSE -(length(split_part(t, '.', 2)) - length(ltrim(split_part(t, '.', 2), '0')) + 1)
  END;

CREATE OR REPLACE FUNCTION kehu_num_key(n numeric) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE
    WHEN n = 0 THEN '2'
    WHEN n > 0 THEN '3' || lpad((1000 + kehu_num_exp(n::text))::text, 4, '0')
      || rtrim(ltrim(replace(n::text, '.', ''), '0'), '0')
    ELSE '1' || lpad((1000 - kehu_num_exp((-n)::text))::text, 4, '0')
      || translate(rtrim(ltrim(replace((-n)::text, '.', ''), '0'), '0'), '0123456789', '9876543210') || '~'
  END;

-- The sort key of a JSON value, in the contract's total order under COLLATE "C":
-- missing/null/array/object ('0') < false ('10') < true ('11') < numbers ('2…') < strings ('3…').
-- Equal keys mean equal values for scalars, so the key also serves equality and ranges, and one
-- expression index per field answers eq, in, ranges and ordered pages.
CREATE OR REPLACE FUNCTION kehu_key(v jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE jsonb_typeof(v)
    WHEN 'string' THEN '3' || kehu_str_key(v #>> '{}')
    WHEN 'number' THEN '2' || kehu_num_key(v::numeric)
    WHEN 'boolean' THEN CASE WHEN v = 'true'::jsonb THEN '11' ELSE '10' END
    ELSE '0'
  END;

-- Multi-entry keys of an array field (tags, emails, phones): one `tenant <US> key` per element,
-- for GIN indexes that keep the tenant first inside every key.
CREATE OR REPLACE FUNCTION kehu_elem_keys(tenant text, v jsonb) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE
    WHEN jsonb_typeof(v) = 'array'
      THEN ARRAY(SELECT tenant || chr(31) || kehu_key(e) FROM jsonb_array_elements(v) AS e)
    ELSE '{}'::text[]
  END;

-- The default order (by id) and every keyset page of it, per tenant and collection.
CREATE INDEX IF NOT EXISTS records_by_id
  ON records (tenant_id, collection, (kehu_str_key(id)) COLLATE "C");
