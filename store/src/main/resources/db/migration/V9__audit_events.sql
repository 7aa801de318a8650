-- CloudTrail-format audit events, one row per event and recipient account: a cross-account
-- AssumeRole is a row in each account, both carrying one sharedEventID in their document. The
-- document is the full record; the other columns are what events are looked up by. The sequence
-- keeps the order in which events were committed, for a stable order among events of one instant.
CREATE TABLE audit_events (
    event_id       VARCHAR(36)              NOT NULL,
    account_id     VARCHAR(12)              NOT NULL,
    event_time     TIMESTAMP WITH TIME ZONE NOT NULL,
    event_source   VARCHAR(64)              NOT NULL,
    event_name     VARCHAR(128)             NOT NULL,
    read_only      BOOLEAN                  NOT NULL,
    username       VARCHAR(512),
    access_key_id  VARCHAR(128),
    principal_arn  VARCHAR(2048),
    error_code     VARCHAR(128),
    document       VARCHAR(1000000)         NOT NULL,
    CONSTRAINT audit_events_pk PRIMARY KEY (event_id)
);
CREATE INDEX audit_events_account_time ON audit_events (account_id, event_time, event_id);
CREATE INDEX audit_events_time ON audit_events (event_time);

-- The resources an event names (a role, a user, an access key, a repository), for lookups by
-- resource type or name.
CREATE TABLE audit_event_resources (
    event_id       VARCHAR(36)              NOT NULL,
    resource_type  VARCHAR(64)              NOT NULL,
    resource_name  VARCHAR(2048)            NOT NULL,
    CONSTRAINT audit_event_resources_event_fk FOREIGN KEY (event_id)
        REFERENCES audit_events (event_id) ON DELETE CASCADE
);
CREATE INDEX audit_event_resources_event ON audit_event_resources (event_id);
CREATE INDEX audit_event_resources_name ON audit_event_resources (resource_name);
