-- The identity domain: accounts, users, access keys, roles, inline policies, session-token keys.
-- One script for H2 (2.x, default mode) and PostgreSQL: standard types and constraints only.
--
-- IAM names are unique per account regardless of case: each named entity keeps the name as given
-- and a lower-cased copy (*_lc, lower-cased by the application with Locale.ROOT) that the keys use.
-- Timestamps are kept to the microsecond (both databases' precision) in UTC.
-- Long texts (policy documents, tags as a JSON object) fit VARCHAR(1000000) on both databases.

CREATE TABLE accounts (
    account_id  VARCHAR(12)              NOT NULL,
    name        VARCHAR(64)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT accounts_pk PRIMARY KEY (account_id),
    CONSTRAINT accounts_name_uq UNIQUE (name)
);

CREATE TABLE users (
    account_id                VARCHAR(12)              NOT NULL,
    name_lc                   VARCHAR(64)              NOT NULL,
    name                      VARCHAR(64)              NOT NULL,
    path                      VARCHAR(512)             NOT NULL,
    user_id                   VARCHAR(128)             NOT NULL,
    created_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    permissions_boundary_arn  VARCHAR(2048),
    tags_json                 VARCHAR(1000000)         NOT NULL,
    CONSTRAINT users_pk PRIMARY KEY (account_id, name_lc),
    CONSTRAINT users_user_id_uq UNIQUE (user_id),
    CONSTRAINT users_account_fk FOREIGN KEY (account_id) REFERENCES accounts (account_id)
);

-- A key of a user, or of the account's root when user_name_lc is null (the foreign key to users
-- is not checked then: MATCH SIMPLE, the default on both databases).
CREATE TABLE access_keys (
    access_key_id  VARCHAR(128)             NOT NULL,
    account_id     VARCHAR(12)              NOT NULL,
    user_name_lc   VARCHAR(64),
    user_name      VARCHAR(64),
    status         VARCHAR(16)              NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    sealed_secret  VARCHAR(8192)            NOT NULL,
    last_used_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT access_keys_pk PRIMARY KEY (access_key_id),
    CONSTRAINT access_keys_status_ck CHECK (status IN ('Active', 'Inactive')),
    CONSTRAINT access_keys_user_name_ck CHECK ((user_name IS NULL) = (user_name_lc IS NULL)),
    CONSTRAINT access_keys_account_fk FOREIGN KEY (account_id) REFERENCES accounts (account_id),
    CONSTRAINT access_keys_user_fk FOREIGN KEY (account_id, user_name_lc)
        REFERENCES users (account_id, name_lc)
);

CREATE INDEX access_keys_owner_ix ON access_keys (account_id, user_name_lc);

CREATE TABLE roles (
    account_id                 VARCHAR(12)              NOT NULL,
    name_lc                    VARCHAR(64)              NOT NULL,
    name                       VARCHAR(64)              NOT NULL,
    path                       VARCHAR(512)             NOT NULL,
    role_id                    VARCHAR(128)             NOT NULL,
    created_at                 TIMESTAMP WITH TIME ZONE NOT NULL,
    trust_policy               VARCHAR(1000000)         NOT NULL,
    description                VARCHAR(1000),
    max_session_duration       INTEGER                  NOT NULL,
    permissions_boundary_arn   VARCHAR(2048),
    tags_json                  VARCHAR(1000000)         NOT NULL,
    CONSTRAINT roles_pk PRIMARY KEY (account_id, name_lc),
    CONSTRAINT roles_role_id_uq UNIQUE (role_id),
    CONSTRAINT roles_account_fk FOREIGN KEY (account_id) REFERENCES accounts (account_id)
);

-- Inline policies of users, roles and groups. The holder is named by type and lower-cased name;
-- there is no foreign key because the holder lives in one of several tables: the application locks
-- the holder's row (SELECT ... FOR UPDATE) before it writes a policy or deletes the holder.
CREATE TABLE inline_policies (
    account_id      VARCHAR(12)      NOT NULL,
    holder_type     VARCHAR(8)       NOT NULL,
    holder_name_lc  VARCHAR(128)     NOT NULL,
    holder_name     VARCHAR(128)     NOT NULL,
    policy_name_lc  VARCHAR(128)     NOT NULL,
    policy_name     VARCHAR(128)     NOT NULL,
    document        VARCHAR(1000000) NOT NULL,
    CONSTRAINT inline_policies_pk
        PRIMARY KEY (account_id, holder_type, holder_name_lc, policy_name_lc),
    CONSTRAINT inline_policies_holder_type_ck CHECK (holder_type IN ('USER', 'ROLE', 'GROUP')),
    CONSTRAINT inline_policies_account_fk FOREIGN KEY (account_id) REFERENCES accounts (account_id)
);

-- Session-token keys, their material sealed under the master key by the caller.
CREATE TABLE token_keys (
    key_id           VARCHAR(128)             NOT NULL,
    sealed_material  VARCHAR(8192)            NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT token_keys_pk PRIMARY KEY (key_id)
);
