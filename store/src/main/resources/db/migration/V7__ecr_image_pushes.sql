-- When each image (a manifest digest) was first pushed to an ECR repository, for DescribeImages'
-- imagePushedAt: the registry's API has no such time. Rows come from the registry's push events
-- (or from PutImage), and the earliest time seen for a digest wins, so that putting a manifest
-- back (as deleting one tag of several does) keeps its first push time. They go with their
-- repository.
CREATE TABLE ecr_image_pushes (
    account_id       VARCHAR(12)              NOT NULL,
    repository_name  VARCHAR(256)             NOT NULL,
    digest           VARCHAR(160)             NOT NULL,
    pushed_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ecr_image_pushes_pk PRIMARY KEY (account_id, repository_name, digest),
    CONSTRAINT ecr_image_pushes_repository_fk FOREIGN KEY (account_id, repository_name)
        REFERENCES ecr_repositories (account_id, name) ON DELETE CASCADE
);
