// kafkajs driver for the compat tests, with the command line of ../python/clientcli.py: one action a
// process; records to produce arrive on stdin as JSON lines, everything observed goes to stdout as JSON
// lines with keys, values and header values in hex. Any error ends the process with exit code 1.
'use strict'
const readline = require('readline')
const { Kafka, CompressionTypes, CompressionCodecs, logLevel } = require('kafkajs')
const LZ4Codec = require('kafkajs-lz4')
const SnappyCodec = require('kafkajs-snappy')

// kafkajs has gzip built in; lz4 and snappy come from their plugins. No zstd plugin installs on
// Node 20 (see package.json's description): kafkajs here neither writes nor reads zstd batches.
CompressionCodecs[CompressionTypes.LZ4] = new LZ4Codec().codec
CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec
const CODECS = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP, snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4 }

function parse (argv) {
  const a = { action: argv[0], partitions: '1', partition: 0, codec: 'none', count: 0, timeoutS: 60 }
  for (let i = 1; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase())
    a[name] = argv[i + 1]
  }
  a.partition = Number(a.partition)
  a.count = Number(a.count)
  a.timeoutS = Number(a.timeoutS)
  return a
}

const emit = (event, fields) => process.stdout.write(JSON.stringify(Object.assign({ event }, fields)) + '\n')
const hex = (b) => (b === null || b === undefined ? null : Buffer.from(b).toString('hex'))
const unhex = (s) => (s === null || s === undefined ? null : Buffer.from(s, 'hex'))

function emitRecord (topic, partition, message) {
  // kafkajs groups repeated header names into an array, in arrival order.
  const headers = []
  for (const [name, value] of Object.entries(message.headers || {})) {
    for (const v of Array.isArray(value) ? value : [value]) headers.push([name, hex(v)])
  }
  emit('record', { topic, partition, offset: Number(message.offset), key: hex(message.key), value: hex(message.value), headers })
}

async function readRecords () {
  const out = []
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (!line.trim()) continue
    const r = JSON.parse(line)
    const headers = {}
    for (const [name, v] of r.headers || []) {
      if (name in headers) headers[name] = [].concat(headers[name], unhex(v))
      else headers[name] = unhex(v)
    }
    out.push({ key: unhex(r.key), value: unhex(r.value), headers })
  }
  return out
}

function withTimeout (a, what, promise) {
  let timer
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out waiting for ' + what)), a.timeoutS * 1000)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

async function createTopic (kafka, a) {
  const admin = kafka.admin()
  await admin.connect()
  const created = await admin.createTopics({ topics: [{ topic: a.topic, numPartitions: Number(a.partitions), replicationFactor: 1 }], waitForLeaders: true })
  if (!created) throw new Error('topic ' + a.topic + ' was not created')
  await admin.disconnect()
  emit('created', { topic: a.topic })
}

async function produce (kafka, a) {
  const records = await readRecords()
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
  await producer.connect()
  const messages = records.map((r) => Object.assign({ partition: a.partition }, r))
  const results = await producer.send({ topic: a.topic, acks: -1, compression: CODECS[a.codec], messages })
  // One result a partition with its base offset; the batch holds the records in order.
  for (const r of results) {
    for (let i = 0; i < messages.length; i++) emit('produced', { partition: r.partition, offset: Number(r.baseOffset) + i })
  }
  await producer.disconnect()
}

// Consumes until count records arrived; onRecord runs before the next record is handed over.
async function consumeUntil (consumer, a, onRecord) {
  let seen = 0
  await withTimeout(a, a.count + ' records', new Promise((resolve, reject) => {
    consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        if (seen >= a.count) return
        try {
          emitRecord(topic, partition, message)
          await onRecord(topic, partition, message)
          if (++seen === a.count) resolve()
        } catch (e) { reject(e) }
      }
    }).catch(reject)
  }))
}

async function consume (kafka, a) {
  // kafkajs consumes only through a group: reading a topic from the beginning (all its partitions,
  // whatever --partitions says) is a fresh group that commits nothing.
  const consumer = kafka.consumer({ groupId: 'kafkajs-reader-' + process.pid + '-' + Date.now() })
  await consumer.connect()
  await consumer.subscribe({ topic: a.topic, fromBeginning: true })
  await consumeUntil(consumer, a, async () => {})
  await consumer.disconnect()
}

async function groupConsume (kafka, a) {
  const consumer = kafka.consumer({ groupId: a.group })
  await consumer.connect()
  await consumer.subscribe({ topic: a.topic, fromBeginning: true })
  const committed = {}
  await consumeUntil(consumer, a, async (topic, partition, message) => {
    const next = (BigInt(message.offset) + 1n).toString()
    await consumer.commitOffsets([{ topic, partition, offset: next }]) // after processing: at-least-once
    committed[partition] = Number(next)
  })
  emit('committed', { offsets: Object.entries(committed).map(([p, o]) => [Number(p), o]) })
  await consumer.disconnect()
}

const ACTIONS = { 'create-topic': createTopic, produce, consume, 'group-consume': groupConsume }

async function main () {
  const a = parse(process.argv.slice(2))
  const kafka = new Kafka({ clientId: 'skiff-compat-kafkajs', brokers: [a.bootstrap], logLevel: logLevel.WARN,
    logCreator: () => ({ level, log }) => process.stderr.write(JSON.stringify(Object.assign({ level }, log)) + '\n') })
  emit('started', { client: 'kafkajs ' + require('kafkajs/package.json').version })
  await ACTIONS[a.action](kafka, a)
}

main().then(() => process.exit(0), (e) => { process.stderr.write('FAILED: ' + (e && e.stack ? e.stack : e) + '\n'); process.exit(1) })
