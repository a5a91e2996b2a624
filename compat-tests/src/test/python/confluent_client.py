"""confluent-kafka-python (librdkafka) driver for the compat tests; the command line is clientcli's."""
import json
import select
import sys

import confluent_kafka
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

import clientcli
from clientcli import Deadline, emit, emit_record


def create_topic(a):
    admin = AdminClient({"bootstrap.servers": a.bootstrap})
    for topic, future in admin.create_topics([NewTopic(a.topic, int(a.partitions), 1)]).items():
        future.result(a.timeout_s)
        emit("created", topic=topic)


def produce(a):
    producer = Producer({"bootstrap.servers": a.bootstrap, "compression.type": a.codec,
                         "enable.idempotence": True, "linger.ms": 50})
    errors = []

    def delivered(err, msg):
        if err is not None:
            errors.append(str(err))
        else:
            emit("produced", partition=msg.partition(), offset=msg.offset())

    for key, value, headers in clientcli.read_records():
        producer.produce(a.topic, key=key, value=value, headers=headers, partition=a.partition, on_delivery=delivered)
    remaining = producer.flush(a.timeout_s)
    if errors or remaining:
        raise RuntimeError("produce failed: %s, %d undelivered" % (errors, remaining))


def consumer_config(a, **extra):
    config = {"bootstrap.servers": a.bootstrap, "group.id": a.group or "unused", "enable.auto.commit": False,
              "auto.offset.reset": "earliest", "enable.partition.eof": False}
    config.update(extra)
    return config


def poll_record(consumer, deadline, what):
    while True:
        deadline.check(what)
        msg = consumer.poll(0.5)
        if msg is None:
            continue
        if msg.error():
            raise KafkaException(msg.error())
        return msg


def emit_msg(msg):
    emit_record(msg.topic(), msg.partition(), msg.offset(), msg.key(), msg.value(), msg.headers())


def consume(a):
    consumer = Consumer(consumer_config(a))
    consumer.assign([TopicPartition(a.topic, int(p), confluent_kafka.OFFSET_BEGINNING) for p in a.partitions.split(",")])
    deadline = Deadline(a.timeout_s)
    for _ in range(a.count):
        emit_msg(poll_record(consumer, deadline, "%d records" % a.count))
    consumer.close()


def group_consume(a):
    consumer = Consumer(consumer_config(a))
    consumer.subscribe([a.topic])
    deadline = Deadline(a.timeout_s)
    for _ in range(a.count):
        msg = poll_record(consumer, deadline, "%d records" % a.count)
        emit_msg(msg)
        consumer.commit(message=msg, asynchronous=False)  # after processing: at-least-once
    emit("committed", offsets=[[tp.partition, tp.offset] for tp in
                               consumer.committed(consumer.assignment(), a.timeout_s)])
    consumer.close()


def generation(consumer):
    """The generation librdkafka holds, from its serialised group metadata ("CGMDv2:" + int32 little-endian)."""
    md = consumer.consumer_group_metadata()
    if not isinstance(md, bytes) or not md.startswith(b"CGMDv2:"):
        raise RuntimeError("unexpected consumer group metadata %r" % (md,))
    return int.from_bytes(md[7:11], "little", signed=True)


def static_member(a):
    """A static member (group.instance.id) that consumes and commits until 'stop' arrives on stdin.

    It reports each assignment and revocation with the generation it holds, each record, and each commit;
    'stop' closes it (a static member's close sends no LeaveGroup), EOF on stdin does the same.
    """
    consumer = Consumer(consumer_config(a, **{"group.instance.id": a.instance,
                                              "session.timeout.ms": a.session_timeout_ms,
                                              "partition.assignment.strategy": a.assignor}))

    def assigned(c, partitions):
        emit("assigned", partitions=sorted(p.partition for p in partitions))
        if a.assignor == "cooperative-sticky":
            c.incremental_assign(partitions)

    def revoked(c, partitions):
        emit("revoked", partitions=sorted(p.partition for p in partitions))
        if a.assignor == "cooperative-sticky":
            c.incremental_unassign(partitions)

    consumer.subscribe([a.topic], on_assign=assigned, on_revoke=revoked)
    reported_generation = None
    while True:
        msg = consumer.poll(0.2)
        if msg is not None:
            if msg.error():
                raise KafkaException(msg.error())
            emit_msg(msg)
            consumer.commit(message=msg, asynchronous=False)
            emit("committed", partition=msg.partition(), offset=msg.offset() + 1)
        if consumer.assignment():
            g = generation(consumer)
            if g != reported_generation:
                reported_generation = g
                emit("generation", generation=g, partitions=sorted(p.partition for p in consumer.assignment()))
        if select.select([sys.stdin], [], [], 0)[0]:
            line = sys.stdin.readline()
            if line == "" or line.strip() == "stop":
                break
    consumer.close()
    emit("closed")


ACTIONS = {"create-topic": create_topic, "produce": produce, "consume": consume, "group-consume": group_consume,
           "static-member": static_member}

if __name__ == "__main__":
    args = clientcli.parse(sys.argv[1:])
    emit("started", client="confluent-kafka-python " + confluent_kafka.version()[0],
         librdkafka=confluent_kafka.libversion()[0])
    ACTIONS[args.action](args)
