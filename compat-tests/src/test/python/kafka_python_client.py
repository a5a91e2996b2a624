"""kafka-python driver for the compat tests; the command line is clientcli's."""
import sys

import kafka
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.structs import OffsetAndMetadata

import clientcli
from clientcli import Deadline, emit, emit_record

CODECS = {"none": None, "gzip": "gzip", "snappy": "snappy", "lz4": "lz4", "zstd": "zstd"}


def create_topic(a):
    admin = KafkaAdminClient(bootstrap_servers=a.bootstrap, request_timeout_ms=int(a.timeout_s * 1000))
    response = admin.create_topics([NewTopic(a.topic, int(a.partitions), 1)])
    errors = [e for e in response.topic_errors if e[1] != 0]
    if errors:
        raise RuntimeError("create_topics failed: %s" % (errors,))
    admin.close()
    emit("created", topic=a.topic)


def produce(a):
    producer = KafkaProducer(bootstrap_servers=a.bootstrap, compression_type=CODECS[a.codec], linger_ms=50, acks="all")
    futures = [producer.send(a.topic, key=key, value=value, headers=headers, partition=a.partition)
               for key, value, headers in clientcli.read_records()]
    for f in futures:
        metadata = f.get(timeout=a.timeout_s)
        emit("produced", partition=metadata.partition, offset=metadata.offset)
    producer.close()


def emit_msg(m):
    emit_record(m.topic, m.partition, m.offset, m.key, m.value, m.headers)


def poll_records(consumer, deadline, count):
    """Yields exactly count records, polling one at a time so nothing past them is handed to us."""
    seen = 0
    while seen < count:
        deadline.check("%d records" % count)
        for records in consumer.poll(timeout_ms=500, max_records=1).values():
            for m in records:
                seen += 1
                yield m


def consume(a):
    consumer = KafkaConsumer(bootstrap_servers=a.bootstrap, enable_auto_commit=False, auto_offset_reset="earliest")
    partitions = [TopicPartition(a.topic, int(p)) for p in a.partitions.split(",")]
    consumer.assign(partitions)
    consumer.seek_to_beginning(*partitions)
    for m in poll_records(consumer, Deadline(a.timeout_s), a.count):
        emit_msg(m)
    consumer.close()


def group_consume(a):
    consumer = KafkaConsumer(a.topic, bootstrap_servers=a.bootstrap, group_id=a.group, enable_auto_commit=False,
                             auto_offset_reset="earliest")
    for m in poll_records(consumer, Deadline(a.timeout_s), a.count):
        emit_msg(m)
        consumer.commit({TopicPartition(m.topic, m.partition): OffsetAndMetadata(m.offset + 1, "")})
    emit("committed", offsets=[[tp.partition, consumer.committed(tp)] for tp in sorted(consumer.assignment())])
    consumer.close()


ACTIONS = {"create-topic": create_topic, "produce": produce, "consume": consume, "group-consume": group_consume}

if __name__ == "__main__":
    args = clientcli.parse(sys.argv[1:])
    emit("started", client="kafka-python " + kafka.__version__)
    ACTIONS[args.action](args)
