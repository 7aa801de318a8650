-- The unique ids of the users and roles a role's trust policy names by ARN, as a JSON object
-- {arn: id}: a principal deleted and recreated under the same name gets a new id and is no longer
-- trusted, as in IAM.
ALTER TABLE roles ADD COLUMN trust_principal_ids VARCHAR(1000000) DEFAULT '{}' NOT NULL;
