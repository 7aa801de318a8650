#!/usr/bin/env python3
"""The soak's load driver and verifier: mixed load across two crossrole nodes on one store.

  soak.py setup  --a URL --b URL --data DIR --work DIR
  soak.py drive  --a URL --b URL --work DIR --duration S [--workers N] [--toggle-every S]
  soak.py verify --a URL --b URL --work DIR --kills FILE

setup (as OUR and BUILD's roots, from DIR's profiles, on node A): the seed's role
OURTHINGBUILDROLE trusting BUILD's `builder` with the ExternalId, allowed iam:ListRoles,
ecr:GetAuthorizationToken and push and pull on `ourthing/*`; the repository `ourthing/app`;
builder's keys; one session and its ECR password (WORK/seed.json, mode 600: it holds secrets).

drive: WORKERS threads, each sending its cycle of requests to node A and node B in turn, for
DURATION seconds, each request's start, end, node, operation and outcome written to
WORK/events.jsonl:
  assume       AssumeRole with builder's keys and the right ExternalId (must be allowed)
  assume-wrong the same with a wrong ExternalId (must be denied)
  gci          GetCallerIdentity with temporary credentials of a session issued by either node
  probe        iam:ListRoles with a session (allowed unless the deny policy is in force)
  token        GET /registry/token for ourthing/app pull,push with the ECR password (both actions
               granted unless the deny policy is in force, none while it is)
  write        one step of a user's life as OUR root: create-user, put-user-policy, then for every
               other user delete-user-policy and delete-user; each acknowledged step is appended to
               WORK/acked.jsonl
Meanwhile one more thread puts and deletes the role's inline policy `soak-deny` (Deny
iam:ListRoles and ecr:*) every TOGGLE_EVERY seconds on alternating nodes, retried on the other node
until acknowledged, and writes that timeline to WORK/timeline.jsonl. No client retries: botocore's
retries are off, so every failure is seen.

verify: reads every acknowledged write back through the API (on both nodes), checks every decision
against the timeline (a request judged only when it ran wholly between one change's acknowledgement
and the next change's first attempt), and counts errors per node and 10-second window against the
kill and ready-again times in FILE (lines "kill EPOCH" and "ready EPOCH" of the killed node "b").
Exit status 0 when all three hold, 1 otherwise.
"""
import argparse
import base64
import collections
import configparser
import json
import os
import sys
import threading
import time

import boto3
import botocore.config
import botocore.exceptions
import urllib3

