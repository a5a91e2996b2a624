"""The command line shared by the Python client drivers (confluent_client.py, kafka_python_client.py).

A driver is run by the Java harness (ExternalClient) as one process per action and speaks JSON lines:
records to produce arrive on stdin, everything it observes is printed to stdout, one JSON object per
line, with keys, values and header values as hex so any byte survives. Errors go to stderr and end
the process with a non-zero exit code: nothing is swallowed.
"""
import argparse
import json
import sys
import time


def unhex(s):
    return None if s is None else bytes.fromhex(s)


def tohex(b):
    return None if b is None else bytes(b).hex()


def emit(event, **fields):
    fields["event"] = event
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def emit_record(topic, partition, offset, key, value, headers):
    emit("record", topic=topic, partition=partition, offset=offset, key=tohex(key), value=tohex(value),
         headers=[[name, tohex(v)] for name, v in (headers or [])])


def read_records():
    """Records to produce, one JSON object a line on stdin: {"key": hex|null, "value": hex|null, "headers": [[name, hex]]}."""
    out = []
    for line in sys.stdin:
        line = line.strip()
        if line:
            r = json.loads(line)
            out.append((unhex(r.get("key")), unhex(r.get("value")),
                        [(h[0], unhex(h[1])) for h in r.get("headers", [])]))
    return out


def parse(argv):
    p = argparse.ArgumentParser()
    p.add_argument("action", choices=["create-topic", "produce", "consume", "group-consume", "static-member"])
    p.add_argument("--bootstrap", required=True)
    p.add_argument("--topic", required=True)
    p.add_argument("--partitions", default="1", help="create-topic: a count; consume: a comma-separated list")
    p.add_argument("--partition", type=int, default=0)
    p.add_argument("--codec", default="none")
    p.add_argument("--count", type=int, default=0)
    p.add_argument("--group")
    p.add_argument("--instance")
    p.add_argument("--assignor", default="range")
    p.add_argument("--session-timeout-ms", type=int, default=30000)
    p.add_argument("--timeout-s", type=float, default=60.0)
    return p.parse_args(argv)


class Deadline:
    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def check(self, what):
        if time.monotonic() > self.end:
            raise TimeoutError("timed out waiting for " + what)
