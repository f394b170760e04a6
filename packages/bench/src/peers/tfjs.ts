/**
 * The tfjs peer: @tensorflow/tfjs-layers on @tensorflow/tfjs-backend-wasm, the same WASM binary (XNNPACK, SIMD,
 * 1 thread under Node) that @poise/backend-wasm drives; `useWasm()` has already made 'wasm' tfjs's backend.
 *
 * tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter` kernel, so a tfjs-layers conv net cannot train on it as
 * shipped. `registerConv2dFilterGrad` adds one that calls the backend's own `Conv3DBackpropFilterV2` C kernel
 * with a depth of 1 (the same math; no data is moved out of the WASM heap).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export { tf, tfl };

let registered = false;

export function registerConv2dFilterGrad(): void {
  if (registered || tf.getKernel('Conv2DBackpropFilter', 'wasm') !== undefined) return;
  const conv3d = tf.getKernel('Conv3DBackpropFilterV2', 'wasm');
  if (conv3d === undefined) throw new Error('tfjs-backend-wasm has neither Conv2DBackpropFilter nor Conv3DBackpropFilterV2');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as unknown as Record<string, tf.TensorInfo>;
      const a = attrs as unknown as { strides: number | [number, number]; pad: unknown; dataFormat?: string; filterShape: number[] };
      if (a.dataFormat !== undefined && a.dataFormat !== 'NHWC') throw new Error('Conv2DBackpropFilter (bench shim): NHWC only');
      const [N, H, W, C] = x.shape;
      const [, OH, OW, O] = dy.shape;
      const [kH, kW] = a.filterShape;
      const s = typeof a.strides === 'number' ? [a.strides, a.strides] : a.strides;
      const out = (conv3d.kernelFunc as unknown as (args: unknown) => tf.TensorInfo)({
        inputs: { x: { ...x, shape: [N, 1, H, W, C] }, dy: { ...dy, shape: [N, 1, OH, OW, O] } },
        backend,
        attrs: { strides: [1, s[0], s[1]], pad: a.pad, filterShape: [1, kH, kW, C, O] },
      });
      return { ...out, shape: [kH, kW, C, O] };
    },
  });
  registered = true;
}

/** A training step of a tfjs-layers model on a fixed batch: softmax cross-entropy, plain SGD. */
export function tfjsModelStep(model: tfl.LayersModel, x: tf.Tensor, labels: Int32Array, classes: number, lr: number): () => number {
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
  const opt = tf.train.sgd(lr);
  return () =>
    tf.tidy(() => {
      const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true);
      return loss!.dataSync()[0];
    });
}
