-- The key crossrole signs registry bearer tokens with: an EC P-256 private key sealed under the
-- master key, and the self-signed certificate the registry trusts. Every node uses the oldest row,
-- so nodes that create one at the same moment still all sign alike.
CREATE TABLE registry_signing_keys (
    key_id              VARCHAR(128)             NOT NULL,
    sealed_private_key  VARCHAR(8192)            NOT NULL,
    certificate_pem     VARCHAR(8192)            NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT registry_signing_keys_pk PRIMARY KEY (key_id)
);