ROLE = "OURTHINGBUILDROLE"
ROLE_ARN = "arn:aws:iam::111111111111:role/" + ROLE
EXTERNAL_ID = "some_key_build"
SCOPE = "repository:111111111111/ourthing/app:pull,push"
DENY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": ["iam:ListRoles", "ecr:*"], "Resource": "*"}]})
USER_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::soak/*"}]})
CYCLE = ["assume", "gci", "token", "probe", "write", "gci", "token", "write", "gci", "probe"]
CLIENT_CONFIG = botocore.config.Config(
    retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=2, read_timeout=15,
    max_pool_connections=4)


def private_write(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def session(keys):
    return boto3.Session(aws_access_key_id=keys["AccessKeyId"],
                         aws_secret_access_key=keys["SecretAccessKey"],
                         aws_session_token=keys.get("SessionToken"), region_name="us-east-1")


def root_keys(data, profile):
    credentials = configparser.ConfigParser()
    credentials.read(os.path.join(data, "credentials"))
    return {"AccessKeyId": credentials[profile]["aws_access_key_id"],
            "SecretAccessKey": credentials[profile]["aws_secret_access_key"]}


# --- setup ---------------------------------------------------------------------------------------

def setup(a):
    ours = root_keys(a.data, "ours")
    build = root_keys(a.data, "build")
    biam = session(build).client("iam", endpoint_url=a.a)
    biam.create_user(UserName="builder")
    biam.put_user_policy(UserName="builder", PolicyName="assume", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": ROLE_ARN}]}))
    builder = biam.create_access_key(UserName="builder")["AccessKey"]
    iam = session(ours).client("iam", endpoint_url=a.a)
    iam.create_role(RoleName=ROLE, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:user/builder"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": EXTERNAL_ID}}}]}))
    iam.put_role_policy(RoleName=ROLE, PolicyName="build", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["iam:ListRoles", "ecr:GetAuthorizationToken"],
             "Resource": "*"},
            {"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
                                           "ecr:BatchCheckLayerAvailability",
                                           "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
                                           "ecr:CompleteLayerUpload", "ecr:PutImage"],
             "Resource": "arn:aws:ecr:us-east-1:111111111111:repository/ourthing/*"}]}))
    session(ours).client("ecr", endpoint_url=a.a).create_repository(repositoryName="ourthing/app")
    creds = session(builder).client("sts", endpoint_url=a.a).assume_role(
        RoleArn=ROLE_ARN, RoleSessionName="soak", ExternalId=EXTERNAL_ID)["Credentials"]
    login = session(creds).client("ecr", endpoint_url=a.b).get_authorization_token()
    user, password = base64.b64decode(
        login["authorizationData"][0]["authorizationToken"]).decode().split(":", 1)
    assert user == "AWS", user
    seed = {"ours": ours, "builder": {k: builder[k] for k in ("AccessKeyId", "SecretAccessKey")},
            "session": {k: creds[k] for k in ("AccessKeyId", "SecretAccessKey", "SessionToken")},
            "password": password}
    private_write(os.path.join(a.work, "seed.json"), json.dumps(seed))
    print(f"setup: role {ROLE_ARN}, builder {builder['AccessKeyId'][:4]}…, a session and an ECR "
          f"login from node B, repository ourthing/app")


# --- drive ---------------------------------------------------------------------------------------

class Log:
    """Appends JSON lines from many threads."""

    def __init__(self, path):
        self.file = open(path, "a", buffering=1)
        self.lock = threading.Lock()

    def write(self, record):
        line = json.dumps(record, separators=(",", ":"))
        with self.lock:
            self.file.write(line + "\n")


def outcome_of(error):
    """A request's outcome: the AWS error code (with the status when 5xx), or 'error:KIND' when
    no answer came."""
    if isinstance(error, botocore.exceptions.ClientError):
        status = error.response["ResponseMetadata"].get("HTTPStatusCode", 0)
        code = error.response["Error"]["Code"]
        return f"http:{status}:{code}" if status >= 500 else code
    return "error:" + type(error).__name__


_local = threading.local()


def clients(keys, service, nodes):
    """A client per node signing with keys. Each thread makes its clients from one boto3 session
    of its own, which loads each service's model once: loading it holds the interpreter lock long
    enough to stall every other thread of the driver."""
    if not hasattr(_local, "boto"):
        _local.boto = boto3.Session(region_name="us-east-1")
    return {name: _local.boto.client(
        service, endpoint_url=url, config=CLIENT_CONFIG,
        aws_access_key_id=keys["AccessKeyId"], aws_secret_access_key=keys["SecretAccessKey"],
        aws_session_token=keys.get("SessionToken")) for name, url in nodes.items()}


class Driver:
    def __init__(self, a):
        self.nodes = {"a": a.a, "b": a.b}
        self.seed = json.load(open(os.path.join(a.work, "seed.json")))
        self.events = Log(os.path.join(a.work, "events.jsonl"))
        self.acked = Log(os.path.join(a.work, "acked.jsonl"))
        self.timeline = Log(os.path.join(a.work, "timeline.jsonl"))
        self.deadline = time.time() + a.duration
        self.toggle_every = a.toggle_every
        # Sessions issued by either node; every worker takes a recent one now and then.
        self.sessions = collections.deque([self.seed["session"]], maxlen=64)
        self.basic = base64.b64encode(("AWS:" + self.seed["password"]).encode()).decode()

    def record(self, op, node, start, outcome, detail=None):
        event = {"op": op, "node": node, "start": start, "end": time.time(), "outcome": outcome}
        if detail is not None:
            event["detail"] = detail
        self.events.write(event)
        return outcome

    def call(self, op, node, fn):
        start = time.time()
        try:
            result = fn()
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError,
                urllib3.exceptions.HTTPError, OSError) as e:
            return self.record(op, node, start, outcome_of(e)), None
        return self.record(op, node, start, "ok"), result

    def worker(self, index):
        ours = clients(self.seed["ours"], "iam", self.nodes)
        builder = clients(self.seed["builder"], "sts", self.nodes)
        http = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=2, read=15))
        users = UserLife(index)
        i = index
        while time.time() < self.deadline:
            if i % 200 == index % 200 or i == index:
                keys = self.sessions[-1]
                sts = clients(keys, "sts", self.nodes)
                iam = clients(keys, "iam", self.nodes)
            # Each operation goes to both nodes: the node alternates, shifted every cycle.
            node = "ab"[(i + i // len(CYCLE)) % 2]
            op = "assume-wrong" if i % 25 == 0 else CYCLE[i % len(CYCLE)]
            i += 1
            if op in ("assume", "assume-wrong"):
                eid = EXTERNAL_ID if op == "assume" else "guessed"
                outcome, result = self.call(op, node, lambda: builder[node].assume_role(
                    RoleArn=ROLE_ARN, RoleSessionName=f"soak-{index}", ExternalId=eid))
                if result:
                    c = result["Credentials"]
                    self.sessions.append({k: c[k] for k in
                                          ("AccessKeyId", "SecretAccessKey", "SessionToken")})
            elif op == "gci":
                self.call(op, node, sts[node].get_caller_identity)
            elif op == "probe":
                self.call(op, node, lambda: iam[node].list_roles(MaxItems=1))
            elif op == "token":
                self.token(http, node)
            else:
                users.step(self, ours[node], node)

    def token(self, http, node):
        start = time.time()
        try:
            r = http.request("GET", self.nodes[node] + "/registry/token",
                             fields={"service": "crossrole-registry", "scope": SCOPE},
                             headers={"Authorization": "Basic " + self.basic})
        except (urllib3.exceptions.HTTPError, OSError) as e:
            return self.record("token", node, start, "error:" + type(e).__name__)
        if r.status != 200:
            return self.record("token", node, start, f"http:{r.status}")
        payload = json.loads(r.data)["token"].split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        actions = sorted(a for entry in claims.get("access", []) for a in entry["actions"])
        return self.record("token", node, start, "ok", ",".join(actions))

    def toggler(self):
        """Puts and deletes the deny policy in turn, each change retried until acknowledged."""
        ours = clients(self.seed["ours"], "iam", self.nodes)
        deny = False
        turn = 0
        next_change = time.time() + self.toggle_every
        while next_change < self.deadline - self.toggle_every:
            time.sleep(max(0.0, next_change - time.time()))
            deny = not deny
            first = time.time()
            while True:
                node = "ab"[turn % 2]
                turn += 1
                if deny:
                    outcome, _ = self.call("deny-put", node, lambda: ours[node].put_role_policy(
                        RoleName=ROLE, PolicyName="soak-deny", PolicyDocument=DENY))
                else:
                    outcome, _ = self.call("deny-delete", node, lambda: ours[
                        node].delete_role_policy(RoleName=ROLE, PolicyName="soak-deny"))
                # A delete whose first attempt took effect unanswered finds nothing to delete.
                if outcome == "ok" or (not deny and outcome == "NoSuchEntity"):
                    break
            self.timeline.write({"deny": deny, "first": first, "acked": time.time()})
            next_change += self.toggle_every

    def run(self, workers):
        threads = [threading.Thread(target=self.worker, args=(w,)) for w in range(workers)]
        threads.append(threading.Thread(target=self.toggler))
        for t in threads:
            t.start()
        for t in threads:
            t.join()


class UserLife:
    """One worker's users, each through create, put policy and, for every other one, deletion.

    A step that gets no acknowledgement abandons its user: what the store holds for it is then
    unknown, and nothing more is done with it.
    """

    def __init__(self, worker):
        self.worker = worker
        self.n = 0
        self.stage = 0

    def name(self):
        return f"soak-{self.worker}-{self.n}"

    def step(self, driver, iam, node):
        user = self.name()
        stages = ["create", "put"] + (["delete-policy", "delete"] if self.n % 2 else [])
        what = stages[self.stage]
        calls = {
            "create": lambda: iam.create_user(UserName=user),
            "put": lambda: iam.put_user_policy(UserName=user, PolicyName="p",
                                               PolicyDocument=USER_POLICY),
            "delete-policy": lambda: iam.delete_user_policy(UserName=user, PolicyName="p"),
            "delete": lambda: iam.delete_user(UserName=user),
        }
        outcome, _ = driver.call("write", node, calls[what])
        driver.acked.write({"user": user, "step": what, "acked": outcome == "ok",
                            "node": node, "at": time.time()})
        self.stage += 1
        if outcome != "ok" or self.stage == len(stages):
            self.n += 1
            self.stage = 0


# --- verify --------------------------------------------------------------------------------------

def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def expected_users(acked):
    """What the acknowledged writes say: user -> (exists, policy) with None for unknown."""
    by_user = collections.defaultdict(list)
    for w in acked:
        by_user[w["user"]].append(w)
    expected = {}
    unknown = 0
    for user, steps in by_user.items():
        if any(not s["acked"] for s in steps):
            unknown += 1
            last_ok = [s["step"] for s in steps if s["acked"]]
            # A user whose deletion was acknowledged is gone whatever came before.
            if "delete" in last_ok:
                expected[user] = (False, None)
            continue
        done = [s["step"] for s in steps]
        if "delete" in done:
            expected[user] = (False, None)
        elif "delete-policy" in done:
            expected[user] = (True, False)
        elif "put" in done:
            expected[user] = (True, True)
        else:
            expected[user] = (True, False)
    return expected, unknown


def document(value):
    """A policy document as boto3 returns it: decoded already, or JSON text."""
    return json.loads(value) if isinstance(value, str) else value


def verify_writes(a, seed, acked, out):
    expected, unknown = expected_users(acked)
    problems = []
    for name, url in (("a", a.a), ("b", a.b)):
        iam = session(seed["ours"]).client("iam", endpoint_url=url)
        present = set()
        for page in iam.get_paginator("list_users").paginate(PathPrefix="/"):
            present.update(u["UserName"] for u in page["Users"])
        for user, (exists, policy) in expected.items():
            if exists != (user in present):
                problems.append(f"node {name}: {user} {'missing' if exists else 'still present'}")
            if not exists or policy is None:
                continue
            names = iam.list_user_policies(UserName=user)["PolicyNames"]
            if policy != ("p" in names):
                problems.append(f"node {name}: {user} policy {'missing' if policy else 'present'}")
            elif policy and document(iam.get_user_policy(UserName=user, PolicyName="p")[
                    "PolicyDocument"]) != json.loads(USER_POLICY):
                problems.append(f"node {name}: {user} policy document differs")
    acks = sum(1 for w in acked if w["acked"])
    out(f"acknowledged writes: {acks} of {len(acked)} sent; {len(expected)} users with a known "
        f"end state ({sum(1 for e in expected.values() if e[0])} present, "
        f"{sum(1 for e in expected.values() if not e[0])} deleted), {unknown} with an "
        f"unacknowledged step; read back on both nodes: {len(problems)} missing or wrong")
    for p in problems[:20]:
        out("  " + p)
    return not problems


def state_at(timeline, start, end):
    """True (deny in force), False, or None when a change may have happened during [start, end]."""
    deny = False
    for change in timeline:
        if change["first"] <= end and change["acked"] >= start:
            return None
        if change["acked"] < start:
            deny = change["deny"]
    return deny


def is_error(event):
    """No answer, or a 5xx: the failures a killed node may cause, never a decision."""
    return event["outcome"].startswith(("error:", "http:5"))


def verify_decisions(events, timeline, out):
    judged = collections.Counter()
    unjudged = collections.Counter()
    wrong = []
    for e in events:
        if is_error(e):
            continue
        op = e["op"]
        if op in ("assume", "gci"):
            right = e["outcome"] == "ok"
        elif op == "assume-wrong":
            right = e["outcome"] == "AccessDenied"
        elif op in ("probe", "token"):
            deny = state_at(timeline, e["start"], e["end"])
            if deny is None:
                unjudged[op] += 1
                continue
            if op == "probe":
                right = (e["outcome"] == "AccessDenied") == deny
            else:
                right = e["outcome"] == "ok" and e.get("detail") == ("" if deny else "pull,push")
        else:
            continue
        judged[op] += 1
        if not right:
            wrong.append(e)
    denied_windows = sum(1 for c in timeline if c["deny"])
    out(f"decisions judged against the policies in force: {sum(judged.values())} "
        f"({', '.join(f'{k} {v}' for k, v in sorted(judged.items()))}); left out while a change "
        f"was under way: {sum(unjudged.values())}; policy changes: {len(timeline)} "
        f"({denied_windows} deny windows); contradicting: {len(wrong)}")
    for e in wrong[:20]:
        out("  " + json.dumps(e))
    return not wrong


def verify_errors(events, kills, out):
    t0 = min(e["start"] for e in events)
    kill = next(t for what, t in kills if what == "kill")
    ready = next(t for what, t in kills if what == "ready")
    errors = [e for e in events if is_error(e)]
    by_window = collections.defaultdict(collections.Counter)
    for e in errors:
        by_window[e["node"]][int((e["start"] - t0) // 10) * 10] += 1
    total = collections.Counter(e["node"] for e in events)
    out(f"kill -9 of node b at +{kill - t0:.1f} s, ready again at +{ready - t0:.1f} s "
        f"(down {ready - kill:.1f} s)")
    for node in ("a", "b"):
        windows = ", ".join(f"+{w}s: {n}" for w, n in sorted(by_window[node].items())) or "none"
        out(f"errors on node {node}: {sum(by_window[node].values())} of {total[node]} requests; "
            f"by 10-s window of their start: {windows}")
    unexplained = [e for e in errors
                   if e["node"] != "b" or not (e["end"] >= kill and e["start"] <= ready)]
    in_flight = sum(1 for e in errors if e["node"] == "b" and e["start"] < kill <= e["end"])
    sent_down = [e for e in events if e["node"] == "b" and kill <= e["start"] <= ready]
    starts = sorted(e["start"] for e in events)
    stall = max((b - a, a) for a, b in zip(starts, starts[1:]))
    out(f"requests to node b sent while it was down: {len(sent_down)}; the driver's longest pause "
        f"between two request starts: {stall[0]:.1f} s at +{stall[1] - t0:.1f} s")
    out(f"errors of requests in flight at the kill: {in_flight}; sent while node b was down: "
        f"{sum(1 for e in errors if e['node'] == 'b' and kill <= e['start'] <= ready)}; "
        f"outside the kill-to-ready window or on node a: {len(unexplained)}")
    kinds = collections.Counter((e["node"], e["outcome"]) for e in errors)
    for (node, kind), n in sorted(kinds.items()):
        out(f"  node {node}: {kind} × {n}")
    for e in unexplained[:20]:
        out("  unexplained: " + json.dumps(e))
    if not sent_down:
        out("  the kill was not exercised: no request reached node b while it was down")
    return not unexplained and bool(sent_down)


def summarize(events, out):
    t0 = min(e["start"] for e in events)
    t1 = max(e["end"] for e in events)
    out(f"requests: {len(events)} in {t1 - t0:.0f} s ({len(events) / (t1 - t0):.0f}/s)")
    by_op = collections.defaultdict(list)
    for e in events:
        by_op[(e["op"], e["node"])].append(e)
    for (op, node), es in sorted(by_op.items()):
        ms = sorted((e["end"] - e["start"]) * 1000 for e in es)
        outcomes = collections.Counter(e["outcome"] + (":" + e["detail"] if "detail" in e else "")
                                       for e in es)
        out(f"  {op:13} node {node}: {len(es):6}  p50 {ms[len(ms) // 2]:7.1f} ms  "
            f"p99 {ms[int(len(ms) * 0.99)]:7.1f} ms  "
            + ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))


def verify(a):
    lines = []

    def out(text):
        print(text)
        lines.append(text)

    seed = json.load(open(os.path.join(a.work, "seed.json")))
    events = read_jsonl(os.path.join(a.work, "events.jsonl"))
    timeline = read_jsonl(os.path.join(a.work, "timeline.jsonl"))
    kills = [(w, float(t)) for w, t in (line.split() for line in open(a.kills) if line.strip())]
    summarize(events, out)
    ok = [verify_writes(a, seed, read_jsonl(os.path.join(a.work, "acked.jsonl")), out),
          verify_decisions(events, timeline, out),
          verify_errors(events, kills, out)]
    out("verdict: " + ("all acknowledged writes present, no contradicting decision, errors only "
                       "on the killed node between its kill and ready-again" if all(ok)
                       else "FAILED (see above)"))
    return 0 if all(ok) else 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["setup", "drive", "verify"])
    ap.add_argument("--a", required=True)
    ap.add_argument("--b", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--data")
    ap.add_argument("--duration", type=float, default=300)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--toggle-every", type=float, default=5)
    ap.add_argument("--kills")
    a = ap.parse_args()
    if a.command == "setup":
        setup(a)
    elif a.command == "drive":
        Driver(a).run(a.workers)
    else:
        sys.exit(verify(a))


if __name__ == "__main__":
    main()
