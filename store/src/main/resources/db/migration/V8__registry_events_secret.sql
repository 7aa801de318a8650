-- The secret a registry run outside crossrole (--registry URL) sends with its push events, sealed
-- under the master key. The table holds one row at most (its slot is always 1), so nodes that
-- create a secret at the same moment store one of them and all read that one.
CREATE TABLE registry_events_secret (
    slot           SMALLINT                 NOT NULL,
    secret_id      VARCHAR(64)              NOT NULL,
    sealed_secret  VARCHAR(1024)            NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT registry_events_secret_pk PRIMARY KEY (slot),
    CONSTRAINT registry_events_secret_one_row CHECK (slot = 1)
);
