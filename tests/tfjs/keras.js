// TensorFlow.js 4.22 (Google's port of Keras, pure-JS CPU backend) as the reference Keras of KerasSharp's tests.
//
//   node keras.js JOB.json
//
// JOB is {"jobs": [...]}; each job names a folder holding a model in TensorFlow.js's layers-model format (as
// KerasSharp's SaveTensorflowJSFormat writes it) and inputs as raw little-endian float32 files:
//   {"name", "model": DIR, "inputs": [{"file", "shape"}], "out": FILE}                      predicts; writes the outputs
//   {"name", "model": DIR, "inputs": [...], "targets": [...], "train": {"optimizer": {...}, "loss", "batch_size", "epochs"},
//    "out": FILE}                                                                          fits without shuffling; writes the weights
// and it writes FILE (raw float32, the outputs or weights one after another) and FILE.json (their names and shapes,
// and for training the History).
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

function tensorOf(spec) {
  const bytes = fs.readFileSync(spec.file);
  return tf.tensor(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4), spec.shape, 'float32');
}

async function load(dir) {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const specs = [];
  const buffers = [];
  for (const group of json.weightsManifest) {
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
    specs.push(...group.weights);
  }
  const data = Buffer.concat(buffers);
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }));
}

function optimizer(o) {
  switch (o.name) {
    case 'sgd': return o.momentum ? tf.train.momentum(o.lr, o.momentum, o.nesterov) : tf.train.sgd(o.lr);
    case 'adam': return tf.train.adam(o.lr, o.beta_1, o.beta_2, o.epsilon);
    case 'rmsprop': return tf.train.rmsprop(o.lr, o.rho, 0, o.epsilon);
    default: throw new Error('unknown optimizer ' + o.name);
  }
}

function write(file, tensors, names, extra) {
  const arrays = tensors.map(t => t.dataSync());
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const a of arrays) { all.set(a, at); at += a.length; }
  fs.writeFileSync(file, Buffer.from(all.buffer));
  fs.writeFileSync(file + '.json', JSON.stringify({ names, shapes: tensors.map(t => t.shape), ...extra }));
}

async function run(job) {
  const model = await load(job.model);
  const inputs = job.inputs.map(tensorOf);
  const x = inputs.length === 1 ? inputs[0] : inputs;
  if (!job.train) {
    let outputs = model.predict(x);
    if (!Array.isArray(outputs)) outputs = [outputs];
    write(job.out, outputs, model.outputNames, {});
    return;
  }
  const targets = job.targets.map(tensorOf);
  model.compile({ optimizer: optimizer(job.train.optimizer), loss: job.train.loss, metrics: job.train.metrics || [] });
  const history = await model.fit(x, targets.length === 1 ? targets[0] : targets,
    { batchSize: job.train.batch_size, epochs: job.train.epochs, shuffle: false, verbose: 0 });
  write(job.out, model.weights.map(w => w.read()), model.weights.map(w => w.originalName), { history: history.history });
}

(async () => {
  const { jobs } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  for (const job of jobs) {
    try {
      await run(job);
    } catch (e) {
      console.error(`${job.name}: ${e.stack || e}`);
      process.exitCode = 1;
    }
  }
})();
