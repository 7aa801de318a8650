-- ECR repositories, per account (the registry id). Names are lower case by ECR's own rules, so the
-- key is the name as given. The policy is the document as submitted; tags a JSON object.
CREATE TABLE ecr_repositories (
    account_id            VARCHAR(12)              NOT NULL,
    name                  VARCHAR(256)             NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    image_tag_mutability  VARCHAR(16)              NOT NULL,
    scan_on_push          BOOLEAN                  NOT NULL,
    encryption_type       VARCHAR(16)              NOT NULL,
    kms_key               VARCHAR(2048),
    tags_json             VARCHAR(1000000)         NOT NULL,
    policy                VARCHAR(1000000),
    CONSTRAINT ecr_repositories_pk PRIMARY KEY (account_id, name),
    CONSTRAINT ecr_repositories_account_fk FOREIGN KEY (account_id) REFERENCES accounts (account_id)
);
