-- Groups (iam_groups: GROUPS is a keyword of H2) and their members, customer managed policies with
-- their versions, and the attachments of managed policies (customer or AWS managed) to users,
-- groups and roles.
-- One script for H2 (2.x, default mode) and PostgreSQL, as V1.

CREATE TABLE iam_groups (
    account_id  VARCHAR(12)              NOT NULL,
    name_lc     VARCHAR(128)             NOT NULL,
    name        VARCHAR(128)             NOT NULL,
    path        VARCHAR(512)             NOT NULL,
    group_id    VARCHAR(128)             NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT groups_pk PRIMARY KEY (account_id, name_lc),
    CONSTRAINT groups_group_id_uq UNIQUE (group_id),
    CONSTRAINT groups_account_fk FOREIGN KEY (account_id) REFERENCES accounts (account_id)
);

-- A user's membership of a group; renaming a group carries its members along (ON UPDATE CASCADE).
CREATE TABLE group_members (
    account_id     VARCHAR(12)  NOT NULL,
    group_name_lc  VARCHAR(128) NOT NULL,
    user_name_lc   VARCHAR(64)  NOT NULL,
    CONSTRAINT group_members_pk PRIMARY KEY (account_id, group_name_lc, user_name_lc),
    CONSTRAINT group_members_group_fk FOREIGN KEY (account_id, group_name_lc)
        REFERENCES iam_groups (account_id, name_lc) ON UPDATE CASCADE,
    CONSTRAINT group_members_user_fk FOREIGN KEY (account_id, user_name_lc)
        REFERENCES users (account_id, name_lc)
);

CREATE INDEX group_members_user_ix ON group_members (account_id, user_name_lc);

-- Customer managed policies. Names are unique per account regardless of case and path; the ARN
-- (with the path and the name as given) is what attachments and boundaries refer to.
-- default_version is the number N of the default version vN; next_version is the number of the
-- version to create next: version ids are never reused. updated_at is when the newest version was
-- created, as IAM reports UpdateDate.
CREATE TABLE managed_policies (
    account_id          VARCHAR(12)              NOT NULL,
    name_lc             VARCHAR(128)             NOT NULL,
    name                VARCHAR(128)             NOT NULL,
    path                VARCHAR(512)             NOT NULL,
    arn                 VARCHAR(2048)            NOT NULL,
    arn_lc              VARCHAR(2048)            NOT NULL,
    policy_id           VARCHAR(128)             NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    description         VARCHAR(1000),
    default_version     INTEGER                  NOT NULL,
    next_version        INTEGER                  NOT NULL,
    tags_json           VARCHAR(1000000)         NOT NULL,
    CONSTRAINT managed_policies_pk PRIMARY KEY (account_id, name_lc),
    CONSTRAINT managed_policies_arn_uq UNIQUE (arn_lc),
    CONSTRAINT managed_policies_policy_id_uq UNIQUE (policy_id),
    CONSTRAINT managed_policies_account_fk FOREIGN KEY (account_id) REFERENCES accounts (account_id)
);

CREATE TABLE managed_policy_versions (
    account_id      VARCHAR(12)              NOT NULL,
    policy_name_lc  VARCHAR(128)             NOT NULL,
    version_number  INTEGER                  NOT NULL,
    document        VARCHAR(1000000)         NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT managed_policy_versions_pk PRIMARY KEY (account_id, policy_name_lc, version_number),
    CONSTRAINT managed_policy_versions_policy_fk FOREIGN KEY (account_id, policy_name_lc)
        REFERENCES managed_policies (account_id, name_lc)
);

-- A managed policy attached to a user, group or role, by the policy's ARN as stored (lower-cased
-- in policy_arn_lc for lookups). AWS managed policies have no row in managed_policies, so there is
-- no foreign key to it; the holder is locked as for inline policies.
CREATE TABLE policy_attachments (
    account_id      VARCHAR(12)   NOT NULL,
    holder_type     VARCHAR(8)    NOT NULL,
    holder_name_lc  VARCHAR(128)  NOT NULL,
    policy_arn_lc   VARCHAR(2048) NOT NULL,
    policy_arn      VARCHAR(2048) NOT NULL,
    policy_name     VARCHAR(128)  NOT NULL,
    CONSTRAINT policy_attachments_pk
        PRIMARY KEY (account_id, holder_type, holder_name_lc, policy_arn_lc),
    CONSTRAINT policy_attachments_holder_type_ck CHECK (holder_type IN ('USER', 'ROLE', 'GROUP')),
    CONSTRAINT policy_attachments_account_fk FOREIGN KEY (account_id) REFERENCES accounts (account_id)
);

CREATE INDEX policy_attachments_policy_ix ON policy_attachments (account_id, policy_arn_lc);

CREATE INDEX users_boundary_ix ON users (account_id, permissions_boundary_arn);

CREATE INDEX roles_boundary_ix ON roles (account_id, permissions_boundary_arn);
